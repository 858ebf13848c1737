//! Walking the raw syntax tree of a policy, where repeated keys and wrong types are still visible.

use crate::policy::Policy;
use crate::syntax::{Node, NodeKind, TextRange};

use super::Context;
use crate::checks::suggest::distance;

/// Each policy with its raw root object.
pub(super) fn policies<'a>(ctx: &'a Context<'_>) -> impl Iterator<Item = (&'a Policy, &'a Node)> {
    ctx.document.policies.iter().map(|p| (p, &ctx.parse.roots[p.root]))
}

/// The statement objects of a policy root, in the order of [`Policy::statements`].
pub(super) fn statement_nodes(root: &Node) -> Vec<&Node> {
    let mut nodes = Vec::new();
    for member in root.members("Statement") {
        match &member.value.kind {
            NodeKind::Object(_) => nodes.push(&member.value),
            NodeKind::Array(items) => nodes.extend(items.iter().filter(|n| n.as_object().is_some())),
            _ => {}
        }
    }
    nodes
}

/// The opening brace or bracket of a value: where a finding about a missing member points.
pub(super) fn opening(node: &Node) -> TextRange {
    TextRange::new(node.range.start, (node.range.start + 1).min(node.range.end))
}

/// Whether the value is a string or an array of strings only.
pub(super) fn is_string_list(node: &Node) -> bool {
    match &node.kind {
        NodeKind::String(_) => true,
        NodeKind::Array(items) => items.iter().all(|n| n.as_str().is_some()),
        _ => false,
    }
}

/// The strings of a string-or-array value.
pub(super) fn strings(node: &Node) -> Vec<&str> {
    match &node.kind {
        NodeKind::String(s) => vec![&**s],
        NodeKind::Array(items) => items.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Every string value (not key) under `node`, depth first.
pub(super) fn string_values<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    match &node.kind {
        NodeKind::String(_) => out.push(node),
        NodeKind::Array(items) => items.iter().for_each(|n| string_values(n, out)),
        NodeKind::Object(members) => members.iter().for_each(|m| string_values(&m.value, out)),
        _ => {}
    }
}

/// Whether `object` has the element `key`, or a misspelling of it (a key outside `valid`, equal
/// ignoring case or within two edits) that `INVALID_POLICY_ELEMENT` already reports with a rename:
/// one mistake, one error.
pub(super) fn has_element(object: &Node, valid: &[&str], key: &str) -> bool {
    object.as_object().unwrap_or_default().iter().any(|m| {
        let k = m.key.text.as_str();
        k == key || (!valid.contains(&k) && (k.eq_ignore_ascii_case(key) || distance(k, key) <= 2))
    })
}
