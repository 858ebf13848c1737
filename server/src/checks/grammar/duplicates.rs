//! `DUPLICATE_KEY`: a key written twice in one object. Checked on the raw tree, where repeated keys
//! are still apart (the policy model combines them the way IAM's legacy parser did).

use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;

use crate::checks::edit::{json_string, remove_members};
use crate::checks::{Context, Edit, Finding, Rule, Severity, Types};
use crate::syntax::{Member, Node, NodeKind, Style};

use super::layout::is_multiline;
use super::merge::{merge_values, statement_array};
use super::tree::policies;

pub(super) const DUPLICATE_KEY: Rule = Rule {
    code: "DUPLICATE_KEY",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "A key appears more than once in the same object.",
    explanation: "IAM rejects new or edited policies that repeat an element in the policy, a \
        statement, a `Principal` or a `Condition`. Policies saved before this check still work the \
        legacy way: the last `Effect` wins, while repeated `Action` or `Resource` lists are combined \
        into one. The quick fixes merge repeated `Statement`, `Action`, `Resource`, `Principal` and \
        `Condition` elements, or keep the one `Effect` you choose.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": "s3:*",
        "Resource": "arn:aws:s3:::amzn-s3-demo-bucket",
        "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
    }
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": "s3:*",
        "Resource": [
            "arn:aws:s3:::amzn-s3-demo-bucket",
            "arn:aws:s3:::amzn-s3-demo-bucket/*"
        ]
    }
}"#,
};

/// Each fix repairs every repeat of a key at once, so only the first repeats carry a copy: a key
/// repeated thousands of times must not cost thousands of copies of thousands of edits.
const MAX_FIXED_REPEATS: usize = 32;

/// Keep-one fixes offered at most: a menu of thousands of choices helps no one.
const MAX_KEEP_CHOICES: usize = 8;

/// Which object of a policy the keys belong to: it decides the message and the repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Policy,
    Statement,
    Principal,
    Condition,
    /// An operator block of a `Condition`.
    Operator,
    Other,
}

impl Place {
    fn child(self, key: &str) -> Place {
        match (self, key) {
            (Place::Policy, "Statement") => Place::Statement,
            (Place::Statement, "Principal" | "NotPrincipal") => Place::Principal,
            (Place::Statement, "Condition") => Place::Condition,
            (Place::Condition, _) => Place::Operator,
            _ => Place::Other,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Place::Policy => "policy",
            Place::Statement => "statement",
            Place::Principal => "principal",
            Place::Condition => "condition",
            Place::Operator => "condition operator block",
            Place::Other => "object",
        }
    }
}

/// Repeated keys outside the statement objects, which [`statement`] checks.
pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, root) in policies(ctx) {
        let NodeKind::Object(members) = &root.kind else {
            walk(ctx, root, Place::Policy, false, out);
            continue;
        };
        report(ctx, root, members, Place::Policy, false, out);
        for m in members {
            let place = Place::Policy.child(&m.key.text);
            match &m.value.kind {
                NodeKind::Object(_) if place == Place::Statement => {}
                NodeKind::Array(items) if place == Place::Statement => {
                    items.iter().filter(|n| n.as_object().is_none()).for_each(|n| walk(ctx, n, place, false, out));
                }
                _ => walk(ctx, &m.value, place, false, out),
            }
        }
    }
}

/// Repeated keys in one statement object and below it: with the statement rules, so that an
/// edit elsewhere does not walk it again.
pub(super) fn statement(ctx: &Context<'_>, node: &Node, out: &mut Vec<Finding>) {
    walk(ctx, node, Place::Statement, false, out);
}

fn walk(ctx: &Context<'_>, node: &Node, place: Place, in_condition: bool, out: &mut Vec<Finding>) {
    match &node.kind {
        NodeKind::Object(members) => {
            report(ctx, node, members, place, in_condition, out);
            for m in members {
                let child = place.child(&m.key.text);
                walk(ctx, &m.value, child, in_condition || child == Place::Condition, out);
            }
        }
        // Items of an array belong where the array does (`Statement: [{…}]`).
        NodeKind::Array(items) => items.iter().for_each(|n| walk(ctx, n, place, in_condition, out)),
        _ => {}
    }
}

fn report(
    ctx: &Context<'_>,
    object: &Node,
    members: &[Member],
    place: Place,
    in_condition: bool,
    out: &mut Vec<Finding>,
) {
    // Member indices by key, keys in order of first appearance: linear even for huge objects.
    if !has_repeats(members) {
        return;
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, m) in members.iter().enumerate() {
        match by_key.entry(m.key.text.as_str()) {
            Entry::Occupied(e) => groups[*e.get()].push(i),
            Entry::Vacant(e) => {
                e.insert(groups.len());
                groups.push(vec![i]);
            }
        }
    }
    for group in groups.iter().filter(|g| g.len() > 1) {
        let key = members[group[0]].key.text.as_str();
        let first = &members[group[0]];
        let message = message(key, place);
        let fixes = repairs(ctx, object, members, group, place, in_condition);
        for (n, &i) in group[1..].iter().enumerate() {
            let mut finding = ctx
                .finding("DUPLICATE_KEY", members[i].key.range, message.clone())
                .with_related(first.key.range, format!("`{key}` first appears here"));
            if n < MAX_FIXED_REPEATS {
                for (title, edits, safe) in &fixes {
                    finding = finding.with_fix(title.clone(), edits.clone(), *safe);
                }
            }
            out.push(finding);
        }
    }
}

/// Whether a key repeats, without allocating for the small objects nearly every one is.
fn has_repeats(members: &[Member]) -> bool {
    if members.len() <= 16 {
        return members.iter().enumerate().any(|(i, m)| members[..i].iter().any(|n| n.key.text == m.key.text));
    }
    let mut seen = rustc_hash::FxHashSet::default();
    !members.iter().all(|m| seen.insert(m.key.text.as_str()))
}

fn message(key: &str, place: Place) -> String {
    match (place, key) {
        (Place::Policy, "Statement") => "`Statement` is repeated in this policy; IAM rejects the policy: put every \
            statement in the one `Statement` array."
            .to_owned(),
        (Place::Statement, "Effect") => "`Effect` is repeated in this statement; IAM rejects repeated elements, \
            and in policies saved before that check only the last `Effect` counts."
            .to_owned(),
        (Place::Statement, "Action" | "NotAction" | "Resource" | "NotResource") => format!(
            "`{key}` is repeated in this statement; IAM rejects repeated elements, and in policies saved before \
             that check every `{key}` list is combined into one."
        ),
        _ => format!("`{key}` is repeated in this {}; IAM rejects a policy with a repeated key.", place.name()),
    }
}

type Repair = (String, Vec<Edit>, bool);

fn repairs(
    ctx: &Context<'_>,
    object: &Node,
    members: &[Member],
    group: &[usize],
    place: Place,
    in_condition: bool,
) -> Vec<Repair> {
    let key = members[group[0]].key.text.as_str();
    let multiline = is_multiline(ctx.text, object.range);
    let first = &members[group[0]];
    let indent = Style::line_indent(ctx.text, first.key.range.start);
    let values: Vec<&Node> = group.iter().map(|&i| &members[i].value).collect();
    let merged_edits = |text: String| {
        let mut edits = vec![Edit::replace(first.value.range, text)];
        edits.extend(remove_members(ctx.text, members, &group[1..]));
        edits
    };
    match (place, key) {
        (Place::Policy, "Statement") => {
            let text = statement_array(ctx, &values, indent, multiline);
            vec![("Merge duplicate Statement elements into one array".to_owned(), merged_edits(text), true)]
        }
        (Place::Policy | Place::Statement, "Effect" | "Sid" | "Version" | "Id") => keep_one(ctx, members, group),
        _ => {
            let Some(merged) = merge_values(ctx, &values, indent, multiline) else { return Vec::new() };
            let shape = if values.iter().all(|v| v.as_object().is_some()) { "object" } else { "array" };
            let title = format!("Merge duplicate {key} elements into one {shape}");
            // Uniting the values of a condition key given twice turns AND into OR.
            let safe = !(in_condition && merged.united_lists);
            vec![(title, merged_edits(merged.text), safe)]
        }
    }
}

/// One fix per distinct value: keep it, delete the others. Safe only when all values agree.
fn keep_one(ctx: &Context<'_>, members: &[Member], group: &[usize]) -> Vec<Repair> {
    let raw = |i: usize| &ctx.text[members[i].value.range.start..members[i].value.range.end];
    let mut kept: Vec<usize> = Vec::new();
    for &i in group {
        if !kept.iter().any(|&k| raw(k) == raw(i)) {
            kept.push(i);
        }
    }
    let safe = kept.len() == 1;
    kept.iter()
        .take(MAX_KEEP_CHOICES)
        .map(|&keep| {
            let key = json_string(&members[keep].key.text);
            let others: Vec<usize> = group.iter().copied().filter(|&i| i != keep).collect();
            (format!("Keep {key}: {}", raw(keep)), remove_members(ctx.text, members, &others), safe)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::checks::{Options, analyze, apply_edits};

    fn fixed(text: &str, title: &str) -> String {
        let analysis = analyze(text, &Options::default());
        let fix = analysis.findings.iter().flat_map(|f| &f.fixes).find(|f| f.title == title).expect(title);
        apply_edits(text, &fix.edits)
    }

    #[test]
    fn merges_keep_tabs_and_crlf() {
        let text = "{\r\n\t\"Version\": \"2012-10-17\",\r\n\t\"Statement\": {\r\n\t\t\"Effect\": \"Allow\",\r\n\t\t\"Action\": \"s3:GetObject\",\r\n\t\t\"Resource\": \"*\"\r\n\t},\r\n\t\"Statement\": {\r\n\t\t\"Effect\": \"Deny\",\r\n\t\t\"Action\": \"s3:DeleteObject\",\r\n\t\t\"Resource\": \"*\"\r\n\t}\r\n}\r\n";
        let want = "{\r\n\t\"Version\": \"2012-10-17\",\r\n\t\"Statement\": [\r\n\t\t{\r\n\t\t\t\"Effect\": \"Allow\",\r\n\t\t\t\"Action\": \"s3:GetObject\",\r\n\t\t\t\"Resource\": \"*\"\r\n\t\t},\r\n\t\t{\r\n\t\t\t\"Effect\": \"Deny\",\r\n\t\t\t\"Action\": \"s3:DeleteObject\",\r\n\t\t\t\"Resource\": \"*\"\r\n\t\t}\r\n\t]\r\n}\r\n";
        assert_eq!(fixed(text, "Merge duplicate Statement elements into one array"), want);
    }

    #[test]
    fn merges_inline_lists_inline() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Action": ["s3:PutObject", "s3:GetObject"]}}"#;
        assert_eq!(
            fixed(text, "Merge duplicate Action elements into one array"),
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}}"#
        );
    }

    #[test]
    fn a_key_repeated_thousands_of_times_stays_cheap() {
        let members: Vec<String> = (0..5000).map(|i| format!("\"Sid\": \"S{i}\"")).collect();
        let text = format!(
            "{{\"Version\": \"2012-10-17\", \"Statement\": {{{}, \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}}}",
            members.join(", ")
        );
        let analysis = analyze(&text, &Options::default());
        let repeats: Vec<_> = analysis.findings.iter().filter(|f| f.code == "DUPLICATE_KEY").collect();
        assert_eq!(repeats.len(), 4999);
        assert_eq!(repeats.iter().filter(|f| !f.fixes.is_empty()).count(), super::MAX_FIXED_REPEATS);
    }
}
