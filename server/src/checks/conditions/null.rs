//! `StringLike` and `StringNotLike` with a `*` value test only whether the key is present
//! (`EQUIVALENT_TO_NULL_FALSE`, `EQUIVALENT_TO_NULL_TRUE`): Access Analyzer recommends saying so
//! with `Null`, and the fix rewrites the entry as that `Null` test.

use crate::checks::edit::{insert_first_member, json_string, replace_string};
use crate::checks::{Context, Edit, Finding};
use crate::policy::{ConditionBlock, ConditionEntry, Operator, OperatorFamily, Qualifier, ValueKind};
use crate::syntax::Node;

use super::remove_member_at;

/// `condition` is the `Condition` object, `block_node` the operator block holding `entry`.
pub(super) fn check(
    ctx: &Context<'_>,
    condition: &Node,
    block_node: &Node,
    block: &ConditionBlock,
    op: Operator,
    entry: &ConditionEntry,
    out: &mut Vec<Finding>,
) {
    let Some(null) = null_equivalent(op) else { return };
    // One value matching everything makes the whole list match everything.
    let Some(star) = entry.values.iter().find(|v| v.kind == ValueKind::String && matches_anything(&v.text)) else {
        return;
    };
    let (code, meaning) = match null {
        "false" => ("EQUIVALENT_TO_NULL_FALSE", "is present"),
        _ => ("EQUIVALENT_TO_NULL_TRUE", "is absent"),
    };
    let key = &entry.key.value;
    let mut finding = ctx.finding(
        code,
        star.range,
        format!(
            "`{}` with \"{}\" matches whenever `{key}` {meaning}, whatever its value: replace it with \"Null\": {{\"{key}\": \"{null}\"}}, which says so and is enforced the same way.",
            block.operator.value, star.text
        ),
    );
    if let Some(edits) = rewrite_as_null(ctx, condition, block_node, block, entry, null) {
        finding = finding.with_fix(format!("Replace with \"Null\": {{\"{key}\": \"{null}\"}}"), edits, true);
    }
    out.push(finding);
}

/// The `Null` value an operator with a `*` value amounts to, if any. `StringLike` matches any
/// present value; `StringNotLike` matches none, so only a missing key (with `ForAllValues:`, an
/// empty set). `IfExists` makes `StringLike` always match, and the other qualifiers make the two
/// always or never match: no `Null` test says that.
fn null_equivalent(op: Operator) -> Option<&'static str> {
    match (op.base, op.qualifier, op.if_exists) {
        ("StringLike", None | Some(Qualifier::ForAnyValue), false) => Some("false"),
        ("StringNotLike", None | Some(Qualifier::ForAllValues), _) => Some("true"),
        _ => None,
    }
    .filter(|_| op.family == OperatorFamily::String)
}

/// `*`, `**`…: a pattern every text matches, the empty one included (`?` needs a character).
fn matches_anything(pattern: &str) -> bool {
    !pattern.is_empty() && pattern.bytes().all(|b| b == b'*')
}

/// Moves `entry` out of its block into a `Null` test: the block becomes `Null` when the entry is
/// its only one and there is no `Null` block yet, else the entry joins (or starts) the `Null`
/// block. None when the `Null` block already tests the key.
fn rewrite_as_null(
    ctx: &Context<'_>,
    condition: &Node,
    block_node: &Node,
    block: &ConditionBlock,
    entry: &ConditionEntry,
    null: &str,
) -> Option<Vec<Edit>> {
    let value = json_string(null);
    let alone = block.entries.len() == 1;
    let Some(existing) = condition.get("Null").map(|m| &m.value) else {
        if alone {
            return Some(vec![replace_string(block.operator.range, "Null"), Edit::replace(entry.range, value)]);
        }
        let remove = remove_member_at(ctx, condition, block_node.range, entry.key.range)?;
        let inner = format!("{{{}: {value}}}", json_string(&entry.key.value));
        return Some(vec![remove, insert_first_member(ctx.text, condition, "Null", &inner, ctx.style())]);
    };
    let tested = existing.as_object()?.iter().any(|m| m.key.text.eq_ignore_ascii_case(&entry.key.value));
    if tested {
        return None;
    }
    let remove = if alone {
        remove_member_at(ctx, condition, condition.range, block.operator.range)?
    } else {
        remove_member_at(ctx, condition, block_node.range, entry.key.range)?
    };
    Some(vec![remove, insert_first_member(ctx.text, existing, &entry.key.value, &value, ctx.style())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stars_match_anything() {
        assert!(matches_anything("*") && matches_anything("***"));
        assert!(
            !matches_anything("") && !matches_anything("?*") && !matches_anything("a*") && !matches_anything("${*}")
        );
    }

    #[test]
    fn which_operators_amount_to_null() {
        let null = |s: &str| null_equivalent(Operator::parse(s).unwrap());
        assert_eq!(null("StringLike"), Some("false"));
        assert_eq!(null("ForAnyValue:StringLike"), Some("false"));
        assert_eq!(null("StringNotLike"), Some("true"));
        assert_eq!(null("StringNotLikeIfExists"), Some("true"));
        assert_eq!(null("ForAllValues:StringNotLike"), Some("true"));
        for never in
            ["StringLikeIfExists", "ForAllValues:StringLike", "ForAnyValue:StringNotLike", "StringEquals", "ArnLike"]
        {
            assert_eq!(null(never), None, "{never}");
        }
    }
}
