//! Where the cursor is: the chain of keys above it, whether it sits on a key or a value, and the
//! string under it.
//!
//! Found in the parsed tree when the document parses; while it is broken mid-typing (an
//! unterminated string, a key without its colon) jsonc-parser gives no tree, so the same answer
//! is rebuilt from its token scanner, which keeps going past errors one line at a time.

use jsonc_parser::tokens::Token;
use jsonc_parser::{Scanner, ScannerOptions};

use crate::checks::Analysis;
use crate::host::{Format, Quote};
use crate::syntax::{Node, NodeKind, PathStep, SyntaxErrorKind, TextRange};

/// Whether the cursor is where a key or a value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Key,
    Value,
}

/// A string literal under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StrToken {
    /// Quotes included; an unterminated string runs to the end of its line.
    pub range: TextRange,
    /// Between the quotes.
    pub content: TextRange,
    pub closed: bool,
}

/// An object's members as far as completion needs them: keys and their string values.
pub(crate) type Members = Vec<(String, Vec<String>)>;

#[derive(Debug, Clone)]
pub(crate) struct Cursor {
    pub offset: usize,
    pub slot: Slot,
    /// Keys from the root down to the cursor. For a value, the last one is its member's key.
    pub path: Vec<String>,
    /// The value is an element of an array.
    pub in_array: bool,
    pub token: Option<StrToken>,
    /// A key token already followed by its `:`.
    pub colon_follows: bool,
    /// Members of every object around the cursor, outermost first.
    pub objects: Vec<Members>,
}

impl Cursor {
    /// Keys of the object a key is being typed in (or that holds the value), the typed one excluded.
    pub fn sibling_keys(&self) -> impl Iterator<Item = &str> {
        self.objects.last().into_iter().flatten().map(|(k, _)| k.as_str())
    }

    /// The members of the statement around the cursor.
    pub fn statement(&self) -> Option<&Members> {
        (self.path.first().map(String::as_str) == Some("Statement")).then(|| self.objects.get(1))?
    }

    /// Path as `&str`s, for matching.
    pub fn keys(&self) -> Vec<&str> {
        self.path.iter().map(String::as_str).collect()
    }

    /// The typed text of the token before the cursor.
    pub fn typed<'t>(&self, text: &'t str) -> &'t str {
        match &self.token {
            Some(t) => &text[t.content.start..self.offset.clamp(t.content.start, t.content.end)],
            None => "",
        }
    }
}

/// The cursor at `offset`, or `None` outside any policy value (before the first `{`).
pub(crate) fn locate(analysis: &Analysis, text: &str, offset: usize) -> Option<Cursor> {
    // Reading tokens is for broken JSON; a YAML host's tree holds what parsed before its error.
    let json = analysis.format == Format::Json;
    let broken = json && analysis.parse.errors.iter().any(|e| e.kind == SyntaxErrorKind::Invalid);
    if !broken && let Some(root) = analysis.parse.roots.iter().find(|r| r.range.contains_inclusive(offset)) {
        return Some(from_tree(text, root, offset, json));
    }
    if !json {
        // Outside every policy of a template: nothing of the host is a policy element.
        return None;
    }
    from_tokens(text, offset)
}

fn members_of(node: &Node) -> Members {
    node.as_object()
        .unwrap_or_default()
        .iter()
        .map(|m| {
            let values = match &m.value.kind {
                NodeKind::String(s) => vec![s.to_string()],
                NodeKind::Array(items) => items.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect(),
                _ => Vec::new(),
            };
            (m.key.text.clone(), values)
        })
        .collect()
}

/// A key or string in the tree: its content is between its quotes, or all of it when it is a
/// plain YAML scalar (completion then inserts no quotes).
fn str_token(text: &str, range: TextRange) -> StrToken {
    let quoted = matches!(text.as_bytes().get(range.start), Some(b'"' | b'\''));
    let content =
        if quoted { TextRange::new(range.start + 1, range.end.saturating_sub(1).max(range.start + 1)) } else { range };
    StrToken { range, content, closed: true }
}

/// `json`: keys are JSON strings; elsewhere (YAML) a key or value may be a plain scalar.
fn from_tree(text: &str, root: &Node, offset: usize, json: bool) -> Cursor {
    let mut cursor = Cursor {
        offset,
        slot: Slot::Value,
        path: Vec::new(),
        in_array: false,
        token: None,
        colon_follows: false,
        objects: Vec::new(),
    };
    let steps = root.path_at(offset);
    let mut last_array = false;
    for step in &steps {
        match step {
            PathStep::Node(node) => {
                cursor.in_array = last_array;
                last_array = false;
                match &node.kind {
                    NodeKind::Object(_) => {
                        cursor.objects.push(members_of(node));
                        cursor.slot = Slot::Key;
                        cursor.token = None;
                    }
                    NodeKind::Array(_) => {
                        last_array = true;
                        cursor.slot = Slot::Value;
                        cursor.in_array = true;
                        cursor.token = None;
                    }
                    NodeKind::String(_) => {
                        cursor.slot = Slot::Value;
                        cursor.token = Some(str_token(text, node.range));
                    }
                    _ => {
                        cursor.slot = Slot::Value;
                        cursor.token = None;
                    }
                }
            }
            PathStep::Key(member) => {
                cursor.slot = Slot::Key;
                cursor.token = Some(str_token(text, member.key.range));
                cursor.colon_follows = true;
                // The member being pointed at is not a sibling of itself.
                if let Some(obj) = cursor.objects.last_mut()
                    && let Some(i) = obj.iter().position(|(k, _)| *k == member.key.text)
                {
                    obj.remove(i);
                }
            }
            PathStep::Value(member) => {
                cursor.path.push(member.key.text.clone());
                cursor.slot = Slot::Value;
                cursor.token = None;
                last_array = false;
            }
        }
    }
    // A YAML plain scalar alone on the line below its key (`StringEquals:` then `aws:Sour`) is
    // a key being typed in the mapping that value will become: YAML reads it as a string until
    // its `:` is typed.
    if !json
        && cursor.slot == Slot::Value
        && !cursor.in_array
        && let [.., PathStep::Value(member), PathStep::Node(node)] = steps.as_slice()
        && matches!(node.kind, NodeKind::String(_))
        && Quote::of(text, node.range) == Quote::None
        && text[member.key.range.end..node.range.start].contains('\n')
    {
        cursor.slot = Slot::Key;
        cursor.colon_follows = false;
        cursor.objects.push(Members::new());
    }
    // In JSON, a token without quotes is a word key jsonc-parser tolerates, not a string to edit.
    if json
        && let Some(t) = &cursor.token
        && !text[t.range.start..].starts_with('"')
    {
        cursor.token = None;
    }
    cursor
}

/// One object or array open at some point of the scan.
#[derive(Debug)]
enum Frame {
    Object {
        members: Members,
        expect: Expect,
    },
    /// `collect`: the array is a member's value, so its strings belong to that member.
    Array {
        collect: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Key,
    Colon,
    Value,
    Comma,
}

/// A token with its absolute range; strings note whether they were closed on their line.
struct Tok<'a> {
    token: Token<'a>,
    range: TextRange,
    closed: bool,
}

/// jsonc-parser's scanner, restarted after each error; a string never spans lines (JSON strings
/// cannot), so an unterminated one ends at its line's end instead of swallowing the next lines.
fn tokens(text: &str) -> Vec<Tok<'_>> {
    let options = ScannerOptions::default();
    let mut out = Vec::new();
    let mut base = 0;
    'restart: while base < text.len() {
        let mut scanner = Scanner::new(&text[base..], &options);
        loop {
            let result = scanner.scan();
            let start = base + scanner.token_start();
            match result {
                Ok(None) => break 'restart,
                Ok(Some(Token::String(s))) => {
                    let end = base + scanner.token_end();
                    if let Some(nl) = text[start..end].find(['\n', '\r']) {
                        out.push(Tok {
                            token: Token::String(s),
                            range: TextRange::new(start, start + nl),
                            closed: false,
                        });
                        base = start + nl;
                        continue 'restart;
                    }
                    out.push(Tok { token: Token::String(s), range: TextRange::new(start, end), closed: true });
                }
                Ok(Some(token)) => {
                    out.push(Tok { token, range: TextRange::new(start, base + scanner.token_end()), closed: true });
                }
                Err(_) => {
                    let rest = &text[start..];
                    if rest.starts_with(['"', '\'']) {
                        let nl = rest.find(['\n', '\r']).unwrap_or(rest.len());
                        out.push(Tok {
                            token: Token::String(rest[1..nl].to_owned().into()),
                            range: TextRange::new(start, start + nl),
                            closed: false,
                        });
                        base = start + nl;
                    } else {
                        base = start + rest.chars().next().map_or(1, char::len_utf8);
                    }
                    continue 'restart;
                }
            }
        }
    }
    out
}

fn from_tokens(text: &str, offset: usize) -> Option<Cursor> {
    let toks = tokens(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut found: Option<Cursor> = None;
    // After the cursor: the original frames still open, so their later members are collected too.
    let mut watermark = usize::MAX;
    let mut finished: Vec<Option<Members>> = Vec::new();

    for (i, tok) in toks.iter().enumerate() {
        if found.is_none() {
            let inside = match tok.token {
                Token::String(_) => {
                    tok.range.start < offset && (offset < tok.range.end || (!tok.closed && offset == tok.range.end))
                }
                _ => false,
            };
            if inside || offset <= tok.range.start {
                let mut cursor = gap_cursor(&stack, &path, offset)?;
                if inside {
                    let content_end = if tok.closed { tok.range.end - 1 } else { tok.range.end };
                    cursor.token = Some(StrToken {
                        range: tok.range,
                        content: TextRange::new(tok.range.start + 1, content_end),
                        closed: tok.closed,
                    });
                    cursor.colon_follows = matches!(toks.get(i + 1).map(|t| &t.token), Some(Token::Colon));
                    if cursor.slot == Slot::Value
                        && matches!(stack.last(), Some(Frame::Object { expect: Expect::Key, .. }))
                    {
                        cursor.slot = Slot::Key;
                    }
                }
                finished = (0..stack.len()).map(|_| None).collect();
                watermark = stack.len();
                found = Some(cursor);
                if inside {
                    // The token being typed is not a member yet.
                    continue;
                }
            }
        }
        match &tok.token {
            Token::OpenBrace => {
                value_started(&mut stack);
                stack.push(Frame::Object { members: Vec::new(), expect: Expect::Key });
            }
            Token::OpenBracket => {
                let collect = matches!(stack.last(), Some(Frame::Object { expect: Expect::Value, .. }));
                value_started(&mut stack);
                stack.push(Frame::Array { collect });
            }
            Token::CloseBrace | Token::CloseBracket => {
                let depth = stack.len();
                if let Some(frame) = stack.pop() {
                    if found.is_some() && depth - 1 < watermark {
                        if let Frame::Object { members, .. } = frame
                            && let Some(slot) = finished.get_mut(depth - 1)
                        {
                            *slot = Some(members);
                        }
                        watermark = depth - 1;
                    }
                    if matches!(stack.last(), Some(Frame::Object { .. })) {
                        path.pop();
                    }
                }
                if found.is_some() && watermark == 0 {
                    break;
                }
            }
            Token::Colon => {
                if let Some(Frame::Object { expect, .. }) = stack.last_mut() {
                    *expect = Expect::Value;
                }
            }
            Token::Comma => {
                if let Some(Frame::Object { expect, .. }) = stack.last_mut() {
                    *expect = Expect::Key;
                    path_truncate(&stack, &mut path);
                }
            }
            Token::String(s) => {
                let s = s.to_string();
                let key_wanted = match stack.last() {
                    Some(Frame::Object { expect, .. }) => matches!(expect, Expect::Key | Expect::Comma),
                    _ => false,
                };
                if key_wanted {
                    path_truncate(&stack, &mut path);
                    if let Some(Frame::Object { members, expect }) = stack.last_mut() {
                        members.push((s.clone(), Vec::new()));
                        *expect = Expect::Colon;
                    }
                    path.push(s);
                } else {
                    add_value(&mut stack, s);
                }
            }
            Token::Word(_) | Token::Number(_) | Token::Boolean(_) | Token::Null => value_started(&mut stack),
            Token::CommentLine(_) | Token::CommentBlock(_) => {}
        }
    }
    let mut cursor = match found {
        Some(c) => c,
        None => {
            let c = gap_cursor(&stack, &path, offset)?;
            finished = (0..stack.len()).map(|_| None).collect();
            watermark = stack.len();
            c
        }
    };
    // Frames still open at the end of the text keep what they collected.
    for (depth, frame) in stack.into_iter().enumerate() {
        if depth < watermark
            && let Frame::Object { members, .. } = frame
            && let Some(slot) = finished.get_mut(depth)
        {
            *slot = Some(members);
        }
    }
    // Keep objects only: arrays have no entry.
    let objects: Vec<Members> = finished.into_iter().flatten().collect();
    if objects.len() >= cursor.objects.len() {
        cursor.objects = objects.into_iter().take(cursor.objects.len()).collect();
    }
    if cursor.slot == Slot::Key
        && let (Some(t), Some(last)) = (&cursor.token, cursor.objects.last_mut())
    {
        let typed = &text[t.content.start..t.content.end];
        if let Some(i) = last.iter().position(|(k, _)| k == typed) {
            last.remove(i);
        }
    }
    Some(cursor)
}

/// The cursor in the gap before the next token, from the state of the innermost frame.
fn gap_cursor(stack: &[Frame], path: &[String], offset: usize) -> Option<Cursor> {
    let (slot, path, in_array) = match stack.last()? {
        Frame::Object { expect: Expect::Key | Expect::Comma, .. } => (Slot::Key, object_path(stack, path), false),
        Frame::Object { expect: Expect::Value, .. } => (Slot::Value, path.to_vec(), false),
        Frame::Object { expect: Expect::Colon, .. } => (Slot::Value, path.to_vec(), false),
        Frame::Array { .. } => (Slot::Value, path.to_vec(), true),
    };
    let objects = stack
        .iter()
        .filter_map(|f| match f {
            Frame::Object { members, .. } => Some(members.clone()),
            Frame::Array { .. } => None,
        })
        .collect();
    Some(Cursor { offset, slot, path, in_array, token: None, colon_follows: false, objects })
}

/// In an object's key slot the path holds only the keys leading to the object.
fn object_path(stack: &[Frame], path: &[String]) -> Vec<String> {
    let objects_above = stack.iter().filter(|f| matches!(f, Frame::Object { .. })).count();
    path[..path.len().min(objects_above.saturating_sub(1))].to_vec()
}

/// Drops the key of the previous member when a new one starts.
fn path_truncate(stack: &[Frame], path: &mut Vec<String>) {
    let objects = stack.iter().filter(|f| matches!(f, Frame::Object { .. })).count();
    path.truncate(objects.saturating_sub(1));
}

fn value_started(stack: &mut [Frame]) {
    if let Some(Frame::Object { expect, .. }) = stack.last_mut()
        && *expect == Expect::Value
    {
        *expect = Expect::Comma;
    }
}

fn add_value(stack: &mut [Frame], value: String) {
    let n = stack.len();
    match stack.last_mut() {
        Some(Frame::Object { members, expect }) => {
            if *expect == Expect::Value
                && let Some((_, values)) = members.last_mut()
            {
                values.push(value);
            }
            *expect = Expect::Comma;
        }
        Some(Frame::Array { collect: true }) if n >= 2 => {
            if let Some(Frame::Object { members, .. }) = stack.get_mut(n - 2)
                && let Some((_, values)) = members.last_mut()
            {
                values.push(value);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{Options, analyze};

    fn at(fixture: &str) -> (String, Cursor) {
        let offset = fixture.find("$0").expect("cursor marker");
        let text = fixture.replace("$0", "");
        let analysis = analyze(&text, &Options::default());
        let cursor = locate(&analysis, &text, offset).expect("a cursor");
        (text, cursor)
    }

    #[test]
    fn value_in_a_valid_document() {
        let (text, c) = at(r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:Get$0"]}]}"#);
        assert_eq!((c.slot, c.keys(), c.in_array), (Slot::Value, vec!["Statement", "Action"], true));
        assert_eq!(c.typed(&text), "s3:Get");
        assert_eq!(c.statement().unwrap()[1], ("Action".to_owned(), vec!["s3:Get".to_owned()]));
    }

    #[test]
    fn key_being_typed_in_a_broken_document() {
        let (text, c) = at("{\"Statement\": [{\"Effect\": \"Allow\", \"Ac$0\n \"Resource\": \"*\"}]}");
        assert_eq!((c.slot, c.keys()), (Slot::Key, vec!["Statement"]));
        assert_eq!(c.typed(&text), "Ac");
        assert!(!c.token.as_ref().unwrap().closed);
        let keys: Vec<&str> = c.sibling_keys().collect();
        assert_eq!(keys, ["Effect", "Resource"]);
    }

    #[test]
    fn unterminated_value_keeps_the_statement() {
        let (text, c) = at("{\"Statement\": [{\"Action\": \"ec2:$0\n}]}");
        assert_eq!((c.slot, c.keys()), (Slot::Value, vec!["Statement", "Action"]));
        assert_eq!(c.typed(&text), "ec2:");
    }

    #[test]
    fn condition_key_slot_after_missing_comma() {
        let (_, c) =
            at("{\"Statement\": [{\"Action\": \"s3:GetObject\" \"Condition\": {\"StringEquals\": {\"$0\"}}}]}");
        assert_eq!((c.slot, c.keys()), (Slot::Key, vec!["Statement", "Condition", "StringEquals"]));
        let statement = c.statement().unwrap();
        assert_eq!(statement[0], ("Action".to_owned(), vec!["s3:GetObject".to_owned()]));
    }

    #[test]
    fn gap_after_colon_is_a_value() {
        let (_, c) = at("{\"Version\": $0\n");
        assert_eq!((c.slot, c.keys(), c.token.is_none()), (Slot::Value, vec!["Version"], true));
    }
}

#[cfg(test)]
mod yaml_tests {
    use super::*;
    use crate::checks::{Options, analyze};

    fn at(fixture: &str) -> (String, Cursor) {
        let offset = fixture.find("$0").expect("cursor marker");
        let text = fixture.replace("$0", "");
        let options = Options { path: Some("t.yaml".into()), ..Options::default() };
        let analysis = analyze(&text, &options);
        let cursor = locate(&analysis, &text, offset).expect("a cursor");
        (text, cursor)
    }

    const HEAD: &str = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n";

    #[test]
    fn plain_scalars_are_tokens() {
        let (text, c) = at(&format!("{HEAD}            Action: s3:GetObj$0\n"));
        assert_eq!((c.slot, c.keys()), (Slot::Value, vec!["Statement", "Action"]));
        assert_eq!(c.typed(&text), "s3:GetObj");
        let (text, c) = at(&format!("{HEAD}            Act$0: s3:GetObject\n"));
        assert_eq!((c.slot, c.keys()), (Slot::Key, vec!["Statement"]), "{c:?}");
        assert_eq!(c.typed(&text), "Act");
    }

    #[test]
    fn an_empty_value_is_a_value_slot() {
        let (_, c) = at(&format!("{HEAD}            Action: $0\n            Resource: '*'\n"));
        assert_eq!((c.slot, c.keys(), c.token.is_none()), (Slot::Value, vec!["Statement", "Action"], true), "{c:?}");
    }

    #[test]
    fn a_word_alone_below_its_key_is_a_key_being_typed() {
        let (text, c) = at(&format!("{HEAD}            Condition:\n              Bool:\n                aws:Sec$0\n"));
        assert_eq!((c.slot, c.keys()), (Slot::Key, vec!["Statement", "Condition", "Bool"]), "{c:?}");
        assert!(!c.colon_follows);
        assert_eq!(c.typed(&text), "aws:Sec");
        // On the key's own line it is the key's value.
        let (_, c) = at(&format!("{HEAD}            Action: s3:Get$0\n"));
        assert_eq!(c.slot, Slot::Value);
    }
}
