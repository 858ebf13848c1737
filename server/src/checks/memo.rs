//! What the rules found in each statement, kept from one analysis of a document to the next, so
//! that an edit re-runs the statement rules of the statements it touches only.
//!
//! A statement's entry is keyed by a hash of the text around it (from where the previous element
//! of its `Statement` array ends, or its own line's start, to where the next one starts), of
//! its position, and of everything of its policy and of the analysis that statement rules may
//! read. Findings are stored relative to the start of that text and moved to where it is now;
//! a statement whose findings reach outside that text is not kept. The cross-statement rules
//! (redundancy, shadowing, duplicate `Sid`s) run on every analysis, from each statement's
//! [`Summary`].

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHasher};

use super::effective::StatementHeads;
use super::{Context, Finding};
use crate::policy::Policy;
use crate::syntax::{Node, NodeKind, TextRange};

/// Per statement, what its rules found: the input of the next analysis of the same document.
#[derive(Debug, Clone, Default)]
pub struct Memo {
    entries: FxHashMap<u64, Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// Ranges relative to the start of the hashed text.
    findings: Vec<Finding>,
    summary: Summary,
}

/// What the cross-statement rules need to know of one statement, found with its statement rules
/// so that an edit elsewhere does not compute it again.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    /// The statement can match no request, or cannot be judged: no other is compared with it.
    pub matches_nothing: bool,
    /// The characters of the statement's text the size quotas count; `None` when its policy was
    /// too short to need them.
    pub size: Option<usize>,
    /// Its entries as the coverage index files them; `None` for a statement no index holds.
    pub heads: Option<Arc<StatementHeads>>,
}

impl Default for Summary {
    fn default() -> Self {
        Summary { matches_nothing: true, size: None, heads: None }
    }
}

/// What the statement rules produce for one statement.
#[derive(Debug, Default)]
pub(crate) struct Local {
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// One statement object of a policy, with the text its memo entry depends on.
pub(crate) struct Slot<'a> {
    pub node: &'a Node,
    /// From where the previous element ends (or the array opens), or the start of the statement's
    /// line if that is earlier (fixes indent like it), to where the next element starts (or the
    /// array closes). `None` for a statement on the line of the one before it (a minified
    /// policy): its text would reach back over that one and every one before, so that keying
    /// all of a line's statements by their text would cost the square of the line's length.
    around: Option<TextRange>,
}

/// The statement objects of a policy root, in the order of [`Policy::statements`].
pub(crate) fn slots<'a>(text: &str, root: &'a Node) -> Vec<Slot<'a>> {
    let mut slots = Vec::new();
    for member in root.members("Statement") {
        match &member.value.kind {
            NodeKind::Object(_) => {
                let around = TextRange::new(line_start(text, member.key.range.start), member.value.range.end);
                slots.push(Slot { node: &member.value, around: Some(around) });
            }
            NodeKind::Array(items) => {
                for (i, item) in items.iter().enumerate().filter(|(_, n)| n.as_object().is_some()) {
                    let after = items.get(i + 1).map_or(member.value.range.end, |n| n.range.start);
                    let start = match i.checked_sub(1).map(|p| items[p].range.end) {
                        None => Some(member.value.range.start.min(line_start(text, item.range.start))),
                        Some(before) => text[before..item.range.start].contains('\n').then_some(before),
                    };
                    slots.push(Slot { node: item, around: start.map(|start| TextRange::new(start, after)) });
                }
            }
            _ => {}
        }
    }
    slots
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Everything of the analysis and of `policy` that statement rules may read besides the
/// statement itself.
pub(crate) fn policy_key(ctx: &Context<'_>, policy: &Policy) -> u64 {
    let mut h = FxHasher::default();
    (ctx.style().indent.as_str(), ctx.style().newline, ctx.resource_type).hash(&mut h);
    (policy.policy_type, policy.type_explicit, policy.type_reason.as_str()).hash(&mut h);
    policy.version.as_ref().map(|v| &*v.value).hash(&mut h);
    h.finish()
}

impl Memo {
    /// The stored findings of the statement whose text is `around`, moved to where it is now.
    pub(crate) fn get(&self, key: u64, around: TextRange) -> Option<Local> {
        let entry = self.entries.get(&key)?;
        let findings = entry.findings.iter().map(|f| f.moved(0, around.start)).collect();
        Some(Local { findings, summary: entry.summary.clone() })
    }

    /// Keeps `local` for the next analysis, unless a finding reaches outside `around`.
    pub(crate) fn insert(&mut self, key: u64, around: TextRange, local: &Local) {
        let inside = |r: TextRange| around.contains_range(r);
        if local.findings.iter().all(|f| f.ranges().all(inside)) {
            let findings = local.findings.iter().map(|f| f.moved(around.start, 0)).collect();
            self.entries.insert(key, Entry { findings, summary: local.summary.clone() });
        }
    }
}

/// The key of statement `index` of a policy whose [`policy_key`] is `policy`, and the text it
/// depends on; `None` for a statement that is not kept.
pub(crate) fn statement_key(text: &str, policy: u64, index: usize, slot: &Slot<'_>) -> Option<(u64, TextRange)> {
    let around = slot.around?;
    let mut h = FxHasher::default();
    (policy, index).hash(&mut h);
    text[around.start..around.end].hash(&mut h);
    Some((h.finish(), around))
}
