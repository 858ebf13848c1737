//! `DUPLICATE_KEY` repairs written in YAML: the JSON ones rewrite members and brackets, which
//! YAML writes as lines. Offered only where the layout is plain block YAML (each member's key
//! first on its line), so that no edit can break the file.

use super::{Edit, Finding, Fix};
use crate::syntax::{Member, Node, NodeKind, TextRange};

/// The repairs of a repeated key: merging two sequences into the first, or keeping one of the
/// scalar values.
pub(super) fn repeated_key(text: &str, roots: &[Node], finding: &Finding) -> Vec<Fix> {
    let Some(first_key) = finding.related.first().map(|r| r.range) else { return Vec::new() };
    let Some(members) = roots.iter().find_map(|r| object_with(r, finding.range)) else { return Vec::new() };
    let (Some(first), Some(repeat)) =
        (members.iter().find(|m| m.key.range == first_key), members.iter().find(|m| m.key.range == finding.range))
    else {
        return Vec::new();
    };
    let Some(remove) = remove_member(text, repeat) else { return Vec::new() };
    let key = &first.key.text;
    match (&first.value.kind, &repeat.value.kind) {
        (NodeKind::Array(_), NodeKind::Array(_)) => merge(text, first, repeat)
            .map(|edit| Fix {
                title: format!("Merge duplicate {key} elements into one array"),
                edits: vec![edit, remove],
                // Statements side by side mean what they meant in two keys; united lists may not.
                safe: key == "Statement",
            })
            .into_iter()
            .collect(),
        (NodeKind::Array(_) | NodeKind::Object(_), _) | (_, NodeKind::Array(_) | NodeKind::Object(_)) => Vec::new(),
        _ => keep_one(text, members, key),
    }
}

/// The members of the object holding a member whose key is at `key`.
fn object_with(node: &Node, key: TextRange) -> Option<&[Member]> {
    if !node.range.contains_range(key) {
        return None;
    }
    match &node.kind {
        NodeKind::Object(members) if members.iter().any(|m| m.key.range == key) => Some(members),
        NodeKind::Object(members) => members.iter().find_map(|m| object_with(&m.value, key)),
        NodeKind::Array(items) => items.iter().find_map(|n| object_with(n, key)),
        _ => None,
    }
}

/// Deletes a member's lines, from the end of the line above to the end of its value; `None` when
/// its key is not the first thing on its line (a flow mapping, a `- key:` item).
fn remove_member(text: &str, member: &Member) -> Option<Edit> {
    let line = text[..member.key.range.start].rfind('\n')?;
    text[line + 1..member.key.range.start].trim().is_empty().then(|| {
        let end = member.value.range.end.max(member.key.range.end);
        Edit::delete(TextRange::new(line, end))
    })
}

/// The column of the `-` introducing the block sequence item that starts at `at`.
fn dash_column(text: &str, at: usize) -> Option<usize> {
    let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line..at].trim().is_empty().then_some(at - line)
}

/// The repeat's items appended to the first sequence, in the first's layout.
fn merge(text: &str, first: &Member, repeat: &Member) -> Option<Edit> {
    let (a, b) = (first.value.range, repeat.value.range);
    let raw = |r: TextRange| &text[r.start..r.end];
    match (raw(a).starts_with('-'), raw(b).starts_with('-')) {
        (true, true) => {
            let (to, from) = (dash_column(text, a.start)?, dash_column(text, b.start)?);
            let mut lines = raw(b).split('\n');
            let mut moved = lines.next()?.to_owned();
            for line in lines {
                let body = line.strip_prefix(&" ".repeat(from)).or_else(|| line.trim().is_empty().then_some(""))?;
                moved.push('\n');
                if !body.is_empty() {
                    moved.push_str(&" ".repeat(to));
                }
                moved.push_str(body);
            }
            Some(Edit::insert(a.end, format!("\n{}{moved}", " ".repeat(to))))
        }
        (false, false) if raw(a).starts_with('[') && raw(b).starts_with('[') => {
            let inner = |r: TextRange| raw(r)[1..raw(r).len() - 1].trim().trim_end_matches(',').trim_end().to_owned();
            let items: Vec<String> = [inner(a), inner(b)].into_iter().filter(|s| !s.is_empty()).collect();
            Some(Edit::replace(a, format!("[{}]", items.join(", "))))
        }
        _ => None,
    }
}

/// One fix per distinct value: keep it, delete the other members with the key. Safe when all
/// the values agree.
fn keep_one(text: &str, members: &[Member], key: &str) -> Vec<Fix> {
    let group: Vec<&Member> = members.iter().filter(|m| m.key.text == key).collect();
    let raw = |m: &Member| text[m.value.range.start..m.value.range.end].to_owned();
    let mut kept: Vec<&Member> = Vec::new();
    for m in &group {
        if !kept.iter().any(|k| raw(k) == raw(m)) {
            kept.push(m);
        }
    }
    let safe = kept.len() == 1;
    kept.iter()
        .filter_map(|keep| {
            let edits = group
                .iter()
                .filter(|m| !std::ptr::eq(**m, *keep))
                .map(|m| remove_member(text, m))
                .collect::<Option<Vec<_>>>()?;
            Some(Fix { title: format!("Keep {key}: {}", raw(keep)), edits, safe })
        })
        .collect()
}
