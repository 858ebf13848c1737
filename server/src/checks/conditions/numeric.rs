//! Several values under a Numeric comparison (`REDUNDANT_CONDITION_VALUE_NUM`): the values are
//! alternatives, so `NumericLessThan` matches below the greatest of them and `NumericGreaterThan`
//! above the least, and the others change nothing.

use crate::checks::{Context, Edit, Finding};
use crate::policy::{ConditionEntry, Operator, ValueKind};

use super::values::is_number;

pub(super) fn check(ctx: &Context<'_>, op: Operator, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    let keep_greatest = match op.base {
        "NumericLessThan" | "NumericLessThanEquals" => true,
        "NumericGreaterThan" | "NumericGreaterThanEquals" => false,
        // `NumericEquals` values are distinct alternatives, `NumericNotEquals` excludes each.
        _ => return,
    };
    if entry.values.len() < 2 {
        return;
    }
    // A value the operator cannot read is its own finding; then which one counts is unclear.
    let mut numbers = Vec::with_capacity(entry.values.len());
    for value in &entry.values {
        let readable = matches!(value.kind, ValueKind::String | ValueKind::Number) && is_number(&value.text);
        let Some(number) = readable.then(|| value.text.parse::<f64>().ok()).flatten() else { return };
        numbers.push((number, value));
    }
    let (_, kept) = numbers
        .iter()
        .copied()
        .reduce(|best, next| {
            let better = if keep_greatest { next.0 > best.0 } else { next.0 < best.0 };
            if better { next } else { best }
        })
        .expect("two values or more");
    let which = if keep_greatest { "greatest" } else { "least" };
    let key = &entry.key.value;
    let mut finding = ctx.finding(
        "REDUNDANT_CONDITION_VALUE_NUM",
        entry.key.range,
        format!(
            "The {} values of `{key}` under `{}` are alternatives, so only the {which}, {}, counts: the others are redundant; keep that single value.",
            entry.values.len(),
            op.name(),
            kept.text
        ),
    );
    for (_, value) in numbers.iter().filter(|(_, v)| v.range != kept.range) {
        finding = finding.with_related(value.range, format!("redundant: {} covers it", kept.text));
    }
    let kept_json = &ctx.text[kept.range.start..kept.range.end];
    out.push(finding.with_fix(format!("Keep only {}", kept.text), vec![Edit::replace(entry.range, kept_json)], true));
}
