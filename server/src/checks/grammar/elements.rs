//! `INVALID_POLICY_ELEMENT`: keys IAM does not know at the policy or statement level.

use crate::checks::edit::replace_string;
use crate::checks::suggest::{closest, distance};
use crate::checks::{Context, Finding, Rule, Severity, Types};
use crate::policy::{ELEMENTS, STATEMENT_ELEMENTS};
use crate::syntax::{Member, Node};

use super::tree::policies;

pub(super) const INVALID_POLICY_ELEMENT: Rule = Rule {
    code: "INVALID_POLICY_ELEMENT",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "A key is not a policy or statement element.",
    explanation: "A policy may hold only `Version`, `Id` and `Statement`; a statement only `Sid`, \
        `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource` and \
        `Condition`. Element names are case-sensitive, and IAM rejects any other key.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"effect": "Allow", "Actions": "s3:GetObject", "Resource": "*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
};

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, root) in policies(ctx) {
        check(ctx, root, ELEMENTS, "policy", out);
    }
}

pub(super) fn statement(ctx: &Context<'_>, node: &Node, out: &mut Vec<Finding>) {
    check(ctx, node, STATEMENT_ELEMENTS, "statement", out);
}

fn check(ctx: &Context<'_>, object: &Node, valid: &[&'static str], level: &str, out: &mut Vec<Finding>) {
    let members = object.as_object().unwrap_or_default();
    // Renaming to an element the object already has would only trade this error for a duplicate.
    let free: Vec<&str> = valid.iter().copied().filter(|v| !members.iter().any(|m| m.key.text == *v)).collect();
    for m in members.iter().filter(|m| !valid.contains(&m.key.text.as_str())) {
        out.push(finding(ctx, m, &free, level));
    }
}

fn finding(ctx: &Context<'_>, m: &Member, free: &[&'static str], level: &str) -> Finding {
    let key = &m.key.text;
    let candidates: Vec<&str> = match free.iter().find(|v| v.eq_ignore_ascii_case(key)) {
        Some(same) => vec![same],
        None => closest(key, free.iter().copied(), 2),
    };
    let hint = match candidates.first() {
        Some(c) => format!(" Did you mean `{c}`?"),
        None => String::new(),
    };
    let mut finding = ctx.finding(
        "INVALID_POLICY_ELEMENT",
        m.key.range,
        format!("`{key}` is not a {level} element, so IAM rejects the policy.{hint}"),
    );
    // Safe only when one candidate is strictly closest.
    let safe = match candidates.as_slice() {
        [_] => true,
        [a, b, ..] => distance(key, a) < distance(key, b),
        [] => false,
    };
    for c in candidates {
        finding = finding.with_fix(format!("Rename to \"{c}\""), vec![replace_string(m.key.range, c)], safe);
    }
    finding
}
