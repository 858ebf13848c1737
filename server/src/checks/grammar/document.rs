//! The shape of the document: one policy object holding a `Statement`, every element of the right
//! JSON type.

use crate::checks::edit::{insert_first_member, remove_members};
use crate::checks::{Context, Edit, Finding, Rule, Severity, Types};
use crate::policy::ELEMENTS;
use crate::syntax::{Member, Node, NodeKind, Style, TextRange};

use super::layout::is_multiline;
use super::merge::statement_array;
use super::tree::{has_element, opening, policies};

pub(super) const MULTIPLE_TOP_LEVEL_OBJECTS: Rule = Rule {
    code: "MULTIPLE_TOP_LEVEL_OBJECTS",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "The document holds more than one top-level JSON object.",
    explanation: "An IAM policy is exactly one JSON object. To grant what several objects describe, \
        put all of their statements into the single `Statement` array of one object with one \
        `Version`; the quick fix does that.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}
}
{
    "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}
    ]
}"#,
};

pub(super) const MISSING_STATEMENT: Rule = Rule {
    code: "MISSING_STATEMENT",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "The policy has no `Statement` element.",
    explanation: "Every policy needs a `Statement`: an object, or an array of objects, each granting \
        or denying permissions. IAM rejects a policy without one.",
    bad: r#"{
    "Version": "2012-10-17"
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
};

pub(super) const DATA_TYPE_MISMATCH: Rule = Rule {
    code: "DATA_TYPE_MISMATCH",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "An element has the wrong JSON type.",
    explanation: "IAM expects `Version`, `Id`, `Sid` and `Effect` to be strings; `Statement` an \
        object or an array of objects; `Action`, `NotAction`, `Resource` and `NotResource` a string \
        or an array of strings; `Principal` `\"*\"` or an object of strings or string arrays; \
        `Condition` an object of operator blocks, each mapping condition keys to a value or an array \
        of values. Any other type is rejected.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": true, "Action": ["s3:GetObject", 42], "Resource": {"Bucket": "*"}}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]
}"#,
};

pub(super) const EMPTY_ARRAY_STATEMENT: Rule = Rule {
    code: "EMPTY_ARRAY_STATEMENT",
    types: Types::ALL,
    severity: Severity::Warning,
    summary: "`Statement` is an empty array.",
    explanation: "A policy without statements grants and denies nothing; it is almost always an \
        unfinished edit.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": []
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]
}"#,
};

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    multiple_objects(ctx, out);
    for (_, root) in policies(ctx) {
        policy_shape(ctx, root, out);
    }
}

pub(super) fn statement(ctx: &Context<'_>, node: &Node, out: &mut Vec<Finding>) {
    statement_types(ctx, node, out);
}

fn multiple_objects(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let roots = &ctx.parse.roots;
    let Some(second) = roots.get(1) else { return };
    let range = if second.as_object().is_some() { opening(second) } else { second.range };
    let finding = ctx.finding(
        "MULTIPLE_TOP_LEVEL_OBJECTS",
        range,
        format!(
            "A second top-level JSON value starts here, but a policy is exactly one JSON object; IAM \
             rejects the document ({} top-level values).",
            roots.len()
        ),
    );
    out.push(match merge_roots(ctx) {
        Some(edits) => finding.with_fix("Merge into one policy with a single Statement array", edits, true),
        None => finding,
    });
}

/// One object keeping the first `Version` and `Id`, whose one `Statement` array holds every
/// statement of every object, in order.
fn merge_roots(ctx: &Context<'_>) -> Option<Vec<Edit>> {
    let roots = &ctx.parse.roots;
    if roots.iter().any(|r| r.as_object().is_none()) {
        return None;
    }
    let (first, last) = (&roots[0], roots.last()?);
    let first_members = first.as_object()?;
    let values: Vec<&Node> = roots.iter().flat_map(|r| r.members("Statement")).map(|m| &m.value).collect();
    let multiline = is_multiline(ctx.text, TextRange::new(first.range.start, last.range.end));
    let mut edits = Vec::new();
    let own: Vec<usize> =
        first_members.iter().enumerate().filter(|(_, m)| m.key.text == "Statement").map(|(i, _)| i).collect();
    match own.split_first() {
        Some((&target, later)) => {
            let member = &first_members[target];
            let indent = Style::line_indent(ctx.text, member.key.range.start);
            edits.push(Edit::replace(member.value.range, statement_array(ctx, &values, indent, multiline)));
            edits.extend(remove_members(ctx.text, first_members, later));
        }
        None if !values.is_empty() => edits.push(append_member(ctx, first, "\"Statement\"", |indent| {
            statement_array(ctx, &values, indent, multiline)
        })),
        None => {}
    }
    if first.get("Version").is_none()
        && let Some(version) = roots[1..].iter().find_map(|r| r.get("Version"))
    {
        let raw = &ctx.text[version.value.range.start..version.value.range.end];
        edits.push(insert_first_member(ctx.text, first, "Version", raw, ctx.style()));
    }
    edits.push(Edit::delete(TextRange::new(first.range.end, last.range.end)));
    Some(edits)
}

/// Appends `key: value` as the last member of `object`, laid out like its members; `value` is
/// rendered for the indentation of the member's line.
fn append_member(ctx: &Context<'_>, object: &Node, key: &str, value: impl Fn(&str) -> String) -> Edit {
    let members = object.as_object().unwrap_or_default();
    match members.last() {
        Some(last) => {
            let indent = Style::line_indent(ctx.text, last.key.range.start);
            let own_line = ctx.text[..last.key.range.start].ends_with(indent)
                && ctx.text[..last.key.range.start.saturating_sub(indent.len())].ends_with('\n');
            let sep = if own_line { format!(",{}{indent}", ctx.style().newline) } else { ", ".to_owned() };
            Edit::insert(last.range().end, format!("{sep}{key}: {}", value(indent)))
        }
        None => Edit::insert(object.range.start + 1, format!("{key}: {}", value(""))),
    }
}

fn policy_shape(ctx: &Context<'_>, root: &Node, out: &mut Vec<Finding>) {
    let Some(members) = root.as_object() else { return };
    if !has_element(root, ELEMENTS, "Statement") {
        out.push(ctx.finding(
            "MISSING_STATEMENT",
            opening(root),
            "This policy has no `Statement`, so it grants nothing; IAM rejects a policy without one.",
        ));
    }
    for m in members {
        match m.key.text.as_str() {
            "Version" | "Id" => expect_string(ctx, m, out),
            "Statement" => match &m.value.kind {
                NodeKind::Object(_) | NodeKind::Unknown(_) => {}
                NodeKind::Array(items) if items.is_empty() => out.push(ctx.finding(
                    "EMPTY_ARRAY_STATEMENT",
                    m.value.range,
                    "`Statement` is an empty array, so this policy grants and denies nothing.",
                )),
                NodeKind::Array(items) => {
                    for item in items.iter().filter(|n| n.as_object().is_none() && !is_computed(n)) {
                        out.push(mismatch(ctx, item, None, "Each item of `Statement`", "an object"));
                    }
                }
                _ => out.push(mismatch(
                    ctx,
                    &m.value,
                    Some(m.key.range),
                    "`Statement`",
                    "an object or an array of objects",
                )),
            },
            _ => {}
        }
    }
}

fn statement_types(ctx: &Context<'_>, statement: &Node, out: &mut Vec<Finding>) {
    for m in statement.as_object().unwrap_or_default() {
        match m.key.text.as_str() {
            "Sid" | "Effect" => expect_string(ctx, m, out),
            "Action" | "NotAction" | "Resource" | "NotResource" => string_list(ctx, m, out),
            "Principal" | "NotPrincipal" => match &m.value.kind {
                NodeKind::String(_) => {}
                NodeKind::Object(entries) => {
                    for e in entries {
                        string_list(ctx, e, out);
                    }
                }
                _ => out.push(mismatch(
                    ctx,
                    &m.value,
                    Some(m.key.range),
                    &format!("`{}`", m.key.text),
                    "\"*\" or an object",
                )),
            },
            "Condition" => condition(ctx, m, out),
            _ => {}
        }
    }
}

fn condition(ctx: &Context<'_>, m: &Member, out: &mut Vec<Finding>) {
    let Some(blocks) = m.value.as_object() else {
        if is_computed(&m.value) {
            return;
        }
        out.push(mismatch(ctx, &m.value, Some(m.key.range), "`Condition`", "an object of condition operators"));
        return;
    };
    for block in blocks {
        let Some(entries) = block.value.as_object() else {
            let what = format!("The `{}` block", block.key.text);
            out.push(mismatch(ctx, &block.value, Some(block.key.range), &what, "an object of condition keys"));
            continue;
        };
        for entry in entries {
            match &entry.value.kind {
                NodeKind::Array(items) => {
                    for item in items.iter().filter(|n| !is_scalar(n) && !is_computed(n)) {
                        let each = format!("Each value of `{}`", entry.key.text);
                        out.push(mismatch(ctx, item, None, &each, "a string, number or boolean"));
                    }
                }
                _ if is_scalar(&entry.value) || is_computed(&entry.value) => {}
                _ => out.push(mismatch(
                    ctx,
                    &entry.value,
                    Some(entry.key.range),
                    &format!("The value of `{}`", entry.key.text),
                    "a string, number or boolean, or an array of them",
                )),
            }
        }
    }
}

fn is_scalar(node: &Node) -> bool {
    matches!(node.kind, NodeKind::String(_) | NodeKind::Number(_) | NodeKind::Bool(_))
}

/// A value computed at deployment may be of the right type: it is not judged.
fn is_computed(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Unknown(_))
}

fn expect_string(ctx: &Context<'_>, m: &Member, out: &mut Vec<Finding>) {
    if m.value.as_str().is_none() && !is_computed(&m.value) {
        out.push(mismatch(ctx, &m.value, Some(m.key.range), &format!("`{}`", m.key.text), "a string"));
    }
}

/// A string or an array of strings: each wrong item is reported on its own.
fn string_list(ctx: &Context<'_>, m: &Member, out: &mut Vec<Finding>) {
    let key = &m.key.text;
    match &m.value.kind {
        NodeKind::String(_) | NodeKind::Unknown(_) => {}
        NodeKind::Array(items) => {
            for item in items.iter().filter(|n| n.as_str().is_none() && !is_computed(n)) {
                out.push(mismatch(ctx, item, None, &format!("Each item of `{key}`"), "a string"));
            }
        }
        _ => {
            out.push(mismatch(ctx, &m.value, Some(m.key.range), &format!("`{key}`"), "a string or an array of strings"))
        }
    }
}

/// Points at the wrong value, or when that is a whole object or array, at its key (or for an
/// item, its opening bracket).
fn mismatch(ctx: &Context<'_>, node: &Node, key: Option<TextRange>, what: &str, expected: &str) -> Finding {
    let message = format!("{what} must be {expected}, but this is {}; IAM rejects the policy.", node.type_name());
    let range = match node.kind {
        NodeKind::Object(_) | NodeKind::Array(_) => key.unwrap_or_else(|| opening(node)),
        _ => node.range,
    };
    ctx.finding("DATA_TYPE_MISMATCH", range, message)
}

#[cfg(test)]
mod tests {
    use crate::checks::{Options, analyze, apply_edits};

    fn merged(text: &str) -> Option<String> {
        let analysis = analyze(text, &Options::default());
        let finding = analysis.findings.iter().find(|f| f.code == "MULTIPLE_TOP_LEVEL_OBJECTS")?;
        finding.fixes.first().map(|fix| apply_edits(text, &fix.edits))
    }

    #[test]
    fn merges_into_a_first_object_without_statement() {
        let text = "{\n  \"Version\": \"2012-10-17\"\n}\n{\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}\n}\n";
        assert_eq!(
            merged(text).unwrap(),
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}\n  ]\n}\n"
        );
    }

    #[test]
    fn merges_repeated_statements_of_the_first_object_too() {
        let text =
            "{\"Statement\": {\"Sid\": \"A\"}, \"Statement\": [{\"Sid\": \"B\"}]} {\"Statement\": {\"Sid\": \"C\"}}";
        assert_eq!(merged(text).unwrap(), "{\"Statement\": [{\"Sid\": \"A\"}, {\"Sid\": \"B\"}, {\"Sid\": \"C\"}]}");
    }

    #[test]
    fn merges_objects_pasted_with_a_comma_between_them() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Sid\": \"A\"}\n},\n{\n  \"Statement\": [{\"Sid\": \"B\"}]\n},\n";
        let fixed = merged(text).expect("the merge fix");
        assert_eq!(
            fixed,
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"A\"},\n    {\"Sid\": \"B\"}\n  ]\n},\n"
        );
        // The comma after the second object is left for its own fix; fix-all removes both.
        let all = crate::checks::fix_all(text, &Options::default()).text;
        let analysis = analyze(&all, &Options::default());
        assert!(analysis.parse.errors.is_empty() && analysis.parse.roots.len() == 1, "{all}");
    }

    #[test]
    fn offers_no_merge_when_a_top_level_value_is_not_an_object() {
        let text = r#"{"Version": "2012-10-17", "Statement": []} ["x"]"#;
        assert_eq!(merged(text), None);
        let analysis = analyze(text, &Options::default());
        assert!(analysis.findings.iter().any(|f| f.code == "MULTIPLE_TOP_LEVEL_OBJECTS"));
    }
}
