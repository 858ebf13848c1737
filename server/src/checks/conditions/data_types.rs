//! One key's values of different JSON types: `INVALID_CONDITION_DATA_TYPE`.
//!
//! Access Analyzer requires the values of one condition key to share a JSON type (`["3600", 900]`
//! mixes a string and a number). The `TYPE_MISMATCH_*` rules are about a value the operator cannot
//! read, whatever its JSON type; a value one of them already reports is not reported again.

use crate::checks::edit::json_string;
use crate::checks::{Context, Edit, Finding};
use crate::policy::{CondValue, ConditionEntry, ValueKind};

use super::values::{is_bool, is_number};

/// Runs after the value rules, whose findings in `out` it reads.
pub(super) fn check(ctx: &Context<'_>, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    let typed = |v: &&CondValue| v.kind != ValueKind::Other;
    let Some(first) = entry.values.iter().find(typed) else { return };
    let mut found = Vec::new();
    for value in entry.values.iter().filter(typed).filter(|v| v.kind != first.kind) {
        if out.iter().any(|f| f.range == value.range) {
            continue;
        }
        let mut finding = ctx.finding(
            "INVALID_CONDITION_DATA_TYPE",
            value.range,
            format!(
                "{} is {}, but the first value of `{}` is {}: the values of one key must share a JSON type.",
                shown(value),
                type_name(value.kind),
                entry.key.value,
                type_name(first.kind)
            ),
        );
        if let Some(converted) = convert(value, first.kind) {
            finding = finding.with_fix(
                format!("Write {} as {}", shown(value), type_name(first.kind)),
                vec![Edit::replace(value.range, converted)],
                true,
            );
        }
        found.push(finding);
    }
    out.extend(found);
}

fn shown(value: &CondValue) -> String {
    if value.kind == ValueKind::String { json_string(&value.text) } else { value.text.clone() }
}

fn type_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::String => "a string",
        ValueKind::Number => "a number",
        ValueKind::Bool => "a boolean",
        ValueKind::Other => "neither",
    }
}

/// The value's JSON text in the other type, when it reads the same there.
fn convert(value: &CondValue, to: ValueKind) -> Option<String> {
    let text = value.text.as_str();
    match to {
        ValueKind::String => Some(json_string(text)),
        ValueKind::Number if is_number(text) && serde_json::from_str::<serde_json::Number>(text).is_ok() => {
            Some(text.to_owned())
        }
        ValueKind::Bool if is_bool(text) => Some(text.to_ascii_lowercase()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::TextRange;

    fn value(text: &str, kind: ValueKind) -> CondValue {
        CondValue { text: text.to_owned(), range: TextRange::new(0, 0), kind }
    }

    #[test]
    fn converts_only_what_reads_the_same() {
        assert_eq!(convert(&value("900", ValueKind::Number), ValueKind::String).as_deref(), Some("\"900\""));
        assert_eq!(convert(&value("900", ValueKind::String), ValueKind::Number).as_deref(), Some("900"));
        assert_eq!(convert(&value(".5", ValueKind::String), ValueKind::Number), None, "not JSON");
        assert_eq!(convert(&value("ten", ValueKind::String), ValueKind::Number), None);
        assert_eq!(convert(&value("True", ValueKind::String), ValueKind::Bool).as_deref(), Some("true"));
        assert_eq!(convert(&value("1", ValueKind::Number), ValueKind::Bool), None);
    }
}
