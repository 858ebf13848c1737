//! "Split into one statement per condition": when every action lacks one of the condition keys,
//! one statement per group of actions, each keeping only the blocking keys its actions support.

use crate::checks::{Context, Edit};
use crate::policy::{ConditionEntry, Policy};

use super::layout::{Layout, source, statement_node, verbatim_members};
use super::reach::Reach;

pub(super) const TITLE: &str = "Split into one statement per condition";

/// The edit replacing the statement by one statement per group, or `None` when the actions do
/// not fall into clean groups (an entry whose actions support different keys, or none).
pub(super) fn split(ctx: &Context<'_>, policy: &Policy, reach: &Reach<'_>) -> Option<Edit> {
    let stmt = reach.stmt;
    let condition = stmt.condition.as_ref()?;
    let actions = stmt.action.as_ref()?;
    // Group `Action` entries by the set of blocking keys their actions support.
    let mut groups: Vec<(u64, Vec<usize>)> = Vec::new();
    for (index, item) in reach.items.iter().enumerate() {
        if item.opaque {
            return None;
        }
        let mut masks =
            reach.live.iter().filter(|(a, _)| item.actions.iter().any(|b| a.action == b.action)).map(|(_, mask)| *mask);
        let mask = masks.next()?;
        if mask == 0 || masks.any(|m| m != mask) {
            return None;
        }
        match groups.iter_mut().find(|(m, _)| *m == mask) {
            Some((_, items)) => items.push(index),
            None => groups.push((mask, vec![index])),
        }
    }
    if groups.len() < 2 {
        return None;
    }
    let (node, in_array) = statement_node(ctx, policy, stmt)?;
    let members = verbatim_members(ctx.text, node);
    if members.iter().filter(|(_, _, e)| *e == "Action" || *e == "Condition").count() != 2 {
        return None;
    }
    let layout = Layout::of(ctx.text, node, ctx.style());
    let inner = layout.nested();
    let action_multiline = source(ctx.text, actions.range).contains('\n');
    let blocking_bit = |entry: &ConditionEntry| {
        reach.blocking.iter().position(|b| std::ptr::eq(b.entry, entry)).map(|i| 1u64 << i.min(63))
    };
    let statements: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(g, (mask, items))| {
            let mut out = Vec::new();
            for (key, value, element) in &members {
                match *element {
                    "Sid" if g > 0 => {}
                    "Action" => {
                        let values: Vec<String> =
                            items.iter().map(|&i| source(ctx.text, reach.items[i].item.range)).collect();
                        let value =
                            if values.len() == 1 { values[0].clone() } else { layout.array(&values, action_multiline) };
                        out.push((key.clone(), value));
                    }
                    "Condition" => {
                        let blocks_layout = inner.nested();
                        let blocks: Vec<(String, String)> = condition
                            .blocks
                            .iter()
                            .filter_map(|block| {
                                let entries: Vec<(String, String)> = block
                                    .entries
                                    .iter()
                                    .filter(|e| blocking_bit(e).is_none_or(|bit| mask & bit != 0))
                                    .map(|e| {
                                        let values: Vec<String> =
                                            e.values.iter().map(|v| source(ctx.text, v.range)).collect();
                                        let value = if values.len() == 1 {
                                            values[0].clone()
                                        } else {
                                            blocks_layout.array(&values, source(ctx.text, e.range).contains('\n'))
                                        };
                                        (source(ctx.text, e.key.range), value)
                                    })
                                    .collect();
                                (!entries.is_empty())
                                    .then(|| (source(ctx.text, block.operator.range), blocks_layout.object(&entries)))
                            })
                            .collect();
                        if !blocks.is_empty() {
                            out.push((key.clone(), inner.object(&blocks)));
                        }
                    }
                    _ => out.push((key.clone(), value.clone())),
                }
            }
            layout.object(&out)
        })
        .collect();
    let joined = statements.join(&layout.statement_separator());
    let new_text = if in_array.is_some() { joined } else { format!("[{joined}]") };
    Some(Edit::replace(stmt.range, new_text))
}
