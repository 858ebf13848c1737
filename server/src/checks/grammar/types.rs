//! What each policy type forbids or requires beyond the common grammar: role trust policies name no
//! resource, SCPs no principal, RCPs deny actions of the services they support for `"*"`, and no
//! policy mixes statements with and without a `Principal`.

use crate::checks::{Context, Edit, Finding, Rule, Severity, Stmt, Types};
use crate::policy::{Policy, PolicyType, PrincipalValue, RCP_SERVICES, Statement, is_rcp_action};
use crate::syntax::Node;

use super::with_removal;

pub(super) const ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: Rule = Rule {
    code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
    types: Types::only(&[PolicyType::Trust]),
    severity: Severity::Error,
    summary: "A role trust policy statement names a `Resource` or `NotResource`.",
    explanation: "A trust policy applies to the role it is attached to, so it names no resource; IAM \
        rejects `Resource` and `NotResource` in it. Remove the element.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
}"#,
};

pub(super) const ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: Rule = Rule {
    code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
    types: Types::only(&[PolicyType::Trust]),
    severity: Severity::Error,
    summary: "A role trust policy statement uses `NotPrincipal`.",
    explanation: "Role trust policies do not support `NotPrincipal`: name who may assume the role with \
        `Principal`, and exclude principals with a condition (`aws:PrincipalArn`) if needed.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]
}"#,
};

pub(super) const SCP_SYNTAX_ERROR_PRINCIPAL: Rule = Rule {
    code: "SCP_SYNTAX_ERROR_PRINCIPAL",
    types: Types::only(&[PolicyType::Scp]),
    severity: Severity::Error,
    summary: "A service control policy names a `Principal` or `NotPrincipal`.",
    explanation: "SCPs apply to the IAM users and roles of the accounts they are attached to and do not \
        support `Principal` or `NotPrincipal`. To exempt or target principals, use the \
        `aws:PrincipalArn` condition key. Since September 2025 SCPs otherwise support the full IAM \
        policy language (conditions and `NotAction` in `Allow`, resource ARNs, `NotResource`, wildcards \
        anywhere in an action), so iam-lsp reports no other SCP-only syntax errors.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Admin"}, "Action": "iam:*", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}}]
}"#,
};

pub(super) const RCP_SYNTAX_ERROR_PRINCIPAL: Rule = Rule {
    code: "RCP_SYNTAX_ERROR_PRINCIPAL",
    types: Types::only(&[PolicyType::Rcp]),
    severity: Severity::Error,
    summary: "An RCP's `Principal` is not `\"*\"`, or it uses `NotPrincipal`.",
    explanation: "Resource control policies support only all principals (`\"Principal\": \"*\"`) and not \
        `NotPrincipal`; narrow who a statement applies to with conditions such as \
        `aws:PrincipalOrgID` or `aws:PrincipalIsAWSService`.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]
}"#,
};

pub(super) const RCP_SYNTAX_ERROR_ALLOW: Rule = Rule {
    code: "RCP_SYNTAX_ERROR_ALLOW",
    types: Types::only(&[PolicyType::Rcp]),
    severity: Severity::Error,
    summary: "An RCP `Allow` statement is not the `RCPFullAWSAccess` statement.",
    explanation: "RCPs restrict; they grant nothing. The only `Allow` they support is the one of \
        `RCPFullAWSAccess`: all principals (`\"*\"`), all actions, all resources (`\"*\"`) and no \
        `Condition`. Write restrictions as `Deny` statements.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}]
}"#,
};

pub(super) const RCP_SYNTAX_ERROR_NOTACTION: Rule = Rule {
    code: "RCP_SYNTAX_ERROR_NOTACTION",
    types: Types::only(&[PolicyType::Rcp]),
    severity: Severity::Error,
    summary: "An RCP statement uses `NotAction`.",
    explanation: "Resource control policies do not support `NotAction`; list the actions with `Action`.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}]
}"#,
};

pub(super) const RCP_SYNTAX_ERROR_ACTION: Rule = Rule {
    code: "RCP_SYNTAX_ERROR_ACTION",
    types: Types::only(&[PolicyType::Rcp]),
    severity: Severity::Error,
    summary: "An RCP action belongs to a service RCPs do not support.",
    explanation: "Resource control policies apply only to the resources of some services: Amazon S3, \
        AWS STS, Amazon SQS, AWS Secrets Manager, AWS KMS, Amazon ECR, Amazon OpenSearch Serverless, \
        Amazon Cognito (user pools and identity pools), Amazon CloudWatch Logs and Amazon DynamoDB \
        (`s3`, `sts`, `sqs`, `secretsmanager`, `kms`, `ecr`, `aoss`, `cognito-idp`, `cognito-identity`, \
        `logs`, `dynamodb`; AWS adds services over time). Actions of other services are rejected.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sqs:*"], "Resource": "*"}]
}"#,
};

pub(super) const MIXED_PRINCIPAL_STATEMENTS: Rule = Rule {
    code: "MIXED_PRINCIPAL_STATEMENTS",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "Some statements of a policy name a `Principal` and others do not.",
    explanation: "Statements with a `Principal` belong in resource, trust, endpoint and resource \
        control policies, statements without one in identity policies, boundaries, session policies \
        and SCPs; no policy type accepts both, so AWS rejects the policy whatever it is attached to. \
        Usually a trust statement and a permissions statement were pasted into one document: split \
        them. (When the policy type is set, `MISSING_PRINCIPAL` or `UNSUPPORTED_PRINCIPAL` report the \
        same mistake per statement.)",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "*"}
    ]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
}"#,
};

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for policy in &ctx.document.policies {
        mixed(ctx, policy, out);
    }
}

pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, out: &mut Vec<Finding>) {
    match stmt.policy.policy_type {
        PolicyType::Trust => trust(ctx, stmt.node, out),
        PolicyType::Scp => scp(ctx, stmt.node, out),
        PolicyType::Rcp => rcp(ctx, stmt.statement, stmt.node, out),
        _ => {}
    }
}

/// Findings on the members named `elements`, each with a fix that removes it.
fn forbidden(
    ctx: &Context<'_>,
    node: &Node,
    elements: &[&str],
    code: &'static str,
    message: impl Fn(&str) -> String,
) -> Vec<Finding> {
    let members = node.as_object().unwrap_or_default();
    members
        .iter()
        .enumerate()
        .filter(|(_, m)| elements.contains(&m.key.text.as_str()))
        .map(|(i, m)| {
            let finding = ctx.finding(code, m.key.range, message(&m.key.text));
            with_removal(ctx, finding, members, i, format!("Remove `{}`", m.key.text), false)
        })
        .collect()
}

fn trust(ctx: &Context<'_>, node: &Node, out: &mut Vec<Finding>) {
    out.extend(forbidden(ctx, node, &["Resource", "NotResource"], "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", |e| {
        format!("Role trust policies apply to the role they are attached to and name no resource: remove `{e}`.")
    }));
    out.extend(forbidden(ctx, node, &["NotPrincipal"], "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", |_| {
        "Role trust policies do not support `NotPrincipal`: use `Principal` instead.".to_owned()
    }));
}

fn scp(ctx: &Context<'_>, node: &Node, out: &mut Vec<Finding>) {
    out.extend(forbidden(ctx, node, &["Principal", "NotPrincipal"], "SCP_SYNTAX_ERROR_PRINCIPAL", |e| {
        format!(
            "SCPs do not support `{e}`: remove it, and name principals with the `aws:PrincipalArn` condition key \
             instead."
        )
    }));
}

fn rcp(ctx: &Context<'_>, statement: &Statement, node: &Node, out: &mut Vec<Finding>) {
    out.extend(forbidden(ctx, node, &["NotPrincipal"], "RCP_SYNTAX_ERROR_PRINCIPAL", |_| {
        "RCPs do not support `NotPrincipal`: use `\"Principal\": \"*\"` with conditions.".to_owned()
    }));
    if let Some(p) = &statement.principal
        && !matches!(&p.value, PrincipalValue::Str(s) if &*s.value == "*")
    {
        let finding = ctx.finding(
            "RCP_SYNTAX_ERROR_PRINCIPAL",
            p.range,
            "RCPs only support all principals (`\"*\"`) in `Principal`: use `\"*\"` and narrow with conditions \
             (`aws:PrincipalOrgID`, `aws:PrincipalAccount`…).",
        );
        // `{"AWS": "*"}` means the same as `"*"` everywhere else; here it must be written as `"*"`.
        let all_aws = matches!(&p.value, PrincipalValue::Map(entries)
            if entries.len() == 1 && &*entries[0].kind.value == "AWS" && entries[0].values.iter().all(|v| &*v.value == "*"));
        out.push(if all_aws {
            finding.with_fix("Change to \"*\"", vec![Edit::replace(p.range, "\"*\"".to_owned())], true)
        } else {
            finding
        });
    }
    out.extend(forbidden(ctx, node, &["NotAction"], "RCP_SYNTAX_ERROR_NOTACTION", |_| {
        "RCPs do not support `NotAction`: list the actions to deny with `Action`.".to_owned()
    }));
    for action in statement.action.iter().flat_map(|a| &a.items) {
        if !is_rcp_action(&action.value) {
            out.push(ctx.finding(
                "RCP_SYNTAX_ERROR_ACTION",
                action.range,
                format!("`{}` is not an action of a service RCPs support ({}).", action.value, RCP_SERVICES.join(", ")),
            ));
        }
    }
    if statement.is_allow() {
        allow(ctx, statement, out);
    }
}

/// An RCP `Allow` must be `RCPFullAWSAccess`: `*` principal, action and resource, no condition.
fn allow(ctx: &Context<'_>, statement: &Statement, out: &mut Vec<Finding>) {
    let Some(effect) = &statement.effect else { return };
    let star = |items: &[crate::policy::Str]| items.len() == 1 && &*items[0].value == "*";
    let mut wrong = Vec::new();
    if !statement.action.as_ref().is_some_and(|a| star(&a.items)) {
        wrong.push("`Action` is not `\"*\"`");
    }
    if !statement.resource.as_ref().is_some_and(|r| star(&r.items)) {
        wrong.push("`Resource` is not `\"*\"`");
    }
    if statement.condition.is_some() {
        wrong.push("it has a `Condition`");
    }
    if wrong.is_empty() {
        return;
    }
    out.push(ctx.finding(
        "RCP_SYNTAX_ERROR_ALLOW",
        effect.range,
        format!(
            "RCPs allow only as `RCPFullAWSAccess` does (all principals, actions and resources, no `Condition`), but \
             {}: write the restriction as a `Deny` statement.",
            wrong.join(" and ")
        ),
    ));
}

/// A policy whose statements are split between having and lacking a `Principal` is no policy type;
/// reported when the type was inferred (with a type set, the per-statement rules report it).
fn mixed(ctx: &Context<'_>, policy: &Policy, out: &mut Vec<Finding>) {
    if policy.type_explicit {
        return;
    }
    let names = |s: &&Statement| s.principal.is_some() || s.not_principal.is_some();
    let (Some(with), Some(without)) =
        (policy.statements.iter().find(names), policy.statements.iter().find(|s| !names(s)))
    else {
        return;
    };
    let at = without
        .effect
        .as_ref()
        .map_or(crate::syntax::TextRange::new(without.range.start, without.range.start + 1), |e| e.range);
    let key = with.principal.as_ref().or(with.not_principal.as_ref()).map(|p| p.key).unwrap_or(with.range);
    out.push(
        ctx.finding(
            "MIXED_PRINCIPAL_STATEMENTS",
            at,
            format!(
                "{} names no `Principal` but {} does: no policy type accepts both kinds of statement; split them \
                 into an identity policy and a resource or trust policy.",
                without.label(),
                with.label()
            ),
        )
        .with_related(key, "this statement names a principal"),
    );
}
