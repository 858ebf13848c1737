//! Writing statements in the layout of the one they come from, for fixes that add statements.

use crate::checks::Context;
use crate::policy::{Policy, Statement};
use crate::syntax::{Member, Node, Style, TextRange};

/// A statement's object node, and the `Statement` array holding it (`None` when `Statement` is a
/// single object).
pub(super) fn statement_node<'a>(
    ctx: &'a Context<'_>,
    policy: &Policy,
    stmt: &Statement,
) -> Option<(&'a Node, Option<&'a [Node]>)> {
    let root = ctx.parse.roots.get(policy.root)?;
    root.members("Statement").find_map(|m| match m.value.as_array() {
        // Elements are in text order: a binary search keeps long policies linear.
        Some(items) => items
            .binary_search_by_key(&stmt.range.start, |n| n.range.start)
            .ok()
            .filter(|&i| items[i].range == stmt.range)
            .map(|i| (&items[i], Some(items))),
        None => (m.value.range == stmt.range).then_some((&m.value, None)),
    })
}

/// How the members of an object are laid out.
pub(super) struct Layout {
    /// `None` when the object is written on one line.
    member_indent: Option<String>,
    close_indent: String,
    unit: String,
    newline: &'static str,
}

impl Layout {
    pub fn of(text: &str, object: &Node, style: &Style) -> Layout {
        let members = object.as_object().unwrap_or_default();
        let multiline = members.first().is_some_and(|m| text[object.range.start..m.key.range.start].contains('\n'));
        Layout {
            member_indent: multiline.then(|| Style::line_indent(text, members[0].key.range.start).to_owned()),
            close_indent: Style::line_indent(text, object.range.end.saturating_sub(1)).to_owned(),
            unit: style.indent.clone(),
            newline: style.newline,
        }
    }

    /// Separates statements of the `Statement` array.
    pub fn statement_separator(&self) -> String {
        if self.member_indent.is_some() { format!(",{}{}", self.newline, self.close_indent) } else { ", ".to_owned() }
    }

    /// An object of `"key": value` members (values already rendered) at this layout's depth.
    pub fn object(&self, members: &[(String, String)]) -> String {
        match &self.member_indent {
            None => {
                let inner: Vec<String> = members.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", inner.join(", "))
            }
            Some(indent) => {
                let sep = format!(",{}{indent}", self.newline);
                let inner: Vec<String> = members.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{nl}{indent}{}{nl}{}}}", inner.join(&sep), self.close_indent, nl = self.newline)
            }
        }
    }

    /// The same layout one level deeper, for a member's object value.
    pub fn nested(&self) -> Layout {
        match &self.member_indent {
            None => Layout {
                member_indent: None,
                close_indent: String::new(),
                unit: self.unit.clone(),
                newline: self.newline,
            },
            Some(indent) => Layout {
                member_indent: Some(format!("{indent}{}", self.unit)),
                close_indent: indent.clone(),
                unit: self.unit.clone(),
                newline: self.newline,
            },
        }
    }

    /// A JSON array of already rendered values: one per line when `multiline` and this layout is.
    pub fn array(&self, values: &[String], multiline: bool) -> String {
        match &self.member_indent {
            Some(indent) if multiline && values.len() > 1 => {
                let inner = format!("{indent}{}", self.unit);
                let sep = format!(",{}{inner}", self.newline);
                format!("[{nl}{inner}{}{nl}{indent}]", values.join(&sep), nl = self.newline)
            }
            _ => format!("[{}]", values.join(", ")),
        }
    }
}

/// The source text of a range.
pub(super) fn source(text: &str, range: TextRange) -> String {
    text[range.start..range.end].to_owned()
}

/// The members of a statement as `(key text, value text)`, verbatim.
pub(super) fn verbatim_members(text: &str, object: &Node) -> Vec<(String, String, &'static str)> {
    object
        .as_object()
        .unwrap_or_default()
        .iter()
        .map(|m: &Member| (source(text, m.key.range), source(text, m.value.range), element(&m.key.text)))
        .collect()
}

/// The statement element a key names, for deciding what to rewrite.
fn element(key: &str) -> &'static str {
    match key {
        "Sid" => "Sid",
        "Action" => "Action",
        "Condition" => "Condition",
        "Resource" => "Resource",
        _ => "",
    }
}
