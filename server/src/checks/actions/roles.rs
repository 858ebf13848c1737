//! `iam:PassRole` and `iam:CreateServiceLinkedRole` allowed on every role: Access Analyzer's
//! `PASS_ROLE_*` and `CREATE_SLR_*` checks, one per way a statement can reach the action
//! (named, through a wildcard, through `NotAction`) and every role (`*`, `role/*`, `NotResource`).

use crate::catalog::{has_wildcard, matches_wildcard};
use crate::checks::edit::json_string;
use crate::checks::memo::Local;
use crate::checks::pattern::covers;
use crate::checks::resources::arn::fields;
use crate::checks::{Context, Edit, Finding, Rule, Severity, Stmt};
use crate::policy::{Operator, OperatorFamily, PolicyType, Statement, Str, StrList};

/// Policy types whose statements grant permissions by themselves. SCPs and RCPs only set limits
/// (their `"Action": "*", "Resource": "*"` statement is the default `FullAWSAccess`), and no
/// resource or trust policy can grant these IAM actions: roles have no other resource policy.
/// Limit-only types added later (VPC endpoint policies, boundaries, session policies) stay out
/// by not being listed.
const GRANTING: &[PolicyType] = &[PolicyType::Identity];

const fn warning(
    code: &'static str,
    summary: &'static str,
    explanation: &'static str,
    bad: &'static str,
    good: &'static str,
) -> Rule {
    Rule::new(code, Severity::Warning, summary, explanation, bad, good).only(GRANTING)
}

pub(in crate::checks) const RULES: &[Rule] = &[
    warning(
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        "`iam:PassRole` is allowed on every role.",
        "Passing a role lets a service (EC2, Lambda, CloudFormation…) act with that role's permissions. \
         Allowing `iam:PassRole` with `\"Resource\": \"*\"` (or `arn:aws:iam::*:role/*`) lets the holder hand \
         any role, including administrator roles, to a service they control: a privilege escalation path. Name \
         the roles, or restrict the service with `iam:PassedToService` (or the resource with \
         `iam:AssociatedResourceARN`); a condition on either key with an operator other than `…IfExists` and \
         `Null` silences the finding, as in Access Analyzer. Reported in identity policies only: SCPs, RCPs \
         and resource policies grant no `iam:PassRole` by themselves.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}"#,
    ),
    warning(
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        "A wildcard action (`*`, `iam:*`, `iam:Pass*`) allows `iam:PassRole` on every role.",
        "The same escalation path as `PASS_ROLE_WITH_STAR_IN_RESOURCE`, reached through a wildcard in \
         `Action`, so it is easy to miss when reviewing the policy. Name the roles in `Resource`, or restrict \
         the service with `iam:PassedToService`.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::111122223333:role/app-*"}]}"#,
    ),
    warning(
        "PASS_ROLE_WITH_NOT_RESOURCE",
        "`iam:PassRole` is allowed with `NotResource`: on every role but the listed ones.",
        "`NotResource` grants everything it does not list, including roles created later. With `iam:PassRole` \
         the holder can pass all those roles to a service they control. List the roles that may be passed in \
         `Resource` instead, and restrict the service with `iam:PassedToService`.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::111122223333:role/admin"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*"}]}"#,
    ),
    warning(
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        "A wildcard action allows `iam:PassRole` with `NotResource`.",
        "A wildcard in `Action` (`*`, `iam:*`, `iam:Pass*`) includes `iam:PassRole`, and `NotResource` extends \
         it to every role not listed, including roles created later. List the roles in `Resource` instead.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Pass*", "NotResource": "arn:aws:iam::111122223333:role/admin"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Pass*", "Resource": "arn:aws:iam::111122223333:role/app-*"}]}"#,
    ),
    warning(
        "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        "`NotAction` with a wildcard resource allows `iam:PassRole` on every role.",
        "`NotAction` allows every action it does not list; unless it lists `iam:PassRole`, the statement lets \
         its holder pass any role to a service they control. Add `iam:PassRole` to `NotAction` (and grant it \
         separately on named roles), or name the resources.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:*", "iam:PassRole"], "Resource": "*"}]}"#,
    ),
    warning(
        "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        "`NotAction` with `NotResource` allows `iam:PassRole` on every role not listed.",
        "Both negations together allow nearly everything: every action `NotAction` does not list, `iam:PassRole` \
         included, on every resource `NotResource` does not list. Add `iam:PassRole` to `NotAction`, or \
         rewrite the statement with `Action` and `Resource`.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:iam::111122223333:role/admin"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:*", "iam:*"], "NotResource": "arn:aws:iam::111122223333:role/admin"}]}"#,
    ),
    warning(
        "CREATE_SLR_WITH_STAR_IN_RESOURCE",
        "`iam:CreateServiceLinkedRole` is allowed on every role.",
        "A service-linked role lets an AWS service act in the account with permissions the service defines. \
         Allowing `iam:CreateServiceLinkedRole` on `*` lets the holder create the service-linked role of any \
         service. Name the roles (`arn:aws:iam::*:role/aws-service-role/SERVICE.amazonaws.com/*`), or restrict \
         the service with the `iam:AWSServiceName` condition key, which silences the finding.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": {"StringEquals": {"iam:AWSServiceName": "autoscaling.amazonaws.com"}}}]}"#,
    ),
    warning(
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
        "A wildcard action (`*`, `iam:*`, `iam:Create*`) allows `iam:CreateServiceLinkedRole` on every role.",
        "The wildcard includes `iam:CreateServiceLinkedRole`, so the holder can create the service-linked role \
         of any service. Name the roles in `Resource`, or restrict the service with `iam:AWSServiceName`.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Create*", "Resource": "*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Create*", "Resource": "arn:aws:iam::111122223333:role/app-*"}]}"#,
    ),
    warning(
        "CREATE_SLR_WITH_NOT_RESOURCE",
        "`iam:CreateServiceLinkedRole` is allowed with `NotResource`.",
        "`NotResource` extends the permission to every role it does not list, so the holder can create \
         service-linked roles of services the author did not mean. Name the roles in `Resource` instead.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "NotResource": "arn:aws:iam::111122223333:role/admin"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::*:role/aws-service-role/autoscaling.amazonaws.com/*"}]}"#,
    ),
    warning(
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        "A wildcard action allows `iam:CreateServiceLinkedRole` with `NotResource`.",
        "A wildcard in `Action` includes `iam:CreateServiceLinkedRole`, and `NotResource` extends it to every \
         role not listed. Name the roles in `Resource` instead.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Create*", "NotResource": "arn:aws:iam::111122223333:role/admin"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Create*", "Resource": "arn:aws:iam::111122223333:role/app-*"}]}"#,
    ),
    warning(
        "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        "`NotAction` with a wildcard resource allows `iam:CreateServiceLinkedRole` on every role.",
        "Unless `NotAction` lists it, `iam:CreateServiceLinkedRole` is among the actions allowed, on every \
         resource. Add `iam:CreateServiceLinkedRole` to `NotAction`, or name the resources.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:*", "iam:CreateServiceLinkedRole"], "Resource": "*"}]}"#,
    ),
    warning(
        "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        "`NotAction` with `NotResource` allows `iam:CreateServiceLinkedRole` on every role not listed.",
        "Both negations together allow every action `NotAction` does not list on every resource `NotResource` \
         does not list, `iam:CreateServiceLinkedRole` included. Add it to `NotAction`, or rewrite the \
         statement with `Action` and `Resource`.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:iam::111122223333:role/admin"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:*", "iam:*"], "NotResource": "arn:aws:iam::111122223333:role/admin"}]}"#,
    ),
];

/// One sensitive IAM action and the codes of its family, in the order of [`Reach`] × [`Scope`].
struct Sensitive {
    action: &'static str,
    /// Condition keys that restrict what the action can do, silencing the family.
    keys: &'static [&'static str],
    /// What the holder can do, for messages.
    risk: &'static str,
    /// `[named, wildcard, NotAction]` × `[star resource, NotResource]`.
    codes: [[&'static str; 2]; 3],
}

const FAMILY: [Sensitive; 2] = [
    Sensitive {
        action: "iam:PassRole",
        keys: &["iam:PassedToService", "iam:AssociatedResourceARN"],
        risk: "pass any role, administrators included, to a service they control",
        codes: [
            ["PASS_ROLE_WITH_STAR_IN_RESOURCE", "PASS_ROLE_WITH_NOT_RESOURCE"],
            ["PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"],
            ["PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE"],
        ],
    },
    Sensitive {
        action: "iam:CreateServiceLinkedRole",
        keys: &["iam:AWSServiceName"],
        risk: "create the service-linked role of any AWS service",
        codes: [
            ["CREATE_SLR_WITH_STAR_IN_RESOURCE", "CREATE_SLR_WITH_NOT_RESOURCE"],
            ["CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"],
            ["CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE"],
        ],
    },
];

/// How the statement reaches the action.
enum Reach<'s> {
    Named(&'s Str),
    Wildcard(&'s Str),
    NotAction(&'s StrList),
}

/// Which roles it reaches.
enum Scope<'s> {
    Star(&'s Str),
    NotResource(&'s StrList),
}

pub(in crate::checks) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    if GRANTING.contains(&stmt.policy.policy_type) && stmt.statement.is_allow() {
        check(ctx, stmt.statement, &mut local.findings);
    }
}

fn check(ctx: &Context<'_>, statement: &Statement, out: &mut Vec<Finding>) {
    for sensitive in &FAMILY {
        if restricted(statement, sensitive.keys) {
            continue;
        }
        // The scope only once the action is reached: most statements reach neither action.
        let Some(reach) = reach(statement, sensitive.action) else { continue };
        let Some(scope) = scope(statement) else { continue };
        out.push(finding(ctx, sensitive, &reach, &scope));
    }
}

fn reach<'s>(statement: &'s Statement, action: &str) -> Option<Reach<'s>> {
    if let Some(list) = &statement.action {
        // One pass: the entry naming the action, else the first pattern matching it. A pattern
        // can only match if it starts like the action or with a wildcard, which rules out most
        // entries before any search.
        let first = action.as_bytes().first().copied();
        let may_match = |p: &str| {
            p.bytes()
                .next()
                .is_some_and(|b| matches!(b, b'*' | b'?') || first.is_some_and(|f| b.eq_ignore_ascii_case(&f)))
        };
        let mut wildcard = None;
        for a in &list.items {
            if a.value.eq_ignore_ascii_case(action) {
                return Some(Reach::Named(a));
            }
            if wildcard.is_none() && may_match(&a.value) && has_wildcard(&a.value) && matches_wildcard(&a.value, action)
            {
                wildcard = Some(a);
            }
        }
        return wildcard.map(Reach::Wildcard);
    }
    let list = statement.not_action.as_ref()?;
    (!list.items.iter().any(|a| matches_wildcard(&a.value, action))).then_some(Reach::NotAction(list))
}

fn scope(statement: &Statement) -> Option<Scope<'_>> {
    if let Some(list) = &statement.resource {
        return list.items.iter().find(|r| every_role(&r.value)).map(Scope::Star);
    }
    let list = statement.not_resource.as_ref()?;
    // `NotResource` that lists every role leaves the action nothing to apply to.
    (!list.items.iter().any(|r| every_role(&r.value))).then_some(Scope::NotResource(list))
}

/// Does the resource pattern match every role (of its account): `*`, `arn:aws:iam::*:role/*`,
/// `arn:aws:iam::111122223333:*`? A path or name prefix (`role/app-*`, `role/Service*`) does not.
pub(super) fn every_role(pattern: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let f = fields(pattern);
    let field = |i: usize| f.get(i).map_or("*", |f| f.text);
    let roles = format!("arn:{}:iam:{}:{}:role/*", field(1), field(3), field(4));
    covers(pattern, &roles, false)
}

/// A condition on one of the keys, with an operator that must find the key (`…IfExists` and
/// `Null` let requests without it through) and values that each name a service.
fn restricted(statement: &Statement, keys: &[&str]) -> bool {
    let Some(condition) = &statement.condition else { return false };
    condition.blocks.iter().any(|block| {
        Operator::parse(&block.operator.value).is_some_and(|op| !op.if_exists && op.family != OperatorFamily::Null)
            && block.entries.iter().any(|e| {
                keys.iter().any(|k| k.eq_ignore_ascii_case(&e.key.value))
                    && e.values.iter().all(|v| names_service(&v.text))
            })
    })
}

/// Whether a service-principal pattern keeps a service: a wildcard at the end
/// (`ec2.amazonaws.com*`) or before a whole label (`*.sagemaker.amazonaws.com`) does, a leading
/// one inside a label (`*a4b.amazonaws.com`, `*`) matches names of any service. Access Analyzer
/// agrees on AWS's policies: it reports `CREATE_SLR_WITH_STAR_IN_RESOURCE` on
/// AlexaForBusinessFullAccess (`*a4b.amazonaws.com`) and nothing on AutoScalingServiceRolePolicy
/// (`ec2.amazonaws.com*`).
fn names_service(pattern: &str) -> bool {
    let rest = pattern.trim_start_matches(['*', '?']);
    rest.len() == pattern.len() || rest.starts_with('.')
}

fn finding(ctx: &Context<'_>, sensitive: &Sensitive, reach: &Reach<'_>, scope: &Scope<'_>) -> Finding {
    let action = sensitive.action;
    let (row, how, related) = match reach {
        Reach::Named(item) => (0, String::new(), (item.range, format!("`{action}` is allowed here"))),
        Reach::Wildcard(item) => {
            (1, format!(" (through `{}`)", item.value), (item.range, format!("`{}` includes `{action}`", item.value)))
        }
        Reach::NotAction(list) => (
            2,
            " (NotAction does not exclude it)".to_owned(),
            (list.key, format!("NotAction does not list `{action}`")),
        ),
    };
    let (column, range, roles) = match scope {
        Scope::Star(item) => (0, item.range, format!("on every role (`{}`)", item.value)),
        Scope::NotResource(list) => (1, list.key, "on every role NotResource does not list".to_owned()),
    };
    let code = sensitive.codes[row][column];
    let mut finding = ctx
        .finding(
            code,
            range,
            format!(
                "The statement allows `{action}`{how} {roles}, so its holder can {}. Name the roles in `Resource`{}.",
                sensitive.risk,
                match sensitive.keys {
                    [first, ..] => format!(" or add a condition on `{first}`"),
                    [] => String::new(),
                }
            ),
        )
        .with_related(related.0, related.1);
    if let Reach::NotAction(list) = reach {
        let edit = append_item(ctx.text, list, action);
        finding = finding.with_fix(format!("Add `{action}` to NotAction"), vec![edit], false);
    }
    finding
}

/// Adds a string to a list element: after its last item, or turning a single string into an array.
fn append_item(text: &str, list: &StrList, value: &str) -> Edit {
    let quoted = json_string(value);
    match list.items.last() {
        Some(last) if list.is_array => Edit::insert(last.range.end, format!(", {quoted}")),
        _ if list.is_array => Edit::replace(list.range, format!("[{quoted}]")),
        _ => Edit::replace(list.range, format!("[{}, {quoted}]", &text[list.range.start..list.range.end])),
    }
}

#[cfg(test)]
mod tests {
    use super::{every_role, names_service};

    #[test]
    fn service_patterns() {
        for p in ["ec2.amazonaws.com", "ec2.amazonaws.com*", "*.sagemaker.amazonaws.com", "dms.*.amazonaws.com"] {
            assert!(names_service(p), "{p}");
        }
        for p in ["*", "*a4b.amazonaws.com", "?c2.amazonaws.com"] {
            assert!(!names_service(p), "{p}");
        }
    }

    #[test]
    fn every_role_patterns() {
        for p in [
            "*",
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::111122223333:role/*",
            "arn:aws:iam::*:*",
            "arn:*:iam::*:role*",
            "arn:aws:*:*:*:*",
            "arn:*",
        ] {
            assert!(every_role(p), "{p}");
        }
        for p in [
            "arn:aws:iam::*:role/app-*",
            "arn:aws:iam::*:role/Service*",
            "arn:aws:iam::*:role/aws-service-role/*",
            "arn:aws:s3:::*",
            "arn:aws:iam::*:user/*",
        ] {
            assert!(!every_role(p), "{p}");
        }
    }
}
