//! The `Version` element: which policy language the statements are written in.

use crate::catalog::find_variable;
use crate::checks::edit::{insert_first_member, json_string, replace_string};
use crate::checks::{Context, Finding, Rule, Severity, Types};
use crate::syntax::{Node, NodeKind};

use super::tree::{opening, policies, statement_nodes, string_values};

const CURRENT: &str = "2012-10-17";
const OLD: &str = "2008-10-17";

pub(super) const MISSING_VERSION: Rule = Rule {
    code: "MISSING_VERSION",
    types: Types::ALL,
    severity: Severity::Warning,
    summary: "The policy has no `Version` element.",
    explanation: "Without `Version`, IAM reads the policy with the 2008-10-17 language rules: policy \
        variables such as `${aws:username}` are plain text and newer features do not work. Always \
        start a policy with `\"Version\": \"2012-10-17\"`.",
    bad: r#"{
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
};

pub(super) const INVALID_VERSION: Rule = Rule {
    code: "INVALID_VERSION",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "`Version` is neither `2012-10-17` nor `2008-10-17`.",
    explanation: "`Version` names the policy language, not a date of your choosing: IAM knows only \
        `2012-10-17` (current) and `2008-10-17` (legacy) and rejects any other value.",
    bad: r#"{
    "Version": "2024-01-01",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
};

pub(super) const OLD_VERSION: Rule = Rule {
    code: "OLD_VERSION",
    types: Types::ALL,
    severity: Severity::Info,
    summary: "`Version` is the legacy `2008-10-17`.",
    explanation: "The 2008-10-17 policy language does not support policy variables and some newer \
        features; `2012-10-17` is a superset of it, so upgrading is safe.",
    bad: r#"{
    "Version": "2008-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
};

pub(super) const VARIABLE_UNSUPPORTED_IN_VERSION: Rule = Rule {
    code: "VARIABLE_UNSUPPORTED_IN_VERSION",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "A policy variable is used without `\"Version\": \"2012-10-17\"`.",
    explanation: "Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`) exist only in the \
        2012-10-17 policy language. When `Version` is missing or `2008-10-17`, IAM treats `${…}` as \
        literal text, so the value never matches what was meant.",
    bad: r#"{
    "Statement": {
        "Action": "iam:*AccessKey*",
        "Effect": "Allow",
        "Resource": "arn:aws:iam::123456789012:user/${aws:username}"
    }
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": {
        "Action": "iam:*AccessKey*",
        "Effect": "Allow",
        "Resource": "arn:aws:iam::123456789012:user/${aws:username}"
    }
}"#,
};

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, root) in policies(ctx) {
        let inherited = root.get("Version").is_none() && version_member(ctx, root).is_some();
        match version_member(ctx, root) {
            _ if inherited => {}
            None => {
                let finding = ctx.finding(
                    "MISSING_VERSION",
                    opening(root),
                    "This policy has no `Version`, so IAM applies the legacy 2008-10-17 language rules; \
                     add `\"Version\": \"2012-10-17\"`.",
                );
                out.push(with_version_fix(ctx, root, finding));
            }
            Some(node) => match node.as_str() {
                Some(CURRENT) => {}
                Some(OLD) => {
                    let finding = ctx.finding(
                        "OLD_VERSION",
                        node.range,
                        "`Version` 2008-10-17 is the legacy policy language without policy variables; \
                         use `2012-10-17`.",
                    );
                    out.push(with_version_fix(ctx, root, finding));
                }
                Some(other) => {
                    let finding = ctx.finding(
                        "INVALID_VERSION",
                        node.range,
                        format!(
                            "`Version` \"{other}\" is not a policy language version; IAM accepts only \
                             \"2012-10-17\" or \"2008-10-17\" and rejects the policy."
                        ),
                    );
                    out.push(finding.with_fix(UPGRADE, vec![replace_string(node.range, CURRENT)], true));
                }
                None => {}
            },
        }
        variables(ctx, root, out);
    }
}

const UPGRADE: &str = "Change \"Version\" to \"2012-10-17\"";
const ADD: &str = "Add \"Version\": \"2012-10-17\"";

/// The `Version` value in force for a policy: its own, or in a document of several top-level
/// objects that are to be merged, the first one written.
fn version_member<'a>(ctx: &'a Context<'_>, root: &'a Node) -> Option<&'a Node> {
    root.get("Version").or_else(|| ctx.parse.roots.iter().find_map(|r| r.get("Version"))).map(|m| &m.value)
}

/// Adds `Version` or upgrades it to 2012-10-17: the one repair shared by every rule about it.
fn with_version_fix(ctx: &Context<'_>, root: &Node, finding: Finding) -> Finding {
    match version_member(ctx, root) {
        Some(node) if node.as_str().is_some() => {
            finding.with_fix(UPGRADE, vec![replace_string(node.range, CURRENT)], true)
        }
        Some(_) => finding,
        None => {
            let edit = insert_first_member(ctx.text, root, "Version", &json_string(CURRENT), ctx.style());
            finding.with_fix(ADD, vec![edit], true)
        }
    }
}

/// `VARIABLE_UNSUPPORTED_IN_VERSION`: every string value holding `${` while the language is legacy.
fn variables(ctx: &Context<'_>, root: &Node, out: &mut Vec<Finding>) {
    let legacy = match version_member(ctx, root) {
        None => true,
        Some(node) => node.as_str() == Some(OLD),
    };
    if !legacy {
        return;
    }
    // Every value but a `Sid`, which names the statement and is never evaluated.
    let mut values = Vec::new();
    for statement in statement_nodes(root) {
        for m in statement.as_object().unwrap_or_default().iter().filter(|m| m.key.text != "Sid") {
            string_values(&m.value, &mut values);
        }
    }
    for node in values {
        let NodeKind::String(value) = &node.kind else { continue };
        let Some(start) = find_variable(value) else { continue };
        let variable = value[start..].find('}').map_or(&value[start..], |end| &value[start..=start + end]);
        let finding = ctx.finding(
            "VARIABLE_UNSUPPORTED_IN_VERSION",
            node.range,
            format!(
                "`{variable}` is a policy variable, but without `\"Version\": \"2012-10-17\"` IAM reads it \
                 as literal text, so this value never matches what it means."
            ),
        );
        out.push(with_version_fix(ctx, root, finding));
    }
}
