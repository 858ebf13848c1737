//! The elements every statement needs, their values, and `Sid`s.

use rustc_hash::FxHashMap;

use crate::checks::edit::replace_string;
use crate::checks::{Context, Finding, Rule, Severity, Stmt, Types};
use crate::policy::{Policy, PolicyType, STATEMENT_ELEMENTS, Str};
use crate::syntax::Node;

use super::tree::{has_element, opening, policies, statement_nodes};
use super::with_removal;

pub(super) const MISSING_EFFECT: Rule = Rule {
    code: "MISSING_EFFECT",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "A statement has no `Effect`.",
    explanation: "Every statement must say whether it allows or denies: `\"Effect\": \"Allow\"` or \
        `\"Effect\": \"Deny\"`. IAM rejects a statement without one.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Action": "s3:GetObject", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
};

pub(super) const INVALID_EFFECT: Rule = Rule {
    code: "INVALID_EFFECT",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "`Effect` is not exactly `Allow` or `Deny`.",
    explanation: "`Effect` takes exactly `Allow` or `Deny`, case-sensitive; IAM rejects `allow`, \
        `DENY` or `Permit`.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
};

pub(super) const MISSING_ACTION: Rule = Rule {
    code: "MISSING_ACTION",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "A statement has neither `Action` nor `NotAction`.",
    explanation: "Every statement must name the actions it applies to with `Action` or `NotAction`; \
        IAM rejects a statement with neither.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
};

pub(super) const MISSING_RESOURCE: Rule = Rule {
    code: "MISSING_RESOURCE",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "An identity policy, boundary, session policy, SCP or RCP statement has neither `Resource` nor `NotResource`.",
    explanation: "Identity-based policies, permissions boundaries, session policies, service control \
        policies and resource control policies must name the resources each statement applies to \
        (`\"Resource\": \"*\"` for all). Trust policies and some resource policies may omit it, because \
        the resource is the one the policy is attached to.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
};

pub(super) const UNSUPPORTED_ELEMENT_COMBINATION: Rule = Rule {
    code: "UNSUPPORTED_ELEMENT_COMBINATION",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "A statement has both an element and its `Not` form.",
    explanation: "`Action` and `NotAction`, `Resource` and `NotResource`, `Principal` and \
        `NotPrincipal` exclude each other: a statement uses one of each pair. IAM rejects a statement \
        with both.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "s3:*", "NotAction": "s3:GetObject", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"}]
}"#,
};

pub(super) const UNSUPPORTED_SID: Rule = Rule {
    code: "UNSUPPORTED_SID",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "A `Sid` in an identity policy has characters other than ASCII letters and digits.",
    explanation: "In identity-based policies IAM accepts only ASCII letters (A-Z, a-z) and digits \
        (0-9) in a `Sid`. Resource-based policies allow more, but the IAM console rejects spaces, \
        dashes or underscores in identity policies.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Sid": "read-only access", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Sid": "ReadOnlyAccess", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
};

pub(super) const EMPTY_SID_VALUE: Rule = Rule {
    code: "EMPTY_SID_VALUE",
    types: Types::ALL,
    severity: Severity::Info,
    summary: "`Sid` is an empty string.",
    explanation: "A `Sid` is optional; an empty one identifies nothing. Remove it or give the \
        statement a name.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
};

pub(super) const UNIQUE_SIDS_REQUIRED: Rule = Rule {
    code: "UNIQUE_SIDS_REQUIRED",
    types: Types::only(&[
        PolicyType::Identity,
        PolicyType::Trust,
        PolicyType::Boundary,
        PolicyType::Scp,
        PolicyType::Rcp,
    ]),
    severity: Severity::Error,
    summary: "Two statements of a policy IAM or Organizations stores share a `Sid`.",
    explanation: "A `Sid` identifies one statement, so IAM (identity policies, boundaries, role trust \
        policies) and Organizations (SCPs, RCPs) reject a policy in which two statements share one.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}
    ]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "ListBuckets", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}
    ]
}"#,
};

pub(super) const UNIQUE_SIDS_RECOMMENDED: Rule = Rule {
    code: "UNIQUE_SIDS_RECOMMENDED",
    types: Types::only(&[PolicyType::Resource, PolicyType::Endpoint, PolicyType::Session]),
    severity: Severity::Warning,
    summary: "Two statements of a resource, endpoint or session policy share a `Sid`.",
    explanation: "Services that store resource-based policies (S3, SQS, SNS…) treat a `Sid` as a sub-ID \
        of the policy's `Id` and some accept duplicates, but AWS recommends unique `Sid`s: tools and \
        people refer to statements by them.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"},
        {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}
    ]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "ReadObjects", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"},
        {"Sid": "ListBucket", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}
    ]
}"#,
};

/// Element pairs of which a statement may hold only one.
const EXCLUSIVE: &[(&str, &str)] =
    &[("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")];

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for (policy, root) in policies(ctx) {
        let sids: Vec<&str> = policy.statements.iter().filter_map(|s| s.sid.as_ref()).map(|s| &*s.value).collect();
        // A Sid cleaned of unsupported characters must not become one that another has, or will have.
        let mut taken: FxHashMap<String, usize> = FxHashMap::default();
        for sid in &sids {
            *taken.entry(sid.to_string()).or_default() += 1;
            if !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
                *taken.entry(alphanumeric(sid)).or_default() += 1;
            }
        }
        // The cleaned Sid offered depends on the others: not a statement rule.
        for node in statement_nodes(root) {
            sid(ctx, policy, &taken, node, out);
        }
        unique_sids(ctx, policy, out);
    }
}

pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, out: &mut Vec<Finding>) {
    required(ctx, stmt.policy, stmt.node, out);
    effect(ctx, stmt.node, out);
    combinations(ctx, stmt.node, out);
}

fn required(ctx: &Context<'_>, policy: &Policy, node: &Node, out: &mut Vec<Finding>) {
    let at = opening(node);
    if !has_element(node, STATEMENT_ELEMENTS, "Effect") {
        out.push(ctx.finding(
            "MISSING_EFFECT",
            at,
            "This statement has no `Effect`; IAM rejects it: add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`.",
        ));
    }
    if !has_element(node, STATEMENT_ELEMENTS, "Action") && !has_element(node, STATEMENT_ELEMENTS, "NotAction") {
        out.push(ctx.finding(
            "MISSING_ACTION",
            at,
            "This statement has neither `Action` nor `NotAction`, so IAM rejects it.",
        ));
    }
    if (policy.policy_type.is_identity_grammar() || matches!(policy.policy_type, PolicyType::Scp | PolicyType::Rcp))
        && !has_element(node, STATEMENT_ELEMENTS, "Resource")
        && !has_element(node, STATEMENT_ELEMENTS, "NotResource")
    {
        out.push(ctx.finding(
            "MISSING_RESOURCE",
            at,
            format!(
                "This statement has neither `Resource` nor `NotResource`, which every statement of {} needs; \
                 AWS rejects it (use `\"Resource\": \"*\"` for all resources).",
                policy.policy_type.with_article()
            ),
        ));
    }
}

fn effect(ctx: &Context<'_>, node: &Node, out: &mut Vec<Finding>) {
    for m in node.members("Effect") {
        let Some(value) = m.value.as_str() else { continue };
        if value == "Allow" || value == "Deny" {
            continue;
        }
        let fixed = ["Allow", "Deny"].into_iter().find(|e| e.eq_ignore_ascii_case(value.trim()));
        let finding = ctx.finding(
            "INVALID_EFFECT",
            m.value.range,
            format!("`Effect` \"{value}\" is not `Allow` or `Deny` (case-sensitive), so IAM rejects the statement."),
        );
        out.push(match fixed {
            Some(e) => finding.with_fix(format!("Change to \"{e}\""), vec![replace_string(m.value.range, e)], true),
            None => finding,
        });
    }
}

fn combinations(ctx: &Context<'_>, node: &Node, out: &mut Vec<Finding>) {
    for (plain, not) in EXCLUSIVE {
        let (Some(a), Some(b)) = (node.members(plain).next(), node.members(not).next()) else { continue };
        let (first, later) = if a.key.range.start < b.key.range.start { (a, b) } else { (b, a) };
        out.push(
            ctx.finding(
                "UNSUPPORTED_ELEMENT_COMBINATION",
                later.key.range,
                format!("A statement cannot have both `{plain}` and `{not}`; IAM rejects it: keep one of them."),
            )
            .with_related(first.key.range, format!("`{}` is here", first.key.text)),
        );
    }
}

fn sid(ctx: &Context<'_>, policy: &Policy, taken: &FxHashMap<String, usize>, node: &Node, out: &mut Vec<Finding>) {
    let members = node.as_object().unwrap_or_default();
    for (i, m) in members.iter().enumerate().filter(|(_, m)| m.key.text == "Sid") {
        let Some(value) = m.value.as_str() else { continue };
        if value.is_empty() {
            let finding =
                ctx.finding("EMPTY_SID_VALUE", m.value.range, "`Sid` is empty, so it identifies nothing; remove it.");
            out.push(with_removal(ctx, finding, members, i, "Remove the empty \"Sid\"", true));
            continue;
        }
        if !policy.policy_type.is_identity_grammar() || value.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let bad: String = value.chars().filter(|c| !c.is_ascii_alphanumeric()).collect();
        let shown: Vec<String> =
            dedup_chars(&bad).iter().map(|&c| if c == ' ' { "spaces".to_owned() } else { format!("`{c}`") }).collect();
        let finding = ctx.finding(
            "UNSUPPORTED_SID",
            m.value.range,
            format!(
                "`Sid` \"{value}\" contains {}, but identity policies accept only ASCII letters and digits in a \
                 `Sid`, so IAM rejects the policy.",
                listing(&shown)
            ),
        );
        let clean = alphanumeric(value);
        out.push(if clean.is_empty() || taken.get(&clean).is_some_and(|&n| n > 1) {
            finding
        } else {
            finding.with_fix(format!("Change to \"{clean}\""), vec![replace_string(m.value.range, &clean)], true)
        });
    }
}

fn alphanumeric(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// `a`, `a and b`, `a, b and c`.
fn listing(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

fn dedup_chars(s: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in s.chars() {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

fn unique_sids(ctx: &Context<'_>, policy: &Policy, out: &mut Vec<Finding>) {
    let (code, must) = if UNIQUE_SIDS_RECOMMENDED.types.contains(policy.policy_type) {
        ("UNIQUE_SIDS_RECOMMENDED", "should")
    } else {
        ("UNIQUE_SIDS_REQUIRED", "must")
    };
    let mut first: FxHashMap<&str, &Str> = FxHashMap::default();
    for sid in policy.statements.iter().filter_map(|s| s.sid.as_ref()).filter(|s| !s.value.is_empty()) {
        match first.get(&*sid.value) {
            Some(earlier) => out.push(
                ctx.finding(
                    code,
                    sid.range,
                    format!(
                        "`Sid` \"{}\" is already used by another statement; each `Sid` {must} be unique in {}.",
                        sid.value,
                        policy.policy_type.with_article()
                    ),
                )
                .with_related(earlier.range, "the first statement with this `Sid`"),
            ),
            None => {
                first.insert(&sid.value, sid);
            }
        }
    }
}
