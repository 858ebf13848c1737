//! Does the operator fit the key? `TYPE_MISMATCH`, `STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS`,
//! `MISSING_QUALIFIER`, `FORALLVALUES_WITH_SINGLE_VALUED_KEY`.

use crate::catalog::KeyType;
use crate::checks::edit::replace_string;
use crate::checks::{Context, Finding};
use crate::policy::{ConditionBlock, ConditionEntry, Operator, OperatorFamily, Qualifier};

use super::keys::KeyInfo;

/// Date keys whose services document them as seconds since the epoch, compared with Numeric
/// operators: `aws:EpochTime`, and `kms:ValidTo`, which the KMS Developer Guide tests with
/// `NumericLessThanEquals` against `"1546257599.0"` (the catalog types it `Date`).
const EPOCH_SECONDS: &[&str] = &["aws:EpochTime", "kms:ValidTo"];

pub(super) fn check(
    ctx: &Context<'_>,
    block: &ConditionBlock,
    op: Operator,
    entry: &ConditionEntry,
    info: &KeyInfo,
    out: &mut Vec<Finding>,
) {
    if op.family == OperatorFamily::Null || info.key_type == KeyType::Unknown {
        return;
    }
    let key = &entry.key;
    // Rewriting the operator changes it for every key of the block: offered only when alone.
    let operator_fix = |finding: Finding, replacement: Operator, title: &str| {
        if block.entries.len() == 1 {
            let name = replacement.name();
            finding.with_fix(format!("{title} `{name}`"), vec![replace_string(block.operator.range, &name)], false)
        } else {
            finding
        }
    };
    match (info.multivalued, op.qualifier) {
        (true, None) => {
            let mut finding = ctx.finding(
                "MISSING_QUALIFIER",
                key.range,
                format!(
                    "`{}` carries a set of values, so `{}` needs `ForAllValues:` (every value must match) or `ForAnyValue:` (at least one must).",
                    key.value, block.operator.value
                ),
            );
            for q in [Qualifier::ForAllValues, Qualifier::ForAnyValue] {
                finding = operator_fix(finding, Operator { qualifier: Some(q), ..op }, "Use");
            }
            out.push(finding);
        }
        (false, Some(q)) => {
            let finding = ctx.finding(
                "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
                key.range,
                format!(
                    "`{}` has a single value, so `{}:` is not needed{}.",
                    key.value,
                    q.as_str(),
                    if q == Qualifier::ForAllValues { " and also matches requests without the key" } else { "" }
                ),
            );
            out.push(operator_fix(finding, Operator { qualifier: None, ..op }, "Use"));
        }
        _ => {}
    }
    let base = info.key_type.base();
    if fits(op.family, base, &info.name) {
        return;
    }
    if base == KeyType::Arn && op.family == OperatorFamily::String {
        // `StringEquals` on an ARN compares the whole text exactly, as `ArnEquals` does for an
        // ARN without wildcards: only the `Like` patterns differ from what the `Arn` operators
        // match, which is what Access Analyzer warns about.
        let arn_op = match op.base {
            "StringLike" => "ArnLike",
            "StringNotLike" => "ArnNotLike",
            _ => return,
        };
        let finding = ctx.finding(
            "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
            key.range,
            format!(
                "`{}` is an ARN key: use `{arn_op}` instead of `{}`, which matches the ARN as one text, so a `*` can span several of its fields.",
                key.value, op.base
            ),
        );
        let replacement = Operator::parse(arn_op).map(|arn| Operator { base: arn.base, family: arn.family, ..op });
        out.push(match replacement {
            Some(arn) => operator_fix(finding, arn, "Use"),
            None => finding,
        });
        return;
    }
    if base == KeyType::String && op.family == OperatorFamily::Arn {
        // IAM reads the value as an ARN, which works for the ARNs some String keys hold
        // (`kms:EncryptionContext:aws:sso:instance-arn`), but Access Analyzer asks for the key's
        // own type (its finding on AWSSupplyChainFederationAdminAccess). `ArnEquals` matches
        // wildcards as `ArnLike` does, so both become `StringLike`.
        let string_op = if op.base.contains("Not") { "StringNotLike" } else { "StringLike" };
        let finding = ctx.finding(
            "TYPE_MISMATCH",
            key.range,
            format!(
                "`{}` is a String key but `{}` is an ARN operator; use the String operator `{string_op}`.",
                key.value, op.base
            ),
        );
        let replacement =
            Operator::parse(string_op).map(|string| Operator { base: string.base, family: string.family, ..op });
        out.push(match replacement {
            Some(string) => operator_fix(finding, string, "Use"),
            None => finding,
        });
        return;
    }
    out.push(ctx.finding(
        "TYPE_MISMATCH",
        key.range,
        format!(
            "`{}` is {} key but `{}` is {} operator, so IAM {}; use {} operator.",
            key.value,
            with_article(type_name(base)),
            op.base,
            with_article(family_name(op.family)),
            consequence(op.family),
            with_article(family_name(expected(base))),
        ),
    ));
}

/// Whether operators of `family` read keys of type `base` as the key's type means them.
fn fits(family: OperatorFamily, base: KeyType, key: &str) -> bool {
    match base {
        KeyType::Date => {
            family == OperatorFamily::Date
                || (family == OperatorFamily::Numeric && EPOCH_SECONDS.iter().any(|k| k.eq_ignore_ascii_case(key)))
        }
        KeyType::Unknown => true,
        _ => family == expected(base),
    }
}

fn expected(base: KeyType) -> OperatorFamily {
    match base {
        KeyType::Arn | KeyType::ArrayOfArn => OperatorFamily::Arn,
        KeyType::Bool | KeyType::ArrayOfBool => OperatorFamily::Bool,
        KeyType::Numeric | KeyType::ArrayOfNumeric => OperatorFamily::Numeric,
        KeyType::Date => OperatorFamily::Date,
        KeyType::IpAddress => OperatorFamily::IpAddress,
        KeyType::Binary => OperatorFamily::Binary,
        KeyType::String | KeyType::ArrayOfString | KeyType::Unknown => OperatorFamily::String,
    }
}

fn type_name(base: KeyType) -> &'static str {
    match base {
        KeyType::Arn | KeyType::ArrayOfArn => "ARN",
        KeyType::Bool | KeyType::ArrayOfBool => "Bool",
        KeyType::Numeric | KeyType::ArrayOfNumeric => "Numeric",
        KeyType::Date => "Date",
        KeyType::IpAddress => "IP address",
        KeyType::Binary => "Binary",
        KeyType::String | KeyType::ArrayOfString | KeyType::Unknown => "String",
    }
}

fn family_name(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "String",
        OperatorFamily::Numeric => "Numeric",
        OperatorFamily::Date => "Date",
        OperatorFamily::Bool => "Bool",
        OperatorFamily::Binary => "Binary",
        OperatorFamily::IpAddress => "IP address",
        OperatorFamily::Arn => "ARN",
        OperatorFamily::Null => "Null",
    }
}

/// "an ARN", "a Date".
fn with_article(name: &str) -> String {
    let article = if name.starts_with(['A', 'I']) { "an" } else { "a" };
    format!("{article} {name}")
}

fn consequence(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "compares its text, not its meaning",
        _ => "cannot read the key's value and the condition never matches",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_fit_their_types() {
        assert!(fits(OperatorFamily::Date, KeyType::Date, "aws:CurrentTime"));
        assert!(fits(OperatorFamily::Numeric, KeyType::Date, "AWS:epochtime"));
        assert!(fits(OperatorFamily::Numeric, KeyType::Date, "kms:ValidTo"));
        assert!(!fits(OperatorFamily::Numeric, KeyType::Date, "aws:CurrentTime"));
        assert!(!fits(OperatorFamily::String, KeyType::Date, "aws:CurrentTime"));
        assert!(!fits(OperatorFamily::Date, KeyType::IpAddress, "aws:SourceIp"));
        assert!(fits(OperatorFamily::String, KeyType::String, "s3:prefix"));
        assert!(!fits(OperatorFamily::Arn, KeyType::String, "kms:EncryptionContext:aws:s3:arn"));
        assert!(!fits(OperatorFamily::Numeric, KeyType::String, "s3:prefix"));
        assert!(!fits(OperatorFamily::String, KeyType::Arn, "aws:SourceArn"));
        assert!(fits(OperatorFamily::Bool, KeyType::Unknown, "x:y"));
    }
}
