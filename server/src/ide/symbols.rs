//! Document symbols: policy → statements → elements, for the outline and breadcrumbs.

use crate::checks::Analysis;
use crate::policy::{Policy, Statement};
use crate::syntax::{Node, NodeKind, PathStep, TextRange};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Policy,
    Statement,
    Element,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: TextRange,
    /// The part to select when jumping to the symbol; inside `range`.
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

pub fn symbols(analysis: &Analysis) -> Vec<Symbol> {
    analysis
        .document
        .policies
        .iter()
        .map(|policy| {
            let root = &analysis.parse.roots[policy.root];
            policy_symbol(policy, root)
        })
        .collect()
}

fn policy_symbol(policy: &Policy, root: &Node) -> Symbol {
    // In a template, where the policy is says more than its `Id`.
    let name = match (&policy.origin, &policy.id) {
        (Some(origin), _) => origin.clone(),
        (None, Some(id)) if !id.value.is_empty() => id.value.to_string(),
        _ => "Policy".to_owned(),
    };
    let version = policy.version.as_ref().map_or("no Version".to_owned(), |v| format!("Version {}", v.value));
    Symbol {
        name,
        detail: Some(format!("{} policy · {version}", policy.policy_type)),
        kind: SymbolKind::Policy,
        range: policy.range,
        selection: policy.id.as_ref().map_or(TextRange::new(policy.range.start, policy.range.start + 1), |id| id.range),
        children: policy.statements.iter().map(|s| statement_symbol(s, root)).collect(),
    }
}

fn statement_symbol(statement: &Statement, root: &Node) -> Symbol {
    let node = root.path_at(statement.range.start).into_iter().find_map(|step| match step {
        PathStep::Node(n) if n.range == statement.range => Some(n),
        _ => None,
    });
    let children = node
        .and_then(Node::as_object)
        .unwrap_or_default()
        .iter()
        .map(|m| Symbol {
            name: m.key.text.clone(),
            detail: Some(preview(&m.value)),
            kind: SymbolKind::Element,
            range: m.range(),
            selection: m.key.range,
            children: Vec::new(),
        })
        .collect();
    let selection =
        statement.sid.as_ref().map_or(TextRange::new(statement.range.start, statement.range.start + 1), |s| s.range);
    Symbol {
        name: statement.label(),
        detail: Some(summary(statement)),
        kind: SymbolKind::Statement,
        range: statement.range,
        selection,
        children,
    }
}

/// `Allow s3:GetObject, s3:PutObject (+3) on arn:aws:s3:::b/*`
fn summary(statement: &Statement) -> String {
    let effect = statement.effect.as_ref().map_or("?", |e| &*e.value);
    let mut out = effect.to_owned();
    let list = |items: &[crate::policy::Str]| {
        let shown: Vec<&str> = items.iter().take(2).map(|s| &*s.value).collect();
        let more = if items.len() > 2 { format!(" (+{})", items.len() - 2) } else { String::new() };
        format!("{}{more}", shown.join(", "))
    };
    if let Some((actions, negated)) = statement.actions() {
        out.push_str(if negated { " all but " } else { " " });
        out.push_str(&list(&actions.items));
    }
    // A `Resource` computed at deployment (`!GetAtt Queue.Arn`) has no item to show.
    if let Some((resources, negated)) = statement.resources()
        && !resources.items.is_empty()
    {
        out.push_str(if negated { " on all but " } else { " on " });
        out.push_str(&list(&resources.items));
    }
    out
}

fn preview(value: &Node) -> String {
    match &value.kind {
        NodeKind::String(s) if s.chars().count() > 40 => format!("{}…", s.chars().take(40).collect::<String>()),
        NodeKind::String(s) => s.to_string(),
        NodeKind::Array(items) if items.len() == 1 => "1 item".to_owned(),
        NodeKind::Array(items) => format!("{} items", items.len()),
        NodeKind::Object(members) => members.iter().map(|m| m.key.text.as_str()).collect::<Vec<_>>().join(", "),
        NodeKind::Number(n) => n.clone(),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Null => "null".to_owned(),
        NodeKind::Unknown(function) => format!("{function} (computed at deployment)"),
    }
}
