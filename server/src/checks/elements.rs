//! Helpers shared by the `Action`, `Resource` and `Principal` families: redundant list entries,
//! positions inside string literals, and the array around a list item.

use std::collections::hash_map;
use std::hash::{Hash, Hasher};

use crate::catalog::{has_variable, has_wildcard};
use crate::policy::{Policy, Str, StrList};
use crate::syntax::{Node, NodeKind, TextRange};
use rustc_hash::FxHashMap;

use super::edit::remove_list_item;
use super::pattern::{Inner, Outer, covers, hash_folded, literal_head};
use super::{Context, Finding};

/// For each entry of `list` another entry already covers, `(redundant, covering)` indexes: a
/// repeat is charged to the later copy. Entries `usable` rejects (malformed ones) take no part.
pub(super) fn redundant_entries(
    list: &StrList,
    ignore_case: bool,
    usable: impl Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let items = &list.items;
    if items.len() < 2 {
        return Vec::new();
    }
    let usable: Vec<bool> = items.iter().map(|s| usable(&s.value)).collect();
    // Only a wildcard pattern covers something other than itself, so each entry is compared with
    // the patterns alone (lists of thousands of plain actions stay linear).
    // Patterns by the first bytes of their literal head (`s3:Get*` under `s3:`), as a pattern can
    // only cover entries starting with its head; short heads (`*`, `s*`) are tried on all.
    const HEAD: usize = 3;
    let head = |s: &str| {
        let mut key: [u8; HEAD] = s.as_bytes().get(..HEAD)?.try_into().ok()?;
        if ignore_case {
            key.make_ascii_lowercase();
        }
        Some(key)
    };
    let mut short = Vec::new();
    let mut by_head: FxHashMap<[u8; HEAD], Vec<usize>> = FxHashMap::default();
    // The patterns, prepared once for the many entries each is tried on.
    let mut outers: Vec<Option<Outer<'_>>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if usable[i] && has_wildcard(&item.value) {
            if outers.is_empty() {
                outers.resize_with(items.len(), || None);
            }
            outers[i] = Outer::new(&item.value);
            match head(&item.value).filter(|_| literal_head(&item.value) >= HEAD) {
                Some(key) => by_head.entry(key).or_default().push(i),
                None => short.push(i),
            }
        }
    }
    let mut first: FxHashMap<Entry<'_>, usize> = FxHashMap::with_capacity_and_hasher(items.len(), Default::default());
    let mut found = Vec::new();
    for (j, inner) in items.iter().enumerate() {
        if !usable[j] {
            continue;
        }
        match first.entry(Entry { text: &inner.value, ignore_case }) {
            hash_map::Entry::Occupied(seen) => {
                found.push((j, *seen.get()));
                continue;
            }
            hash_map::Entry::Vacant(new) => {
                new.insert(j);
            }
        }
        if by_head.is_empty() && short.is_empty() {
            continue;
        }
        let own = head(&inner.value).and_then(|k| by_head.get(&k)).map_or(&[][..], Vec::as_slice);
        let prepared = Inner::new(&inner.value);
        let cover = in_order(&short, own).find(|&i| {
            i != j
                && outers[i].as_ref().is_some_and(|outer| outer.covers(&prepared, ignore_case))
                // Equal languages cover each other: only the later one goes.
                && (i < j || !covers(&inner.value, &items[i].value, ignore_case))
        });
        if let Some(i) = cover {
            found.push((j, i));
        }
    }
    found
}

/// A list entry as the rules compare them: action names ignoring ASCII case, without a folded
/// copy of each.
#[derive(Clone, Copy)]
struct Entry<'a> {
    text: &'a str,
    ignore_case: bool,
}

impl Hash for Entry<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_folded(state, self.text.as_bytes(), self.ignore_case);
    }
}

impl PartialEq for Entry<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.ignore_case { self.text.eq_ignore_ascii_case(other.text) } else { self.text == other.text }
    }
}

impl Eq for Entry<'_> {}

/// The union of two ascending lists, ascending.
fn in_order<'a>(a: &'a [usize], b: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let (mut a, mut b) = (a.iter().copied().peekable(), b.iter().copied().peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// A finding on a redundant entry, with a fix removing it from its array when the array keeps at
/// least one other element.
pub(super) fn redundant_finding(
    ctx: &Context<'_>,
    policy: &Policy,
    code: &'static str,
    list: &StrList,
    (redundant, covering): (usize, usize),
    message: String,
) -> Finding {
    let item = &list.items[redundant];
    let mut finding =
        ctx.finding(code, item.range, message).with_related(list.items[covering].range, "covered by this entry");
    let array = ctx.parse.roots.get(policy.root).and_then(|root| siblings(root, item.range));
    if let Some(ranges) = array.filter(|r| r.len() > 1)
        && let Some(index) = ranges.iter().position(|r| *r == item.range)
    {
        let edit = remove_list_item(ctx.text, &ranges, index);
        finding = finding.with_fix(format!("Remove `{}`", item.value), vec![edit], true);
    }
    finding
}

/// Whether `text` starts with `start`, ignoring ASCII case; compared as bytes, so that a character
/// across the end of `start` is no panic.
pub(super) fn starts_with_ci(text: &str, start: &str) -> bool {
    text.len() >= start.len() && text.as_bytes()[..start.len()].eq_ignore_ascii_case(start.as_bytes())
}

/// Whether `text` holds white space (`char::is_whitespace`). Every white space byte is at most
/// `' '` or not ASCII, so a test of eight bytes at a time settles it for nearly every entry.
pub(super) fn has_white_space(text: &str) -> bool {
    may_hold_white_space(text.as_bytes()) && text.chars().any(char::is_whitespace)
}

/// Whether some byte is at most `' '` or not ASCII.
pub(super) fn may_hold_white_space(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut words = bytes.chunks_exact(8);
    // A byte below 0x21 borrows into its high bit when 0x21 is subtracted from it; the first such
    // byte does so exactly, and `| word` adds the bytes whose high bit is set already.
    let suspect = |word: u64| (word.wrapping_sub(ONES * 0x21) | word) & HIGH != 0;
    words.any(|w| suspect(u64::from_ne_bytes(w.try_into().unwrap_or_default())))
        || words.remainder().iter().any(|&b| b <= b' ' || !b.is_ascii())
}

/// The ASCII bytes `char::is_whitespace` accepts (`u8::is_ascii_whitespace` leaves out `\x0B`).
pub(super) fn is_ascii_white_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
}

/// Whether a pattern holds a wildcard or a policy variable, which stand for unknown text.
pub(super) fn is_open(s: &str) -> bool {
    has_wildcard(s) || has_variable(s)
}

/// The text range of bytes `start..end` of a string's value: exact when the literal has no escape
/// sequences (the value is then the literal's inner text), else the whole literal.
pub(super) fn value_range(text: &str, s: &Str, start: usize, end: usize) -> TextRange {
    let inner = s.inner_range();
    if text.get(inner.start..inner.end) == Some(&*s.value) && start <= end && end <= s.value.len() {
        TextRange::new(inner.start + start, inner.start + end)
    } else {
        s.range
    }
}

/// Ranges of the elements of the array that directly holds the value at `item`, searching below
/// `node`.
pub(super) fn siblings(node: &Node, item: TextRange) -> Option<Vec<TextRange>> {
    if !node.range.contains_range(item) || node.range == item {
        return None;
    }
    match &node.kind {
        NodeKind::Array(items) => {
            if items.iter().any(|n| n.range == item) {
                return Some(items.iter().map(|n| n.range).collect());
            }
            items.iter().find_map(|n| siblings(n, item))
        }
        NodeKind::Object(members) => members.iter().find_map(|m| siblings(&m.value, item)),
        _ => None,
    }
}

/// The object that holds the member spanning exactly `member` (key to value), below `node`.
pub(super) fn object_around(node: &Node, member: TextRange) -> Option<&Node> {
    if !node.range.contains_range(member) {
        return None;
    }
    match &node.kind {
        NodeKind::Object(members) => {
            if members.iter().any(|m| m.range() == member) {
                return Some(node);
            }
            members.iter().find_map(|m| object_around(&m.value, member))
        }
        NodeKind::Array(items) => items.iter().find_map(|n| object_around(n, member)),
        _ => None,
    }
}

/// `code` when a list element was written `[]` (white space allowed inside): the statement then
/// matches no `what` (action, resource) and has no effect.
pub(super) fn empty_array(ctx: &Context<'_>, list: &StrList, code: &'static str, what: &str) -> Option<Finding> {
    let empty = list.is_array
        && list.items.is_empty()
        && ctx.text[list.range.start..list.range.end].chars().filter(|c| !c.is_whitespace()).eq("[]".chars());
    empty.then(|| {
        let element = &ctx.text[list.key.start..list.key.end];
        let message = format!("{element} is an empty array, so the statement matches no {what} and has no effect.");
        ctx.finding(code, list.range, message)
    })
}

/// The value at exactly `range`, searching below `node`.
pub(super) fn node_at(node: &Node, range: TextRange) -> Option<&Node> {
    if node.range == range {
        return Some(node);
    }
    if !node.range.contains_range(range) {
        return None;
    }
    match &node.kind {
        NodeKind::Array(items) => items.iter().find_map(|n| node_at(n, range)),
        NodeKind::Object(members) => members.iter().find_map(|m| node_at(&m.value, range)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_inside_literals() {
        let text = r#"["ab", "a\"b"]"#;
        let plain = Str { value: "ab".into(), range: TextRange::new(1, 5) };
        assert_eq!(value_range(text, &plain, 1, 2), TextRange::new(3, 4));
        let escaped = Str { value: "a\"b".into(), range: TextRange::new(7, 13) };
        assert_eq!(value_range(text, &escaped, 1, 2), escaped.range);
    }

    /// The word-at-a-time test is the byte test: every byte at every place of every length up to
    /// two words and a half, among the bytes next to the bounds (`!` and DEL) or plain letters.
    #[test]
    fn white_space_prefilter_is_the_byte_test() {
        for fill in [b'a', b'!', 0x7f] {
            for len in 1..=20 {
                for at in 0..len {
                    for b in 0..=u8::MAX {
                        let mut bytes = vec![fill; len];
                        bytes[at] = b;
                        assert_eq!(may_hold_white_space(&bytes), b <= b' ' || !b.is_ascii(), "{bytes:?}");
                    }
                }
            }
            assert!(!may_hold_white_space(&[fill; 20]));
        }
        for (text, white) in [("s3:GetObject", false), ("s3: Get", true), ("é:x", false), ("a\u{3000}b", true)] {
            assert_eq!(has_white_space(text), white, "{text}");
        }
    }
}
