//! Builds the policy model from the syntax tree.

use std::sync::Arc;

use crate::syntax::{Member, Node, NodeKind, Parse};

use super::PolicyType;
use super::detect::detect;
use super::model::*;

/// The elements IAM accepts at the top of a policy.
pub const ELEMENTS: &[&str] = &["Version", "Id", "Statement"];

/// The elements IAM accepts in a statement.
pub const STATEMENT_ELEMENTS: &[&str] =
    &["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/// Finds the policies among a document's top-level values. A value is a policy when it is an object
/// with a `Statement`, or with a `Version` IAM knows: anything else (a `package.json`) is not one.
/// `policy_type` overrides the type inferred from `path` and content.
pub fn build(parse: &Parse, policy_type: Option<PolicyType>, path: Option<&str>) -> Document {
    let policies = parse
        .roots
        .iter()
        .enumerate()
        .filter(|(_, root)| is_policy(root))
        .map(|(i, root)| policy(i, root, policy_type, path))
        .collect();
    Document { policies }
}

fn is_policy(root: &Node) -> bool {
    root.as_object().is_some()
        && (root.get("Statement").is_some()
            || root
                .get("Version")
                .and_then(|m| m.value.as_str())
                .is_some_and(|v| v == "2012-10-17" || v == "2008-10-17"))
}

fn policy(root_index: usize, root: &Node, policy_type: Option<PolicyType>, path: Option<&str>) -> Policy {
    let mut statements = Vec::new();
    for member in root.members("Statement") {
        match &member.value.kind {
            NodeKind::Object(_) => statements.push(statement(statements.len(), &member.value)),
            NodeKind::Array(items) => {
                for item in items.iter().filter(|n| n.as_object().is_some()) {
                    statements.push(statement(statements.len(), item));
                }
            }
            _ => {}
        }
    }
    let (policy_type, type_explicit, type_reason) = match policy_type {
        Some(t) => (t, true, "set by the settings or `--policy-type`".to_owned()),
        None => {
            let (t, reason) = detect(&statements, path);
            (t, false, reason)
        }
    };
    Policy {
        root: root_index,
        range: root.range,
        version: string(root.get("Version")),
        id: string(root.get("Id")),
        statements,
        policy_type,
        type_explicit,
        type_reason,
        origin: None,
    }
}

fn statement(index: usize, node: &Node) -> Statement {
    Statement {
        index,
        range: node.range,
        sid: string(node.get("Sid")),
        effect: string(node.get("Effect")),
        principal: principal(node.get("Principal")),
        not_principal: principal(node.get("NotPrincipal")),
        action: str_list(node, "Action"),
        not_action: str_list(node, "NotAction"),
        resource: str_list(node, "Resource"),
        not_resource: str_list(node, "NotResource"),
        condition: condition(node.get("Condition")),
        computed: node.has_unknown(),
    }
}

fn string(member: Option<&Member>) -> Option<Str> {
    member.and_then(|m| str_of(&m.value))
}

fn str_of(node: &Node) -> Option<Str> {
    match &node.kind {
        NodeKind::String(s) => Some(Str { value: Arc::clone(s), range: node.range }),
        _ => None,
    }
}

/// Strings of a string-or-array value.
fn strings(node: &Node) -> Vec<Str> {
    match &node.kind {
        NodeKind::String(_) => str_of(node).into_iter().collect(),
        NodeKind::Array(items) => {
            // Sized for all: nearly every element is a string, and lists run to hundreds.
            let mut out = Vec::with_capacity(items.len());
            out.extend(items.iter().filter_map(str_of));
            out
        }
        _ => Vec::new(),
    }
}

/// Repeated keys are combined in order, as IAM's legacy parser did.
fn str_list(node: &Node, key: &str) -> Option<StrList> {
    let mut list: Option<StrList> = None;
    for m in node.members(key) {
        let items = strings(&m.value);
        let is_array = m.value.as_array().is_some();
        match &mut list {
            Some(l) => {
                l.key = m.key.range;
                l.range = m.value.range;
                l.is_array = is_array;
                l.items.extend(items);
            }
            None => list = Some(StrList { key: m.key.range, range: m.value.range, is_array, items }),
        }
    }
    list
}

fn principal(member: Option<&Member>) -> Option<Principal> {
    let m = member?;
    let value = match &m.value.kind {
        NodeKind::String(_) => PrincipalValue::Str(str_of(&m.value)?),
        NodeKind::Object(entries) => PrincipalValue::Map(
            entries
                .iter()
                .map(|e| PrincipalEntry {
                    kind: Str { value: e.key.text.as_str().into(), range: e.key.range },
                    range: e.value.range,
                    values: strings(&e.value),
                })
                .collect(),
        ),
        _ => PrincipalValue::Other,
    };
    Some(Principal { key: m.key.range, range: m.value.range, value })
}

fn condition(member: Option<&Member>) -> Option<Condition> {
    let m = member?;
    let blocks = m
        .value
        .as_object()
        .unwrap_or_default()
        .iter()
        .map(|block| ConditionBlock {
            operator: Str { value: block.key.text.as_str().into(), range: block.key.range },
            range: block.value.range,
            entries: block.value.as_object().unwrap_or_default().iter().map(condition_entry).collect(),
        })
        .collect();
    Some(Condition { key: m.key.range, range: m.value.range, blocks })
}

fn condition_entry(entry: &Member) -> ConditionEntry {
    let value = |n: &Node| {
        let (text, kind) = match &n.kind {
            NodeKind::String(s) => (s.to_string(), ValueKind::String),
            NodeKind::Number(s) => (s.clone(), ValueKind::Number),
            NodeKind::Bool(b) => (b.to_string(), ValueKind::Bool),
            _ => (String::new(), ValueKind::Other),
        };
        CondValue { text, range: n.range, kind }
    };
    let values = match &entry.value.kind {
        NodeKind::Array(items) => items.iter().map(value).collect(),
        _ => vec![value(&entry.value)],
    };
    ConditionEntry {
        key: Str { value: entry.key.text.as_str().into(), range: entry.key.range },
        range: entry.value.range,
        is_array: entry.value.as_array().is_some(),
        values,
    }
}
