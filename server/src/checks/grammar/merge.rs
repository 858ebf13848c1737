//! Merging repeated elements into one, as the fixes for repeated keys and repeated policy objects
//! do: statements are concatenated, string lists united, maps merged key by key.

use std::collections::HashSet;

use crate::checks::edit::{json_string, string_array};
use crate::syntax::{Key, Node, NodeKind};

use super::Context;
use super::layout::{array, deeper, moved, object};
use super::tree::{is_string_list, strings};

/// Every statement of `values` (objects, or arrays of them) in order, as one array laid out for a
/// member whose line is indented by `indent`.
pub(super) fn statement_array(ctx: &Context<'_>, values: &[&Node], indent: &str, multiline: bool) -> String {
    let inner = deeper(indent, ctx.style());
    let items: Vec<String> =
        values
            .iter()
            .flat_map(|v| match &v.kind {
                NodeKind::Array(items) => items.iter().collect::<Vec<_>>(),
                _ => vec![*v],
            })
            .map(|n| {
                if multiline {
                    moved(ctx.text, n.range, &inner)
                } else {
                    ctx.text[n.range.start..n.range.end].to_owned()
                }
            })
            .collect();
    array(&items, indent, ctx.style(), multiline)
}

/// Several values of one element merged into one.
enum Merged<'a> {
    /// Written once: copied as it is.
    Raw(&'a Node),
    /// String lists united, in order, exact duplicates dropped.
    List(Vec<&'a str>),
    Object(Vec<(&'a Key, Merged<'a>)>),
}

/// The result of [`merge_values`].
pub(super) struct MergedValue {
    pub text: String,
    /// Whether string lists were united, at the top or under a key both values have (a condition
    /// key given twice): its values then match more requests than either alone did.
    pub united_lists: bool,
}

/// Merges values (string lists or objects) into one, laid out for a member whose line is indented
/// by `indent`. `None` when they are not all of one mergeable kind.
pub(super) fn merge_values(ctx: &Context<'_>, values: &[&Node], indent: &str, multiline: bool) -> Option<MergedValue> {
    let (first, rest) = values.split_first()?;
    let mut united_lists = false;
    let mut merged = Merged::Raw(first);
    for value in rest {
        merged = merge(merged, value, &mut united_lists)?;
    }
    united_lists |= matches!(merged, Merged::List(_));
    let text = render(ctx, &merged, indent, multiline);
    Some(MergedValue { text, united_lists })
}

fn merge<'a>(acc: Merged<'a>, value: &'a Node, united: &mut bool) -> Option<Merged<'a>> {
    match acc {
        Merged::Raw(node) if node.as_object().is_some() => merge(Merged::Object(object_of(node)?), value, united),
        Merged::Raw(node) if is_string_list(node) => merge(Merged::List(strings(node)), value, united),
        Merged::List(mut items) if is_string_list(value) => {
            let mut seen: HashSet<&str> = items.iter().copied().collect();
            items.extend(strings(value).into_iter().filter(|s| seen.insert(s)));
            Some(Merged::List(items))
        }
        Merged::Object(mut members) => {
            for m in value.as_object()? {
                add_member(&mut members, &m.key, &m.value, united)?;
            }
            Some(Merged::Object(members))
        }
        _ => None,
    }
}

/// An object's members, its own repeated keys merged too.
fn object_of(node: &Node) -> Option<Vec<(&Key, Merged<'_>)>> {
    let mut members = Vec::new();
    let mut united = false;
    for m in node.as_object()? {
        add_member(&mut members, &m.key, &m.value, &mut united)?;
    }
    Some(members)
}

fn add_member<'a>(
    members: &mut Vec<(&'a Key, Merged<'a>)>,
    key: &'a Key,
    value: &'a Node,
    united: &mut bool,
) -> Option<()> {
    match members.iter().position(|(k, _)| k.text == key.text) {
        Some(i) => {
            let (k, acc) = members.remove(i);
            let merged = merge(acc, value, united)?;
            *united |= matches!(merged, Merged::List(_));
            members.insert(i, (k, merged));
        }
        None => members.push((key, Merged::Raw(value))),
    }
    Some(())
}

fn render(ctx: &Context<'_>, merged: &Merged<'_>, indent: &str, multiline: bool) -> String {
    match merged {
        Merged::Raw(node) => moved(ctx.text, node.range, indent),
        Merged::List(items) if items.len() == 1 => json_string(items[0]),
        Merged::List(items) => string_array(items, multiline.then_some((indent, ctx.style()))),
        Merged::Object(members) => {
            let inner = deeper(indent, ctx.style());
            let members: Vec<(String, String)> = members
                .iter()
                .map(|(k, v)| (ctx.text[k.range.start..k.range.end].to_owned(), render(ctx, v, &inner, multiline)))
                .collect();
            object(&members, indent, ctx.style(), multiline)
        }
    }
}
