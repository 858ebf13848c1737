//! The `Condition` element: operators, keys against the catalog, operator/key type agreement and
//! values IAM must be able to read (and, for some keys, Regions and KMS key ARNs).

mod data_types;
mod dates;
mod formats;
mod keys;
mod kms;
mod null;
mod numeric;
mod operators;
mod regions;
mod rules;
mod services;
mod source_ip;
mod types;
mod values;

use rustc_hash::FxHashMap;

use crate::catalog::has_variable;
use crate::checks::edit::{remove_member, replace_string, string_array};
use crate::checks::memo::Local;
use crate::checks::{Context, Edit, Finding, Stmt};
use crate::policy::{
    CondValue, Condition, ConditionBlock, ConditionEntry, Operator, OperatorFamily, Qualifier, ValueKind,
};
use crate::syntax::{Node, Style, TextRange};

pub(super) use keys::{lookup as lookup_key, suggest as suggest_keys};
pub(super) use rules::RULES;

pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    if let Some(condition) = &stmt.statement.condition {
        check_condition(ctx, stmt.node, stmt.statement.range, condition, &mut local.findings);
    }
}

fn check_condition(
    ctx: &Context<'_>,
    root: &Node,
    statement: TextRange,
    condition: &Condition,
    out: &mut Vec<Finding>,
) {
    let Some(value) = find_node(root, condition.range).filter(|n| n.as_object().is_some()) else {
        // Not an object: the grammar rules report it.
        return;
    };
    if condition.blocks.is_empty() {
        let mut finding = ctx.finding(
            "EMPTY_OBJECT_CONDITION",
            condition.key,
            "`Condition` is empty, so it tests nothing and the statement applies unconditionally.",
        );
        if let Some(edit) = remove_member_at(ctx, root, statement, condition.key) {
            finding = finding.with_fix("Remove the empty `Condition`", vec![edit], true);
        }
        out.push(finding);
        return;
    }
    for block in &condition.blocks {
        check_block(ctx, value, block, out);
    }
}

fn check_block(ctx: &Context<'_>, condition: &Node, block: &ConditionBlock, out: &mut Vec<Finding>) {
    let op = operators::check(ctx, &block.operator, out);
    let Some(block_node) = find_node(condition, block.range).filter(|n| n.as_object().is_some()) else {
        return;
    };
    if block.entries.is_empty() {
        let mut finding = ctx.finding(
            "EMPTY_OBJECT_CONDITION",
            block.operator.range,
            format!("`{}` has no keys, so it tests nothing.", block.operator.value),
        );
        if let Some(edit) = remove_member_at(ctx, condition, condition.range, block.operator.range) {
            finding = finding.with_fix(format!("Remove the empty `{}` block", block.operator.value), vec![edit], true);
        }
        out.push(finding);
        return;
    }
    duplicate_keys(ctx, block_node, block, out);
    for entry in &block.entries {
        let info = keys::check(ctx, &entry.key, out);
        if entry.is_array && entry.values.is_empty() {
            let mut finding = empty_array(ctx, op, entry);
            if let Some(edit) = remove_member_at(ctx, condition, block_node.range, entry.key.range) {
                finding = finding.with_fix(format!("Remove `{}`", entry.key.value), vec![edit], false);
            }
            out.push(finding);
            continue;
        }
        let Some(op) = op else { continue };
        if let Some(info) = &info {
            types::check(ctx, block, op, entry, info, out);
            kms::check(ctx, op, entry, info, out);
        }
        check_values(ctx, op, entry, out);
        formats::check(ctx, block, op, entry, out);
        null::check(ctx, condition, block_node, block, op, entry, out);
        regions::check(ctx, op, entry, out);
        data_types::check(ctx, entry, out);
    }
}

/// An empty list of values: what it means depends on the qualifier and `IfExists`, as Access
/// Analyzer's four codes say.
fn empty_array(ctx: &Context<'_>, op: Option<Operator>, entry: &ConditionEntry) -> Finding {
    let key = &entry.key.value;
    let (code, message) = match op.map(|op| (op.qualifier, op.if_exists)) {
        Some((Some(Qualifier::ForAllValues), _)) => (
            "EMPTY_ARRAY_CONDITION_FORALLVALUES",
            format!(
                "`ForAllValues:` with no values matches only when the request has no `{key}`; to test that, use `Null` with \"true\"."
            ),
        ),
        Some((Some(Qualifier::ForAnyValue), _)) => (
            "EMPTY_ARRAY_CONDITION_FORANYVALUE",
            format!(
                "`ForAnyValue:` with no values for `{key}` never matches, so the statement has no effect; give the values to compare with."
            ),
        ),
        Some((None, true)) => (
            "EMPTY_ARRAY_CONDITION_IFEXISTS",
            format!(
                "`IfExists` with no values matches only when the request has no `{key}`; to test that, use `Null` with \"true\"."
            ),
        ),
        _ => (
            "EMPTY_ARRAY_CONDITION",
            format!("`{key}` has no values to compare with, so the condition never matches (negated, always)."),
        ),
    };
    ctx.finding(code, entry.key.range, message)
}

/// `aws:SourceIp` and `aws:sourceip` in one block: IAM keeps one of them.
fn duplicate_keys(ctx: &Context<'_>, block_node: &Node, block: &ConditionBlock, out: &mut Vec<Finding>) {
    let mut first: FxHashMap<String, &ConditionEntry> = FxHashMap::default();
    for entry in &block.entries {
        let lower = entry.key.value.to_ascii_lowercase();
        let Some(earlier) = first.get(&lower) else {
            first.insert(lower, entry);
            continue;
        };
        // Identical spellings are duplicate JSON keys, reported by the grammar rules.
        if earlier.key.value == entry.key.value {
            continue;
        }
        let mut finding = ctx
            .finding(
                "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
                entry.key.range,
                format!(
                    "`{}` is the same key as `{}` (keys ignore case), so IAM keeps only one of the two entries; merge their values.",
                    entry.key.value, earlier.key.value
                ),
            )
            .with_related(earlier.key.range, format!("`{}` is first tested here", earlier.key.value));
        if let Some(edits) = merge(ctx, block_node, earlier, entry) {
            finding = finding.with_fix(format!("Merge the values into `{}`", earlier.key.value), edits, false);
        }
        out.push(finding);
    }
}

/// Moves the values of `later` into `earlier`'s list and removes `later`: strings only.
fn merge(ctx: &Context<'_>, block_node: &Node, earlier: &ConditionEntry, later: &ConditionEntry) -> Option<Vec<Edit>> {
    let values: Vec<&str> = earlier.values.iter().chain(&later.values).map(|v| v.text.as_str()).collect();
    let all_strings = earlier.values.iter().chain(&later.values).all(|v| v.kind == ValueKind::String);
    if !all_strings {
        return None;
    }
    let multiline = earlier.is_array && ctx.text[earlier.range.start..earlier.range.end].contains('\n');
    let indent = Style::line_indent(ctx.text, earlier.key.range.start);
    let merged = string_array(&values, multiline.then_some((indent, ctx.style())));
    let remove = remove_member_at(ctx, block_node, block_node.range, later.key.range)?;
    Some(vec![Edit::replace(earlier.range, merged), remove])
}

fn check_values(ctx: &Context<'_>, op: Operator, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    match op.family {
        OperatorFamily::Bool | OperatorFamily::Null => {
            for value in &entry.values {
                if let Some(finding) = boolean(ctx, op, value) {
                    out.push(finding);
                }
            }
            if op.family == OperatorFamily::Bool && entry.values.len() > 1 {
                out.push(multiple_booleans(ctx, entry));
            }
        }
        OperatorFamily::IpAddress => {
            source_ip::check(ctx, op, entry, out);
            check_each(
                ctx,
                entry,
                "TYPE_MISMATCH_IP_RANGE",
                values::is_ip,
                "an IP address or CIDR range such as `203.0.113.0/24`",
                out,
            );
        }
        OperatorFamily::Date => {
            check_each(
                ctx,
                entry,
                "TYPE_MISMATCH_DATE",
                values::is_date,
                "an ISO 8601 date such as `2024-12-31T23:59:59Z` or epoch seconds",
                out,
            );
            dates::check(ctx, entry, out);
        }
        OperatorFamily::Numeric => {
            check_each(ctx, entry, "TYPE_MISMATCH_NUMBER", values::is_number, "an integer or decimal number", out);
            numeric::check(ctx, op, entry, out);
        }
        OperatorFamily::String | OperatorFamily::Arn | OperatorFamily::Binary => {}
    }
}

/// Reports every value the operator cannot read. Policy variables are resolved at request time,
/// so values holding one are never reported.
fn check_each(
    ctx: &Context<'_>,
    entry: &ConditionEntry,
    code: &'static str,
    valid: fn(&str) -> bool,
    expected: &str,
    out: &mut Vec<Finding>,
) {
    for value in &entry.values {
        let readable = match value.kind {
            ValueKind::String => has_variable(&value.text) || valid(&value.text),
            ValueKind::Number => valid(&value.text),
            ValueKind::Bool => false,
            // null, objects, nested arrays: the grammar rules report them.
            ValueKind::Other => true,
        };
        if readable {
            continue;
        }
        let shown = if value.kind == ValueKind::String { format!("\"{}\"", value.text) } else { value.text.clone() };
        let mut finding = ctx.finding(
            code,
            value.range,
            format!("{shown} under `{}` is not {expected}, so the condition cannot compare with it.", entry.key.value),
        );
        let trimmed = value.text.trim();
        if value.kind == ValueKind::String && trimmed != value.text && valid(trimmed) {
            finding = finding.with_fix("Remove the white space", vec![replace_string(value.range, trimmed)], true);
        }
        out.push(finding);
    }
}

fn boolean(ctx: &Context<'_>, op: Operator, value: &CondValue) -> Option<Finding> {
    let ok = match value.kind {
        ValueKind::Bool | ValueKind::Other => true,
        ValueKind::String => has_variable(&value.text) || values::is_bool(&value.text),
        ValueKind::Number => false,
    };
    if ok {
        return None;
    }
    let mut finding = ctx.finding(
        "TYPE_MISMATCH_BOOLEAN",
        value.range,
        format!(
            "`{}` takes \"true\" or \"false\", so `{}` never matches{}.",
            op.base,
            value.text,
            if op.family == OperatorFamily::Null { " and the key's presence is not tested" } else { "" }
        ),
    );
    let trimmed = value.text.trim();
    if values::is_bool(trimmed) {
        let fixed = trimmed.to_ascii_lowercase();
        finding = finding.with_fix(format!("Use \"{fixed}\""), vec![replace_string(value.range, &fixed)], true);
    }
    Some(finding)
}

fn multiple_booleans(ctx: &Context<'_>, entry: &ConditionEntry) -> Finding {
    let mut finding = ctx.finding(
        "INVALID_CONDITION_MULTIPLE_BOOLEAN",
        entry.key.range,
        format!(
            "`{}` has {} values under `Bool`, but a boolean is either true or false: keep one.",
            entry.key.value,
            entry.values.len()
        ),
    );
    let first = entry.values[0].text.to_ascii_lowercase();
    if values::is_bool(&first) && entry.values.iter().all(|v| v.text.eq_ignore_ascii_case(&first)) {
        finding = finding.with_fix(
            format!("Keep the single value \"{first}\""),
            vec![replace_string(entry.range, &first)],
            true,
        );
    }
    finding
}

/// The node whose range is exactly `range`, below `node`.
fn find_node(node: &Node, range: TextRange) -> Option<&Node> {
    if node.range == range {
        return Some(node);
    }
    if !node.range.contains_range(range) {
        return None;
    }
    let children: Box<dyn Iterator<Item = &Node>> = match (node.as_object(), node.as_array()) {
        (Some(members), _) => Box::new(members.iter().map(|m| &m.value)),
        (_, Some(items)) => Box::new(items.iter()),
        _ => return None,
    };
    children.into_iter().find_map(|child| find_node(child, range))
}

/// Removes the member whose key is at `key` from the object at `object` (found below `root`).
fn remove_member_at(ctx: &Context<'_>, root: &Node, object: TextRange, key: TextRange) -> Option<Edit> {
    let members = find_node(root, object)?.as_object()?;
    let index = members.iter().position(|m| m.key.range == key)?;
    Some(remove_member(ctx.text, members, index))
}
