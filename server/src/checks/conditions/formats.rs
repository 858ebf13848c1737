//! Values whose form depends on the operator or the key: wildcards outside `Like` operators
//! (`WILDCARD_WITHOUT_LIKE_OPERATOR`), policy variables outside String and ARN operators
//! (`INVALID_VARIABLE_FOR_OPERATOR`), base64 under Binary operators (`TYPE_MISMATCH_STRING`), and
//! VPC and VPC endpoint identifiers (`INVALID_VPC_FORMAT`, `INVALID_VPCE_FORMAT`).

use crate::catalog::{find_variable, has_variable};
use crate::checks::edit::replace_string;
use crate::checks::{Context, Finding};
use crate::policy::{ConditionBlock, ConditionEntry, Operator, OperatorFamily, ValueKind};

pub(super) fn check(
    ctx: &Context<'_>,
    block: &ConditionBlock,
    op: Operator,
    entry: &ConditionEntry,
    out: &mut Vec<Finding>,
) {
    let strings = entry.values.iter().filter(|v| v.kind == ValueKind::String);
    let reads_variables = matches!(op.family, OperatorFamily::String | OperatorFamily::Arn);
    for value in strings {
        let text = value.text.as_str();
        if has_variable(text) {
            if !reads_variables {
                out.push(ctx.finding(
                    "INVALID_VARIABLE_FOR_OPERATOR",
                    value.range,
                    format!(
                        "\"{text}\" holds a policy variable, but `{}` does not resolve variables: only String and ARN operators do.",
                        op.base
                    ),
                ));
            }
            continue;
        }
        if op.family == OperatorFamily::Binary && !is_base64(text) {
            out.push(ctx.finding(
                "TYPE_MISMATCH_STRING",
                value.range,
                format!("\"{text}\" is not base64, but `{}` compares base64-encoded binary values.", op.base),
            ));
        }
    }
    if op.family == OperatorFamily::String && !op.base.contains("Like") {
        wildcards(ctx, block, op, entry, out);
    }
    if matches!(op.family, OperatorFamily::String) {
        identifiers(ctx, entry, out);
    }
}

/// `*` and `?` are literal characters under `StringEquals`: a value holding them was most
/// likely meant as a pattern.
fn wildcards(ctx: &Context<'_>, block: &ConditionBlock, op: Operator, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    let like = match op.base {
        "StringEquals" => Some("StringLike"),
        "StringNotEquals" => Some("StringNotLike"),
        _ => None,
    }
    .and_then(Operator::parse)
    .map(|like| Operator { base: like.base, family: like.family, negated: like.negated, ..op });
    for value in entry.values.iter().filter(|v| v.kind == ValueKind::String) {
        if !without_variables(&value.text).contains(['*', '?']) {
            continue;
        }
        let mut finding = ctx.finding(
            "WILDCARD_WITHOUT_LIKE_OPERATOR",
            value.range,
            format!(
                "`{}` compares \"{}\" literally, `*` and `?` included; if they are wildcards, use a `Like` operator.",
                op.base, value.text
            ),
        );
        // Changing the operator changes it for every key of the block: offered only when alone.
        if let Some(like) = like.filter(|_| block.entries.len() == 1) {
            let name = like.name();
            finding =
                finding.with_fix(format!("Use `{name}`"), vec![replace_string(block.operator.range, &name)], false);
        }
        out.push(finding);
    }
}

/// The text outside `${…}`, where `${*}` and `${?}` stand for the literal characters.
fn without_variables(text: &str) -> String {
    let mut rest = text;
    let mut out = String::new();
    while let Some(start) = find_variable(rest) {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `aws:SourceVpc` and `aws:SourceVpce` hold `vpc-`/`vpce-` and 8 or 17 alphanumerics.
fn identifiers(ctx: &Context<'_>, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    let key = entry.key.value.to_ascii_lowercase();
    let (code, prefix, what) = match key.as_str() {
        "aws:sourcevpc" => ("INVALID_VPC_FORMAT", "vpc-", "VPC"),
        "aws:sourcevpce" => ("INVALID_VPCE_FORMAT", "vpce-", "VPC endpoint"),
        _ => return,
    };
    for value in entry.values.iter().filter(|v| v.kind == ValueKind::String) {
        let text = value.text.as_str();
        if text.contains(['*', '?', '$']) {
            continue;
        }
        let id = text.strip_prefix(prefix);
        let valid = id.is_some_and(|id| matches!(id.len(), 8 | 17) && id.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !valid {
            out.push(ctx.finding(
                code,
                value.range,
                format!(
                    "\"{text}\" is not a {what} ID: `{}` holds `{prefix}` followed by 8 or 17 letters and digits, such as `{prefix}1a2b3c4d`.",
                    entry.key.value
                ),
            ));
        }
    }
}

/// Standard base64 with its padding, as IAM compares Binary values.
fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    !text.is_empty()
        && text.len().is_multiple_of(4)
        && text.len() - body.len() <= 2
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64() {
        assert!(is_base64("QmluYXJ5VmFsdWVJbkJhc2U2NA=="));
        assert!(is_base64("YWJj"));
        assert!(!is_base64("not base64"));
        assert!(!is_base64("YWJ"));
        assert!(!is_base64("Y==="));
        assert!(!is_base64(""));
    }

    #[test]
    fn variables_are_not_wildcards() {
        assert_eq!(without_variables("a${*}b${aws:username}c"), "abc");
        assert_eq!(without_variables("home/*"), "home/*");
        assert_eq!(without_variables("x${"), "x");
    }
}
