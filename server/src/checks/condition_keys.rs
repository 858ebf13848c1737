//! How condition keys are used, beyond whether they exist (`conditions::keys`) and whether the
//! statement's actions support them (`effective::keys`): keys Access Analyzer wants paired with
//! others, keys callers control, the DynamoDB attribute and S3 prefix pitfalls, `aws:ARN`, and
//! wildcards that make a key always or never match.

use crate::policy::{ConditionBlock, ConditionEntry, Operator, OperatorFamily, Qualifier, Statement};

use super::edit::replace_string;
use super::memo::Local;
use super::{Context, Finding, Rule, Severity, Stmt, Types};

/// One Allow statement with this `Condition`, for the examples.
macro_rules! policy {
    ($effect:literal, $action:literal, $condition:literal) => {
        concat!(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": ""#,
            $effect,
            r#"", "Action": ""#,
            $action,
            r#"", "Resource": "*", "Condition": "#,
            $condition,
            "}]}"
        )
    };
}

pub(super) const RULES: &[Rule] = &[
    Rule {
        code: "UNSUPPORTED_GLOBAL_CONDITION_KEY",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "`aws:ARN`, a global condition key AWS does not support.",
        explanation: "No request has `aws:ARN`. Compare the principal's ARN with `aws:PrincipalArn`, or the ARN \
            of the resource making a service-to-service request with `aws:SourceArn`.",
        bad: policy!("Allow", "s3:GetObject", r#"{"ArnLike": {"aws:ARN": "arn:aws:iam::111122223333:role/admin"}}"#),
        good: policy!(
            "Allow",
            "s3:GetObject",
            r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin"}}"#
        ),
    },
    Rule {
        code: "MISSING_PAIRED_CONDITION_KEYS",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "A condition key that is overly permissive without its related key.",
        explanation: "`aws:VpcSourceIp` compares a private IP address, which many VPCs share: without \
            `aws:SourceVpc` in the same condition, a request from any VPC with that address matches.",
        bad: policy!("Allow", "s3:GetObject", r#"{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}"#),
        good: policy!(
            "Allow",
            "s3:GetObject",
            r#"{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}"#
        ),
    },
    Rule {
        code: "UNTRUSTWORTHY_CONDITION_KEY",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "A condition key whose value the caller chooses.",
        explanation: "`aws:UserAgent` and `aws:Referer` are HTTP headers the caller sets: anyone can send the \
            value the policy expects, so they must not be used for access control.",
        bad: policy!("Allow", "s3:GetObject", r#"{"StringLike": {"aws:Referer": "https://www.example.com/*"}}"#),
        good: policy!("Allow", "s3:GetObject", r#"{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#),
    },
    Rule {
        code: "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "`dynamodb:Attributes` restricted without `dynamodb:Select` set to `SPECIFIC_ATTRIBUTES`.",
        explanation: "DynamoDB evaluates `dynamodb:Attributes` only for requests that name the attributes to \
            return: a read without a projection expression returns the whole item. Also require \
            `\"dynamodb:Select\": \"SPECIFIC_ATTRIBUTES\"` with `StringEquals`.",
        bad: policy!(
            "Allow",
            "dynamodb:GetItem",
            r#"{"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}}"#
        ),
        good: policy!(
            "Allow",
            "dynamodb:GetItem",
            r#"{"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}, "StringEquals": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}"#
        ),
    },
    Rule {
        code: "S3_PREFIX_IN_NEGATIVE_CONTEXT",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "`s3:prefix` in a Deny statement, or with a negated operator in an Allow statement.",
        explanation: "A listing request that names a shorter prefix (`priv` instead of `private/`) does not \
            match the condition, so a Deny with `StringLike` (or an Allow with `StringNotLike`) does not stop \
            it from listing the objects under the prefix. Allow with `StringLike`, or Deny with \
            `StringNotLike` listing the prefixes to permit.",
        bad: policy!("Deny", "s3:ListBucket", r#"{"StringLike": {"s3:prefix": "private/*"}}"#),
        good: policy!("Deny", "s3:ListBucket", r#"{"StringNotLike": {"s3:prefix": "public/*"}}"#),
    },
    Rule {
        code: "REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "A condition key that a `*` value makes always match.",
        explanation: "`ForAllValues:StringLike` and `StringLikeIfExists` with the value `*` match every request, \
            with the key or without it, so the key tests nothing. (A plain `StringLike` with `*` still requires \
            the key, and is not reported.)",
        bad: policy!("Allow", "s3:GetObject", r#"{"StringLikeIfExists": {"aws:PrincipalTag/team": "*"}}"#),
        good: policy!("Allow", "s3:GetObject", r#"{"StringLike": {"aws:PrincipalTag/team": "*"}}"#),
    },
    Rule {
        code: "REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "A condition key that a `*` value makes never match.",
        explanation: "`ForAnyValue:StringNotLike` with the value `*` needs a value not matching `*`, which no \
            value is, and fails without the key: the condition never matches, so the statement applies to \
            nothing.",
        bad: policy!("Allow", "s3:GetObject", r#"{"ForAnyValue:StringNotLike": {"aws:TagKeys": "*"}}"#),
        good: policy!("Allow", "s3:GetObject", r#"{"ForAnyValue:StringNotLike": {"aws:TagKeys": "admin*"}}"#),
    },
];

/// Keys more secure with a related key in the same condition: Access Analyzer's example in the
/// reference of `MISSING_PAIRED_CONDITION_KEYS` (the only pair it names).
const PAIRED: &[(&str, &[&str])] = &[("aws:VpcSourceIp", &["aws:SourceVpc"])];

/// HTTP headers the caller sets: the global condition keys reference says `aws:Referer` and
/// `aws:UserAgent` must not be used to keep unauthorized parties out.
const UNTRUSTWORTHY: &[&str] = &["aws:Referer", "aws:UserAgent"];

pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    let (statement, out) = (stmt.statement, &mut local.findings);
    let Some(condition) = &statement.condition else { return };
    let entries: Vec<(&ConditionBlock, Option<Operator>, &ConditionEntry)> = condition
        .blocks
        .iter()
        .flat_map(|b| b.entries.iter().map(move |e| (b, Operator::parse(&b.operator.value), e)))
        .collect();
    let has = |key: &str| entries.iter().any(|(_, _, e)| e.key.value.eq_ignore_ascii_case(key));
    for &(block, op, entry) in &entries {
        let key = &*entry.key.value;
        if key.eq_ignore_ascii_case("aws:ARN") {
            out.push(unsupported_global(ctx, entry));
        }
        if let Some((name, pairs)) = PAIRED.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            let missing: Vec<String> = pairs.iter().filter(|p| !has(p)).map(|p| format!("`{p}`")).collect();
            if !missing.is_empty() {
                out.push(ctx.finding(
                    "MISSING_PAIRED_CONDITION_KEYS",
                    entry.key.range,
                    format!(
                        "Using the condition key `{name}` can be overly permissive without also using the following condition keys: {}. Add them to the same condition.",
                        missing.join(", ")
                    ),
                ));
            }
        }
        if let Some(name) = UNTRUSTWORTHY.iter().find(|k| k.eq_ignore_ascii_case(key)) {
            out.push(ctx.finding(
                "UNTRUSTWORTHY_CONDITION_KEY",
                entry.key.range,
                format!("The `{name}` condition key is not recommended for access control: the caller sets its value."),
            ));
        }
        let Some(op) = op else { continue };
        if key.eq_ignore_ascii_case("dynamodb:Attributes") && statement.is_allow() && !selects_specific(&entries) {
            out.push(ctx.finding(
                "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT",
                entry.key.range,
                "Restricting `dynamodb:Attributes` without also setting `dynamodb:Select` to `SPECIFIC_ATTRIBUTES` allows all attributes to be returned on read requests that omit a projection expression.",
            ));
        }
        if key.eq_ignore_ascii_case("s3:prefix") {
            s3_prefix(ctx, statement, block, op, entry, out);
        }
        wildcard(ctx, block, op, entry, out);
    }
}

fn unsupported_global(ctx: &Context<'_>, entry: &ConditionEntry) -> Finding {
    let mut finding = ctx.finding(
        "UNSUPPORTED_GLOBAL_CONDITION_KEY",
        entry.key.range,
        format!(
            "The condition key `{}` is not supported. Use `aws:PrincipalArn` or `aws:SourceArn` instead.",
            entry.key.value
        ),
    );
    for new in ["aws:PrincipalArn", "aws:SourceArn"] {
        finding = finding.with_fix(format!("Use `{new}`"), vec![replace_string(entry.key.range, new)], false);
    }
    finding
}

/// `"StringEquals": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}` somewhere in the condition.
fn selects_specific(entries: &[(&ConditionBlock, Option<Operator>, &ConditionEntry)]) -> bool {
    entries.iter().any(|(_, op, e)| {
        e.key.value.eq_ignore_ascii_case("dynamodb:Select")
            && op.is_some_and(|op| op.family == OperatorFamily::String && !op.negated)
            && !e.values.is_empty()
            && e.values.iter().all(|v| v.text == "SPECIFIC_ATTRIBUTES")
    })
}

fn s3_prefix(
    ctx: &Context<'_>,
    statement: &Statement,
    block: &ConditionBlock,
    op: Operator,
    entry: &ConditionEntry,
    out: &mut Vec<Finding>,
) {
    if op.family != OperatorFamily::String {
        return;
    }
    let negative = (statement.is_deny() && !op.negated) || (statement.is_allow() && op.negated);
    if !negative {
        return;
    }
    let (effect, instead) = if statement.is_deny() { ("a Deny", "StringNotLike") } else { ("an Allow", "StringLike") };
    out.push(ctx.finding(
        "S3_PREFIX_IN_NEGATIVE_CONTEXT",
        entry.key.range,
        format!(
            "`s3:prefix` with `{}` in {effect} statement does not block listing the objects under the matching prefixes: a request that specifies a shorter prefix does not match the condition. Use `{instead}` in {effect} statement, listing the prefixes to permit.",
            block.operator.value,
        ),
    ));
}

/// `*` among the values of a `StringLike` family block.
fn wildcard(ctx: &Context<'_>, block: &ConditionBlock, op: Operator, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    if op.base != "StringLike" && op.base != "StringNotLike" {
        return;
    }
    if !entry.values.iter().any(|v| v.text == "*") {
        return;
    }
    let always = !op.negated && (op.qualifier == Some(Qualifier::ForAllValues) || op.if_exists);
    let never = op.negated && op.qualifier == Some(Qualifier::ForAnyValue) && !op.if_exists;
    let operator = &block.operator.value;
    let key = &entry.key.value;
    if always {
        out.push(ctx.finding(
            "REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION",
            entry.key.range,
            format!("The key `{key}` in the condition block of `{operator}` is redundant because it is always matched. Remove this key to simplify the condition."),
        ));
    } else if never {
        out.push(ctx.finding(
            "REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION",
            entry.key.range,
            format!("The key `{key}` in the condition block of `{operator}` does not match any values, so the statement applies to nothing. Remove this key to simplify the condition."),
        ));
    }
}
