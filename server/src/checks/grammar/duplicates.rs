//! `DUPLICATE_KEY`: a key written twice in one object. Checked on the raw tree, where repeated keys
//! are still apart (the policy model combines them the way IAM's legacy parser did).

use crate::checks::edit::{json_string, remove_members};
use crate::checks::{Context, Edit, Finding, Rule, Severity};
use crate::syntax::{Member, Node, NodeKind, Style};

use super::layout::is_multiline;
use super::merge::{merge_values, statement_array};
use super::tree::policies;

pub(super) const DUPLICATE_KEY: Rule = Rule {
    code: "DUPLICATE_KEY",
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

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, root) in policies(ctx) {
        walk(ctx, root, Place::Policy, false, out);
    }
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
    let mut seen: Vec<&str> = Vec::new();
    for m in members {
        let key = m.key.text.as_str();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let group: Vec<usize> = members.iter().enumerate().filter(|(_, o)| o.key.text == key).map(|(i, _)| i).collect();
        if group.len() < 2 {
            continue;
        }
        let first = &members[group[0]];
        let message = message(key, place);
        let fixes = repairs(ctx, object, members, &group, place, in_condition);
        for &i in &group[1..] {
            let mut finding = ctx
                .finding("DUPLICATE_KEY", members[i].key.range, message.clone())
                .with_related(first.key.range, format!("`{key}` first appears here"));
            for (title, edits, safe) in &fixes {
                finding = finding.with_fix(title.clone(), edits.clone(), *safe);
            }
            out.push(finding);
        }
    }
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
        .map(|&keep| {
            let key = json_string(&members[keep].key.text);
            let others: Vec<usize> = group.iter().copied().filter(|&i| i != keep).collect();
            (format!("Keep {key}: {}", raw(keep)), remove_members(ctx.text, members, &others), safe)
        })
        .collect()
}
