//! The parse of a new version of a JSON text from the parse of the previous one: when the change
//! lies inside one string, array or object below the top level (a value being typed, a statement
//! being edited), only that value is parsed again, and the rest of the tree is moved by the change
//! in length.

use super::{Member, Node, NodeKind, Parse, SyntaxError, SyntaxErrorKind, TextRange, parse};

/// What [`parse`] gives for `new`, reusing `previous`, the parse of `old`; `None` when the change
/// is not inside one error-free value below a top-level value, or neither that value nor the
/// innermost object around it parses alone as one error-free value of its kind (the caller then
/// parses `new` in full).
pub fn reparse(old: &str, previous: &Parse, new: &str) -> Option<Parse> {
    let (changed, new_end) = difference(old, new);
    if let Some(moved) = white_space_moved(old, previous, new, changed, new_end) {
        return Some(moved);
    }
    let (root, path) = previous.roots.iter().enumerate().find_map(|(i, r)| Some((i, innermost(r, changed)?)))?;
    // `along[d]`: the node at `path[..d]`.
    let mut along = vec![&previous.roots[root]];
    for &i in &path {
        along.push(child(along[along.len() - 1], i));
    }
    // The value itself (typing inside a string), else the innermost object around it (a paste
    // that adds list items inside a string's quotes).
    let object = (1..=path.len()).rev().find(|&depth| along[depth].as_object().is_some());
    // Error recovery may have read the text around an error differently: the object holding
    // the change must have none.
    let around = along[object.unwrap_or(path.len())].range;
    if previous.errors.iter().any(|e| e.range.end >= around.start && e.range.start <= around.end) {
        return None;
    }
    let depths = std::iter::once(path.len()).chain(object.filter(|&depth| depth != path.len()));
    depths.into_iter().find_map(|depth| replaced(previous, root, &path[..depth], changed, new_end, new))
}

/// White space typed or deleted between tokens (a line break, indentation) changes no token: the
/// tree is the same, moved. Only in a text without syntax errors, whose recovery could have read
/// it otherwise.
fn white_space_moved(old: &str, previous: &Parse, new: &str, changed: TextRange, new_end: usize) -> Option<Parse> {
    let white = |text: &str| text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    // (A parse without roots may stand for a text whose tree was given back: parsed in full.)
    if !previous.errors.is_empty()
        || previous.roots.is_empty()
        || !white(&old[changed.start..changed.end])
        || !white(&new[changed.start..new_end])
        || previous.roots.iter().any(|r| inside_token(r, changed))
    {
        return None;
    }
    // Starts at or after the change move; ends move when after its start (a token ending where
    // white space is inserted stays).
    let moved = Moved {
        from: changed.end,
        ends_from: changed.start + 1,
        old_len: changed.end - changed.start,
        new_len: new_end - changed.start,
    };
    Some(Parse { roots: previous.roots.iter().map(|r| moved.node(r)).collect(), errors: Vec::new() })
}

/// Whether `changed` lies strictly inside a key or a scalar below `node`.
fn inside_token(node: &Node, changed: TextRange) -> bool {
    let strictly = |r: TextRange| r.start < changed.start && changed.end < r.end;
    let near = |r: TextRange| r.start <= changed.end && changed.start <= r.end;
    match &node.kind {
        NodeKind::Object(members) => {
            members.iter().any(|m| strictly(m.key.range) || (near(m.value.range) && inside_token(&m.value, changed)))
        }
        NodeKind::Array(items) => items.iter().any(|n| near(n.range) && inside_token(n, changed)),
        _ => strictly(node.range),
    }
}

/// The parse of `new` with the value at `path` below root `root` parsed again alone.
fn replaced(
    previous: &Parse,
    root: usize,
    path: &[usize],
    changed: TextRange,
    new_end: usize,
    new: &str,
) -> Option<Parse> {
    let node = path.iter().fold(&previous.roots[root], |node, &i| child(node, i));
    let end = node.range.end + new_end - changed.end;
    let slice = new.get(node.range.start..end)?;
    let again = parse(slice);
    let [fresh] = again.roots.as_slice() else { return None };
    if !again.errors.is_empty()
        || fresh.range != TextRange::new(0, slice.len())
        || std::mem::discriminant(&fresh.kind) != std::mem::discriminant(&node.kind)
    {
        return None;
    }
    let mut replacement = again.roots.into_iter().next();
    replacement.iter_mut().for_each(|n| n.shift(node.range.start));
    let moved = Moved {
        from: node.range.end,
        ends_from: node.range.end,
        old_len: node.range.end - node.range.start,
        new_len: slice.len(),
    };
    let mut out = Parse { roots: Vec::with_capacity(previous.roots.len()), errors: Vec::new() };
    for (i, r) in previous.roots.iter().enumerate() {
        out.roots.push(if i == root { moved.rebuilt(r, path, &mut replacement) } else { moved.node(r) });
    }
    out.errors = previous.errors.iter().map(|e| moved.error(e)).collect();
    Some(out)
}

/// The child indexes, from `node`, of the innermost string, array or object below it whose
/// delimiters enclose `changed` (an insertion right after `{` or right before `}` included).
/// Only the one child enclosing the change is descended into.
fn innermost(node: &Node, changed: TextRange) -> Option<Vec<usize>> {
    let encloses = |c: &&Node| c.range.start < changed.start && changed.end < c.range.end;
    let (i, c) = match &node.kind {
        NodeKind::Object(members) => members.iter().map(|m| &m.value).enumerate().find(|(_, c)| encloses(c))?,
        NodeKind::Array(items) => items.iter().enumerate().find(|(_, c)| encloses(c))?,
        _ => return None,
    };
    match innermost(c, changed) {
        Some(mut deeper) => {
            deeper.insert(0, i);
            Some(deeper)
        }
        None => matches!(c.kind, NodeKind::Object(_) | NodeKind::Array(_) | NodeKind::String(_)).then(|| vec![i]),
    }
}

fn child(node: &Node, i: usize) -> &Node {
    match &node.kind {
        NodeKind::Object(members) => &members[i].value,
        NodeKind::Array(items) => &items[i],
        _ => unreachable!("a path found by `innermost`"),
    }
}

/// `old_len` bytes ending at `from` became `new_len` bytes long: a range's start moves when at or
/// after `from`, its end when at or after `ends_from`.
struct Moved {
    from: usize,
    ends_from: usize,
    old_len: usize,
    new_len: usize,
}

impl Moved {
    fn offset(&self, at: usize) -> usize {
        if at >= self.from { at + self.new_len - self.old_len } else { at }
    }

    fn range(&self, r: TextRange) -> TextRange {
        let end = if r.end >= self.ends_from { r.end + self.new_len - self.old_len } else { r.end };
        TextRange::new(self.offset(r.start), end)
    }

    fn error(&self, e: &SyntaxError) -> SyntaxError {
        let kind = match e.kind {
            SyntaxErrorKind::MissingComma { after } => SyntaxErrorKind::MissingComma { after: self.offset(after) },
            kind => kind,
        };
        SyntaxError { range: self.range(e.range), message: e.message.clone(), kind }
    }

    /// A copy of `node` moved.
    fn node(&self, node: &Node) -> Node {
        let kind = match &node.kind {
            NodeKind::Object(members) => {
                NodeKind::Object(members.iter().map(|m| self.member(m, |v| self.node(v))).collect())
            }
            NodeKind::Array(items) => NodeKind::Array(items.iter().map(|n| self.node(n)).collect()),
            other => other.clone(),
        };
        Node { range: self.range(node.range), kind }
    }

    fn member(&self, m: &Member, value: impl FnOnce(&Node) -> Node) -> Member {
        let mut key = m.key.clone();
        key.range = self.range(key.range);
        Member { key, value: value(&m.value) }
    }

    /// A copy of `node` moved, with the node at `path` replaced.
    fn rebuilt(&self, node: &Node, path: &[usize], replacement: &mut Option<Node>) -> Node {
        let Some((&at, rest)) = path.split_first() else {
            return replacement.take().expect("one node is replaced");
        };
        let kind = match &node.kind {
            NodeKind::Object(members) => NodeKind::Object(
                members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        if i == at {
                            self.member(m, |v| self.rebuilt(v, rest, replacement))
                        } else {
                            self.member(m, |v| self.node(v))
                        }
                    })
                    .collect(),
            ),
            NodeKind::Array(items) => NodeKind::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| if i == at { self.rebuilt(n, rest, replacement) } else { self.node(n) })
                    .collect(),
            ),
            _ => unreachable!("a path found by `innermost`"),
        };
        Node { range: self.range(node.range), kind }
    }
}

/// Where `new` differs from `old`: the range of `old` that changed, and where its replacement
/// ends in `new` (it starts where the range does). Both ends are on character boundaries of both
/// texts: the common bytes may end inside a character the edit changed (`è` typed over with `é`
/// keeps their first byte, `é` with `©` their last), and such a byte belongs to the change.
pub(super) fn difference(old: &str, new: &str) -> (TextRange, usize) {
    let mut start = common_prefix(old.as_bytes(), new.as_bytes());
    // The bytes before `start` are the same in both texts, so a boundary of one is one of the other.
    while !old.is_char_boundary(start) {
        start -= 1;
    }
    let room = old.len().min(new.len()) - start;
    let mut suffix = common_suffix(old.as_bytes(), new.as_bytes()).min(room);
    while !old.is_char_boundary(old.len() - suffix) {
        suffix -= 1;
    }
    (TextRange::new(start, old.len() - suffix), new.len() - suffix)
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    // Whole chunks compare as slices (memcmp), the rest byte by byte.
    while i + 64 <= n && a[i..i + 64] == b[i..i + 64] {
        i += 64;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + 64 <= n && a[n - i - 64..n - i] == b[n - i - 64..n - i] {
        i += 64;
    }
    while i < n && a[n - i - 1] == b[n - i - 1] {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
  {"Effect": "Deny", "Action": ["ec2:*"], "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
]}"#;

    fn check(old: &str, new: &str) -> Option<Parse> {
        let reparsed = reparse(old, &parse(old), new);
        if let Some(p) = &reparsed {
            assert_eq!(p, &parse(new), "{new}");
        }
        reparsed
    }

    #[test]
    fn an_edit_inside_a_statement_reparses_only_it() {
        assert!(check(OLD, &OLD.replace("s3:GetObject", "s3:GetObjectAcl")).is_some());
        assert!(check(OLD, &OLD.replace("\"false\"", "\"true\"")).is_some());
        assert!(check(OLD, &OLD.replace("[\"ec2:*\"]", "[\"ec2:*\", \"s3:*\"]")).is_some());
        // A change in length moves what follows, the tree's ends included.
        assert!(check(OLD, &OLD.replace("Allow", "A")).is_some());
    }

    #[test]
    fn an_edit_inside_a_string_or_array_reparses_only_it() {
        assert!(check(OLD, &OLD.replace("2012-10-17", "2008-10-17")).is_some());
        assert!(check(OLD, &OLD.replace("ec2:*", "ec2:Describe*")).is_some());
        assert!(check(OLD, &OLD.replace("[\"ec2:*\"]", "[\"ec2:*\",\n \"s3:*\"]")).is_some());
        // A paste that splits a string into two list items: the statement is parsed again.
        assert!(check(OLD, &OLD.replace("\"ec2:*\"", "\"ec2:*\", \"s3:*\"")).is_some());
        // A string turned into a number, or broken.
        assert!(check(OLD, &OLD.replace("\"false\"", "\"false\"1")).is_none());
        assert!(check(OLD, &OLD.replace("\"false\"", "\"fa\"lse\"")).is_none());
    }

    #[test]
    fn white_space_between_tokens_moves_the_tree() {
        for (from, to) in [
            ("\n  {\"Effect\"", "\n\n    {\"Effect\""),
            ("\"*\"}", "\"*\" }"),
            ("[\n", "["),
            ("{\"Version\"", "{ \"Version\""),
        ] {
            let new = OLD.replacen(from, to, 1);
            assert_ne!(new, OLD);
            let (changed, new_end) = difference(OLD, &new);
            assert!(white_space_moved(OLD, &parse(OLD), &new, changed, new_end).is_some(), "{new}");
            assert!(check(OLD, &new).is_some());
        }
        // Inside a key or a value, white space is text; inside `true`, it splits a token.
        for (from, to) in [("\"Effect\"", "\"Eff ect\""), ("\"Allow\"", "\"Al low\"")] {
            let new = OLD.replacen(from, to, 1);
            let (changed, new_end) = difference(OLD, &new);
            assert!(white_space_moved(OLD, &parse(OLD), &new, changed, new_end).is_none(), "{new}");
            check(OLD, &new);
        }
        let flag = r#"{"a": true, "b": [1]}"#;
        let split = flag.replace("true", "tr ue");
        let (changed, new_end) = difference(flag, &split);
        assert!(white_space_moved(flag, &parse(flag), &split, changed, new_end).is_none());
        // `è` typed over with `é` keeps their first byte, `é` with `©` their last: the change
        // is the whole character.
        for (old, new) in [(r#"{"a": "è"}"#, r#"{"a": "é"}"#), (r#"{"a": "é"}"#, r#"{"a": "©"}"#)] {
            let (changed, new_end) = difference(old, new);
            assert_eq!((changed, new_end), (TextRange::new(7, 9), 9), "{old} -> {new}");
            assert!(white_space_moved(old, &parse(old), new, changed, new_end).is_none());
            check(old, new);
        }
    }

    #[test]
    fn other_edits_are_parsed_in_full() {
        // Outside any statement, breaking one, or one with errors: the caller parses in full.
        assert!(check(OLD, &OLD.replace("\"Resource\": \"*\"}", "\"Resource\": \"*\",}")).is_none());
        assert!(check(OLD, &OLD.replace("}\n]}", "}},\n]}")).is_none());
        assert!(check(OLD, &OLD.replace("\"s3:GetObject\"", "s3:GetObject")).is_none());
        let loose = OLD.replace("\"*\"}", "\"*\",}");
        assert!(check(&loose, &loose.replace("s3:GetObject", "s3:PutObject")).is_none());
    }
}
