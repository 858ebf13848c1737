//! The YAML front end: YAML text to the same tree as JSON's, with byte ranges into the YAML text.
//!
//! saphyr-parser was chosen by measurement (README, "Policies in templates"): exact spans for every
//! scalar and collection, tags visible on scalars and collections, and several times faster than
//! tree-sitter's YAML grammar on a 2,000-line template. It stops at the first error; the tree
//! keeps everything parsed before it (open collections are closed there), so the policies above a
//! half-typed line still get findings.
//!
//! A tagged node (`!Ref Bucket`, `!If [...]`) becomes a one-member object keyed by the tag as
//! written, the tag's range as the key's: the shape of CloudFormation's long form
//! (`{"Ref": "Bucket"}`), which the host layer reads alike in JSON and YAML.

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::{Key, Member, Node, NodeKind, Parse, SyntaxError, SyntaxErrorKind, TextRange};

/// How many broken blocks are set aside before giving up on the rest of the file.
const MAX_RECOVERIES: usize = 8;

/// The tree of `text`. At a syntax error the block holding it (an entry one level below the top,
/// such as one resource of a template) is blanked and the text parsed again, so the blocks after
/// a half-typed line keep their tree too; blanking keeps every byte offset.
pub fn parse(text: &str) -> Parse {
    let mut parse = parse_once(text);
    let mut current: Option<String> = None;
    for _ in 0..MAX_RECOVERIES {
        let Some(error) = parse.errors.last() else { break };
        let source = current.as_deref().unwrap_or(text);
        let Some(block) = broken_block(source, error.range.start) else { break };
        let mut blanked = source.to_owned();
        blanked.replace_range(
            block.start..block.end,
            &source[block.start..block.end]
                .chars()
                .map(|c| if c == '\n' { "\n".to_owned() } else { " ".repeat(c.len_utf8()) })
                .collect::<String>(),
        );
        let again = parse_once(&blanked);
        parse.roots = again.roots;
        let known = parse.errors.len();
        parse.errors.extend(again.errors);
        current = Some(blanked);
        if parse.errors.len() == known {
            break;
        }
    }
    parse
}

fn parse_once(text: &str) -> Parse {
    let offsets = Offsets::new(text);
    let mut builder = Builder { text, offsets: &offsets, stack: Vec::new(), parse: Parse::default() };
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => builder.event(event, span),
            Err(err) => {
                let at = offsets.byte(err.marker().index());
                builder.close_all(at);
                let (range, message) = explain(text, at, err.info());
                builder.parse.errors.push(SyntaxError { range, message, kind: SyntaxErrorKind::Invalid });
                break;
            }
        }
    }
    builder.parse
}

/// The line holding `at`: its start and end (before the newline).
fn line_at(text: &str, at: usize) -> TextRange {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    TextRange::new(start, end)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Blank lines and comments say nothing of the structure.
fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// saphyr's message and place, made to say what is wrong where the user wrote it: an unclosed
/// quote or bracket at its opening, a key without its `:` on its own line (saphyr notices it on
/// the next one).
fn explain(text: &str, at: usize, info: &str) -> (TextRange, String) {
    let line = line_at(text, at);
    let here = TextRange::new(at, line.end.max(at));
    if info.contains("quoted scalar") {
        let quote = text[line.start..].find(['"', '\'']).map_or(at, |i| line.start + i);
        let quote = if text[..at].ends_with(['"', '\'']) || text[at..].starts_with(['"', '\'']) { at } else { quote };
        let range = TextRange::new(quote, line_at(text, quote).end);
        let mark = &text[quote..quote + 1];
        return (range, format!("YAML: this string has no closing `{mark}`"));
    }
    if let Some(open) = unclosed_bracket(text, at) {
        let close = if &text[open..=open] == "[" { ']' } else { '}' };
        let range = TextRange::new(open, line_at(text, open).end);
        return (range, format!("YAML: `{}` is not closed: a `{close}` is missing", &text[open..=open]));
    }
    if info.contains("expect ':'") || info.contains("expected ':'") {
        // The last line above with content and no `:` is the key being typed.
        let mut start = line.start;
        while start > 0 {
            let above = line_at(text, start - 1);
            let content = &text[above.start..above.end];
            if is_content(content) {
                if !content.contains(':') {
                    let word = above.start + indent(content) + content.trim_start().strip_prefix("- ").map_or(0, |_| 2);
                    return (
                        TextRange::new(word, above.end),
                        format!("YAML: `{}` needs a `:` after it to be a key", text[word..above.end].trim_end()),
                    );
                }
                break;
            }
            start = above.start;
        }
    }
    if info.contains("indentation") || info.contains("did not find expected") {
        let content = &text[line.start..line.end];
        let start = line.start + indent(content);
        return (
            TextRange::new(start, line.end.max(start)),
            format!("YAML: this line's indentation does not match the lines above it ({info})"),
        );
    }
    (here, format!("YAML: {info}"))
}

/// A `[` or `{` opened before `at` (and after the last line at the top level) and never closed,
/// quotes and comments skipped.
fn unclosed_bracket(text: &str, at: usize) -> Option<usize> {
    let mut open = Vec::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    for (i, c) in text[..at.min(text.len())].char_indices() {
        match (quote, c) {
            _ if comment => comment = c != '\n',
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if open.last().is_some() || text[..i].ends_with([' ', ':', '[', ',']) => quote = Some(c),
            (None, '#') if text[..i].ends_with([' ', '\n']) || i == 0 => comment = true,
            (None, '[' | '{') => open.push(i),
            (None, ']' | '}') => {
                open.pop();
            }
            _ => {}
        }
    }
    open.first().copied()
}

/// The block to set aside for an error at `at`: the entry one level below the top that holds
/// it (`Resources:` → one resource), from its key line to the next line as little indented.
fn broken_block(text: &str, at: usize) -> Option<TextRange> {
    let lines: Vec<TextRange> = {
        let mut v = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                v.push(TextRange::new(start, i));
                start = i + 1;
            }
        }
        v.push(TextRange::new(start, text.len()));
        v
    };
    let slice = |r: TextRange| &text[r.start..r.end];
    let n = lines.iter().position(|l| at <= l.end)?;
    // The top-level key above, and the indentation of its entries.
    let top = (0..=n).rev().find(|&i| is_content(slice(lines[i])) && indent(slice(lines[i])) == 0)?;
    let depth = lines[top + 1..].iter().map(|&l| slice(l)).find(|l| is_content(l)).map(indent).filter(|&d| d > 0);
    let first = match depth {
        Some(d) if n > top && indent(slice(lines[n])) >= d => {
            (top + 1..=n).rev().find(|&i| is_content(slice(lines[i])) && indent(slice(lines[i])) == d)?
        }
        _ => top,
    };
    let limit = if first == top { 0 } else { depth? };
    let end = lines[n + 1..]
        .iter()
        .find(|&&l| is_content(slice(l)) && indent(slice(l)) <= limit)
        .map_or(text.len(), |l| l.start);
    Some(TextRange::new(lines[first].start, end))
}

/// saphyr counts characters; the tree counts bytes.
struct Offsets(Option<Vec<usize>>);

impl Offsets {
    fn new(text: &str) -> Offsets {
        Offsets((!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).chain([text.len()]).collect()))
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.0 {
            None => char_index,
            Some(v) => v[char_index.min(v.len() - 1)],
        }
    }
}

/// A collection being filled, with its tag.
struct Open {
    start: usize,
    tag: Option<TextRange>,
    kind: OpenKind,
}

enum OpenKind {
    Array(Vec<Node>),
    /// Members so far and a key waiting for its value.
    Object(Vec<Member>, Option<Key>),
}

struct Builder<'a> {
    text: &'a str,
    offsets: &'a Offsets,
    stack: Vec<Open>,
    parse: Parse,
}

impl Builder<'_> {
    fn range(&self, span: Span) -> TextRange {
        TextRange::new(self.offsets.byte(span.start.index()), self.offsets.byte(span.end.index()))
    }

    /// The tag's own range at the start of `range`, when the node has a tag written `!name`.
    fn tag_range(&self, range: TextRange, tag: Option<&Tag>) -> Option<TextRange> {
        let tag = tag.filter(|t| t.handle == "!")?;
        let written = format!("!{}", tag.suffix);
        self.text[range.start..].starts_with(&written).then(|| TextRange::new(range.start, range.start + written.len()))
    }

    /// Where the value begins after its tag and the white space that follows it.
    fn after_tag(&self, tag: TextRange) -> usize {
        let rest = &self.text[tag.end..];
        tag.end + rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len()
    }

    fn event(&mut self, event: Event<'_>, span: Span) {
        let range = self.range(span);
        match event {
            Event::Scalar(value, style, _, tag) => {
                let tag = self.tag_range(range, tag.as_deref());
                let start = tag.map_or(range.start, |t| self.after_tag(t));
                let node = Node { range: TextRange::new(start.min(range.end), range.end), kind: scalar(&value, style) };
                self.push(node, tag);
            }
            Event::Alias(_) => self.push(Node { range, kind: NodeKind::Null }, None),
            Event::SequenceStart(_, ref tag) | Event::MappingStart(_, ref tag) => {
                let tag = self.tag_range(range, tag.as_deref());
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    OpenKind::Array(Vec::new())
                } else {
                    OpenKind::Object(Vec::new(), None)
                };
                let start = tag.map_or(range.start, |t| self.after_tag(t));
                self.stack.push(Open { start, tag, kind });
            }
            // A flow collection ends at its bracket; a block one, where its last entry ends.
            Event::SequenceEnd | Event::MappingEnd => self.close((!range.is_empty()).then_some(range.end)),
            Event::DocumentStart(_) | Event::DocumentEnd | Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }

    fn close(&mut self, end: Option<usize>) {
        let Some(open) = self.stack.pop() else { return };
        let (kind, last) = match open.kind {
            OpenKind::Array(items) => {
                let last = items.last().map(|n| n.range.end);
                (NodeKind::Array(items), last)
            }
            OpenKind::Object(members, _) => {
                let last = members.last().map(|m| m.value.range.end);
                (NodeKind::Object(members), last)
            }
        };
        let end = end.or(last).unwrap_or(open.start).max(open.start);
        self.push(Node { range: TextRange::new(open.start, end), kind }, open.tag);
    }

    /// Closes what is open at a syntax error, keeping what was parsed.
    fn close_all(&mut self, at: usize) {
        while let Some(open) = self.stack.last_mut() {
            // A key without its value yet gets none.
            if let OpenKind::Object(_, pending) = &mut open.kind {
                pending.take();
            }
            let complete = match &open.kind {
                OpenKind::Array(items) => items.last().map(|n| n.range.end),
                OpenKind::Object(members, _) => members.last().map(|m| m.value.range.end),
            };
            self.close(Some(complete.unwrap_or(at)));
        }
    }

    fn push(&mut self, node: Node, tag: Option<TextRange>) {
        let node = match tag {
            Some(tag) => Node {
                range: TextRange::new(tag.start, node.range.end.max(tag.end)),
                kind: NodeKind::Object(vec![Member {
                    key: Key { text: self.text[tag.start..tag.end].to_owned(), range: tag },
                    value: node,
                }]),
            },
            None => node,
        };
        let node = match self.stack.last() {
            Some(Open { kind: OpenKind::Object(_, Some(key)), .. }) => self.place_empty(key, node),
            _ => node,
        };
        match self.stack.last_mut() {
            None => self.parse.roots.push(node),
            Some(Open { kind: OpenKind::Array(items), .. }) => items.push(node),
            Some(Open { kind: OpenKind::Object(members, pending), .. }) => match pending.take() {
                Some(key) => members.push(Member { key, value: node }),
                None => {
                    let text = match &node.kind {
                        NodeKind::String(s) => s.to_string(),
                        NodeKind::Number(s) => s.clone(),
                        NodeKind::Bool(b) => b.to_string(),
                        _ => self.text[node.range.start..node.range.end].to_owned(),
                    };
                    *pending = Some(Key { text, range: node.range });
                }
            },
        }
    }
}

impl Builder<'_> {
    /// An empty value (`Action:` and nothing yet) is placed after its key's `:` and the blanks on
    /// that line: where its value will be typed, so the cursor there is in the value.
    fn place_empty(&self, key: &Key, node: Node) -> Node {
        if !node.range.is_empty() || node.kind != NodeKind::Null {
            return node;
        }
        let Some(after) = self.text[key.range.end..].trim_start_matches([' ', '\t']).strip_prefix(':') else {
            return node;
        };
        let at = self.text.len() - after.trim_start_matches([' ', '\t']).len();
        Node { range: TextRange::empty(at), kind: NodeKind::Null }
    }
}

/// YAML 1.2's core schema: a plain scalar may be null, a boolean or a number; a quoted or block
/// one is a string.
fn scalar(value: &str, style: ScalarStyle) -> NodeKind {
    if style != ScalarStyle::Plain {
        return NodeKind::String(value.into());
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        _ if is_number(value) => NodeKind::Number(value.to_owned()),
        _ => NodeKind::String(value.into()),
    }
}

fn is_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(oct) = unsigned.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').map_or((mantissa, None), |(i, f)| (i, Some(f)));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()))
        && digits(int)
        && frac.is_none_or(digits)
        && exponent.is_none_or(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, r: TextRange) -> &str {
        &text[r.start..r.end]
    }

    #[test]
    fn keys_and_scalars_have_exact_ranges() {
        let text = "Statement:\n  - Effect: \"Allow\"\n    Action: [s3:GetObject, 's3:Put*']\n    Sid: 1\n";
        let parse = parse(text);
        assert!(parse.errors.is_empty(), "{:?}", parse.errors);
        let root = &parse.roots[0];
        let stmt = &root.get("Statement").unwrap().value.as_array().unwrap()[0];
        let effect = stmt.get("Effect").unwrap();
        assert_eq!(slice(text, effect.key.range), "Effect");
        assert_eq!(slice(text, effect.value.range), "\"Allow\"");
        assert_eq!(effect.value.as_str(), Some("Allow"));
        let action = &stmt.get("Action").unwrap().value;
        assert_eq!(slice(text, action.range), "[s3:GetObject, 's3:Put*']");
        let items: Vec<_> =
            action.as_array().unwrap().iter().map(|n| (n.as_str().unwrap(), slice(text, n.range))).collect();
        assert_eq!(items, [("s3:GetObject", "s3:GetObject"), ("s3:Put*", "'s3:Put*'")]);
        assert_eq!(stmt.get("Sid").unwrap().value.kind, NodeKind::Number("1".into()));
        // A block mapping ends where its last value ends, not at the next line.
        assert_eq!(slice(text, stmt.range), &text[15..text.len() - 1]);
    }

    #[test]
    fn tags_become_one_member_objects_like_the_long_form() {
        let text = "R: !GetAtt Queue.Arn\nS: !Sub\n  - '${A}-x'\n  - A: b\nI: !If [c, !Ref X, y]\n";
        let root = &parse(text).roots[0];
        let get_att = &root.get("R").unwrap().value;
        assert_eq!(slice(text, get_att.range), "!GetAtt Queue.Arn");
        let m = &get_att.as_object().unwrap()[0];
        assert_eq!((m.key.text.as_str(), slice(text, m.key.range)), ("!GetAtt", "!GetAtt"));
        assert_eq!((m.value.as_str(), slice(text, m.value.range)), (Some("Queue.Arn"), "Queue.Arn"));
        let sub = &root.get("S").unwrap().value;
        assert_eq!(sub.get("!Sub").unwrap().value.as_array().unwrap().len(), 2);
        let if_ = &root.get("I").unwrap().value.get("!If").unwrap().value;
        assert_eq!(slice(text, if_.range), "[c, !Ref X, y]");
        let reference = &if_.as_array().unwrap()[1];
        assert_eq!(slice(text, reference.get("!Ref").unwrap().value.range), "X");
    }

    #[test]
    fn ranges_are_bytes_beyond_ascii() {
        let text = "Description: \"café ✓\"\nAction: s3:GetObject\n";
        let root = &parse(text).roots[0];
        assert_eq!(slice(text, root.get("Action").unwrap().value.range), "s3:GetObject");
    }

    #[test]
    fn a_half_typed_file_keeps_what_precedes_the_error() {
        let text = "A:\n  Statement:\n    - Effect: Allow\n      Action: s3:GetObject\nB: [x, {\n";
        let parse = parse(text);
        assert_eq!(parse.errors.len(), 1);
        let a = &parse.roots[0].get("A").unwrap().value;
        assert_eq!(a.get("Statement").unwrap().value.as_array().unwrap().len(), 1);
    }

    fn errors(text: &str) -> Vec<(String, &str)> {
        parse(text).errors.into_iter().map(|e| (e.message, &text[e.range.start..e.range.end])).collect()
    }

    #[test]
    fn errors_are_told_where_they_were_written() {
        let tail = "  B:\n    T: 1\n";
        let missing_colon =
            format!("R:\n  A:\n    S:\n      - Effect: Allow\n        Act\n        Resource: x\n{tail}");
        assert_eq!(errors(&missing_colon), [("YAML: `Act` needs a `:` after it to be a key".to_owned(), "Act")]);
        let bracket = format!("R:\n  A:\n    S:\n      - Effect: Allow\n        Action: [s3:Get\n{tail}");
        assert_eq!(errors(&bracket), [("YAML: `[` is not closed: a `]` is missing".to_owned(), "[s3:Get")]);
        let quote = format!("R:\n  A:\n    S:\n      - Effect: \"Allow\n        Action: x\n{tail}");
        assert_eq!(errors(&quote), [("YAML: this string has no closing `\"`".to_owned(), "\"Allow")]);
        let indented = format!("R:\n  A:\n    S:\n      - Effect: Allow\n       Action: x\n{tail}");
        assert_eq!(errors(&indented)[0].1, "Action: x");
    }

    /// The blocks after the broken one still parse: a half-typed resource hides only itself.
    #[test]
    fn the_blocks_after_an_error_keep_their_tree() {
        let text = "R:\n  A:\n    S: [x\n  B:\n    T: 1\n  C:\n    U: \"y\n  D:\n    V: 2\n";
        let parse = parse(text);
        assert_eq!(parse.errors.len(), 2, "{:?}", parse.errors);
        let r = &parse.roots[0].get("R").unwrap().value;
        let keys: Vec<&str> = r.as_object().unwrap().iter().map(|m| m.key.text.as_str()).collect();
        assert_eq!(keys, ["B", "D"]);
        let t = &r.get("B").unwrap().value.get("T").unwrap().value;
        assert_eq!(slice(text, t.range), "1");
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let kinds: Vec<_> = ["~", "true", "1.5e3", "0x1F", "-3", "2012-10-17", "1.2.3", ".5", "e3"]
            .iter()
            .map(|s| scalar(s, ScalarStyle::Plain))
            .collect();
        assert_eq!(
            kinds,
            [
                NodeKind::Null,
                NodeKind::Bool(true),
                NodeKind::Number("1.5e3".into()),
                NodeKind::Number("0x1F".into()),
                NodeKind::Number("-3".into()),
                NodeKind::String("2012-10-17".into()),
                NodeKind::String("1.2.3".into()),
                NodeKind::Number(".5".into()),
                NodeKind::String("e3".into()),
            ]
        );
    }
}
