//! Lenient parsing with strict reporting: jsonc-parser accepts every loose construct so the rest of
//! the document can still be analysed, and each one is then reported, because IAM accepts strict
//! JSON only.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::tokens::{Token, TokenAndRange};
use jsonc_parser::{
    CollectOptions, CommentCollectionStrategy, ParseOptions, ParseStringErrorKind, Scanner, ScannerOptions,
};

use super::{Key, Member, Node, NodeKind, TextRange};

/// The result of parsing a document: every top-level value, and every syntax problem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parse {
    /// Top-level values in order; IAM expects exactly one object.
    pub roots: Vec<Node>,
    pub errors: Vec<SyntaxError>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
    pub kind: SyntaxErrorKind,
}

/// What went wrong; loose constructs were still parsed, so they carry enough to be repaired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    Comment,
    TrailingComma,
    /// A comma is missing before the token at the error's range; `after` is where one belongs.
    MissingComma {
        after: usize,
    },
    SingleQuotedString,
    UnquotedKey,
    InvalidNumber,
    InvalidEscape,
    ControlCharacter,
    /// A comma after a complete top-level value, as between policies pasted one after another;
    /// parsing goes on after it.
    TopLevelComma,
    /// Not JSON at all; parsing stopped here.
    Invalid,
}

pub fn parse(text: &str) -> Parse {
    let offset = past_byte_order_mark(text);
    strict(&text[offset..], offset).unwrap_or_else(|| lenient(text, offset))
}

/// Where the JSON starts. Editors on Windows save a byte-order mark; the grammar rules report it as
/// a character IAM rejects, with a fix, so parsing looks past it.
fn past_byte_order_mark(text: &str) -> usize {
    if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 }
}

/// Each top-level value parsed leniently, and every loose construct in it reported.
fn lenient(text: &str, mut offset: usize) -> Parse {
    let mut parse = Parse::default();
    // Several top-level values: jsonc-parser stops at the second, so parse each in turn.
    while offset < text.len() {
        let slice = &text[offset..];
        match parse_one(slice) {
            Ok(Some(root)) => {
                collect_loose(slice, &root.tokens, offset, &mut parse.errors);
                parse.roots.push(root.node.with_offset(offset));
                break;
            }
            Ok(None) => break,
            Err(err) if matches!(err.kind(), ParseErrorKind::MultipleRootJsonValues) => {
                let end = err.range().start;
                match parse_one(&slice[..end]) {
                    Ok(Some(root)) => {
                        collect_loose(&slice[..end], &root.tokens, offset, &mut parse.errors);
                        parse.roots.push(root.node.with_offset(offset));
                    }
                    _ => break,
                }
                offset += end;
                // Policies pasted as a list, `{…}, {…}`: the comma is reported, the next one parsed.
                if text[offset..].starts_with(',') {
                    parse.errors.push(SyntaxError {
                        range: TextRange::new(offset, offset + 1),
                        message: "a JSON document is one value: no `,` after it; IAM reads a policy as one object"
                            .to_owned(),
                        kind: SyntaxErrorKind::TopLevelComma,
                    });
                    offset += 1;
                }
            }
            Err(err) => {
                parse.errors.push(invalid(text, offset, &err));
                break;
            }
        }
    }
    parse.errors.sort_by_key(|e| e.range);
    parse
}

/// Nearly every document is one strict JSON value: its tree is built straight from jsonc-parser's
/// scanner, without the AST (building, converting and dropping it was two fifths of the parse) or
/// the tokens the loose constructs are found in, its strings and numbers checked as
/// [`collect_loose`] checks their tokens. `None` at the first token strict JSON does not allow:
/// the lenient parse then finds and reports what is loose.
fn strict(text: &str, offset: usize) -> Option<Parse> {
    let options = ScannerOptions {
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let mut parse = Parse::default();
    let mut builder = Builder { scanner: Scanner::new(text, &options), offset, depth: 0, errors: &mut parse.errors };
    if let Some(first) = builder.scanner.scan().ok()? {
        let root = builder.value(first)?;
        if builder.scanner.scan().ok()?.is_some() {
            return None;
        }
        parse.roots.push(root);
    }
    parse.errors.sort_by_key(|e| e.range);
    Some(parse)
}

/// The recursive descent of [`strict`], over a text that starts `offset` bytes into the document.
struct Builder<'t, 'e> {
    scanner: Scanner<'t>,
    offset: usize,
    depth: usize,
    errors: &'e mut Vec<SyntaxError>,
}

impl<'t> Builder<'t, '_> {
    /// Deeper documents go the lenient way, which reports the nesting jsonc-parser refuses (over
    /// 512 levels); policies nest a few.
    const MAX_DEPTH: usize = 128;

    fn next(&mut self) -> Option<Token<'t>> {
        self.scanner.scan().ok()?
    }

    fn range(&self) -> TextRange {
        TextRange::new(self.scanner.token_start(), self.scanner.token_end()).shift(self.offset)
    }

    /// The string token just scanned checked, as written.
    fn check(&mut self, range: TextRange) {
        let raw = &self.scanner.file_text()[range.start - self.offset..range.end - self.offset];
        check_string(raw, range, &mut pusher(self.errors, 0));
    }

    fn value(&mut self, token: Token<'t>) -> Option<Node> {
        let range = self.range();
        let kind = match token {
            Token::String(value) => {
                self.check(range);
                NodeKind::String(value.as_ref().into())
            }
            Token::Number(raw) => {
                if !is_json_number(raw) {
                    let message = format!("`{raw}` is not a valid JSON number");
                    pusher(self.errors, 0)(range, SyntaxErrorKind::InvalidNumber, &message);
                }
                NodeKind::Number(raw.to_owned())
            }
            Token::Boolean(b) => NodeKind::Bool(b),
            Token::Null => NodeKind::Null,
            Token::OpenBracket | Token::OpenBrace if self.depth >= Self::MAX_DEPTH => return None,
            Token::OpenBracket => NodeKind::Array(self.elements(Token::CloseBracket, Self::value)?),
            Token::OpenBrace => NodeKind::Object(self.elements(Token::CloseBrace, Self::member)?),
            _ => return None,
        };
        Some(Node { range: TextRange::new(range.start, self.scanner.token_end() + self.offset), kind })
    }

    /// An object member from its key's token.
    fn member(&mut self, token: Token<'t>) -> Option<Member> {
        let Token::String(key) = token else { return None };
        let key = Key { text: key.into_owned(), range: self.range() };
        self.check(key.range);
        if self.next()? != Token::Colon {
            return None;
        }
        let first = self.next()?;
        Some(Member { key, value: self.value(first)? })
    }

    /// The elements of an array or the members of an object, after its opening token: each read
    /// by `element` from its first token, separated by commas, up to `close`.
    fn elements<T>(&mut self, close: Token<'t>, element: impl Fn(&mut Self, Token<'t>) -> Option<T>) -> Option<Vec<T>> {
        self.depth += 1;
        let mut out = Vec::new();
        let mut token = self.next()?;
        if token != close {
            loop {
                out.push(element(self, token)?);
                match self.next()? {
                    Token::Comma => token = self.next()?,
                    next if next == close => break,
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(out)
    }
}

/// Reports into `out` at a range of a text parsed `offset` bytes into the document.
fn pusher(out: &mut Vec<SyntaxError>, offset: usize) -> impl FnMut(TextRange, SyntaxErrorKind, &str) + '_ {
    move |range, kind, message| out.push(SyntaxError { range: range.shift(offset), message: message.to_owned(), kind })
}

struct Root<'a> {
    node: Node,
    tokens: Vec<TokenAndRange<'a>>,
}

fn parse_one(text: &str) -> Result<Option<Root<'_>>, ParseError> {
    let collect = CollectOptions { comments: CommentCollectionStrategy::AsTokens, tokens: true };
    let result = jsonc_parser::parse_to_ast(text, &collect, &ParseOptions::default())?;
    Ok(result.value.map(|value| Root { node: convert(&value), tokens: result.tokens.unwrap_or_default() }))
}

fn convert(value: &Value<'_>) -> Node {
    let (range, kind) = match value {
        Value::StringLit(s) => (s.range, NodeKind::String(s.value.as_ref().into())),
        Value::NumberLit(n) => (n.range, NodeKind::Number(n.value.to_string())),
        Value::BooleanLit(b) => (b.range, NodeKind::Bool(b.value)),
        Value::NullKeyword(n) => (n.range, NodeKind::Null),
        Value::Array(a) => (a.range, NodeKind::Array(a.elements.iter().map(convert).collect())),
        Value::Object(o) => {
            let members = o
                .properties
                .iter()
                .map(|p| {
                    let key = match &p.name {
                        ObjectPropName::String(s) => Key { text: s.value.to_string(), range: s.range.into() },
                        ObjectPropName::Word(w) => Key { text: w.value.to_string(), range: w.range.into() },
                    };
                    Member { key, value: convert(&p.value) }
                })
                .collect();
            (o.range, NodeKind::Object(members))
        }
    };
    Node { range: range.into(), kind }
}

impl Node {
    fn with_offset(mut self, by: usize) -> Node {
        if by != 0 {
            self.shift(by);
        }
        self
    }

    pub(super) fn shift(&mut self, by: usize) {
        self.range = self.range.shift(by);
        match &mut self.kind {
            NodeKind::Object(members) => members.iter_mut().for_each(|m| {
                m.key.range = m.key.range.shift(by);
                m.value.shift(by);
            }),
            NodeKind::Array(items) => items.iter_mut().for_each(|n| n.shift(by)),
            _ => {}
        }
    }
}

/// Reports every construct that jsonc-parser tolerated but strict JSON forbids.
fn collect_loose(text: &str, tokens: &[TokenAndRange<'_>], offset: usize, out: &mut Vec<SyntaxError>) {
    let mut push = pusher(out, offset);
    let significant: Vec<&TokenAndRange<'_>> =
        tokens.iter().filter(|t| !matches!(t.token, Token::CommentLine(_) | Token::CommentBlock(_))).collect();
    for t in tokens {
        let range = TextRange::from(t.range);
        match &t.token {
            Token::CommentLine(_) | Token::CommentBlock(_) => {
                push(range, SyntaxErrorKind::Comment, "JSON does not allow comments; IAM rejects the policy")
            }
            Token::Number(raw) if !is_json_number(raw) => {
                push(range, SyntaxErrorKind::InvalidNumber, &format!("`{raw}` is not a valid JSON number"))
            }
            Token::String(_) => check_string(&text[t.range.start..t.range.end], range, &mut push),
            _ => {}
        }
    }
    for (i, t) in significant.iter().enumerate() {
        let range = TextRange::from(t.range);
        let next = significant.get(i + 1).map(|n| &n.token);
        match &t.token {
            Token::Comma if matches!(next, Some(Token::CloseBrace | Token::CloseBracket)) => {
                push(range, SyntaxErrorKind::TrailingComma, "JSON does not allow a trailing comma; remove it")
            }
            Token::Word(word) if matches!(next, Some(Token::Colon)) => push(
                range,
                SyntaxErrorKind::UnquotedKey,
                &format!("object keys must be double-quoted strings: write `\"{word}\"`"),
            ),
            Token::Number(_) if matches!(next, Some(Token::Colon)) => {
                push(range, SyntaxErrorKind::UnquotedKey, "object keys must be double-quoted strings")
            }
            _ => {}
        }
        if let Some(n) = significant.get(i + 1)
            && ends_value(&t.token)
            && starts_value(&n.token)
        {
            push(
                TextRange::from(n.range),
                SyntaxErrorKind::MissingComma { after: t.range.end + offset },
                "expected `,` before this; JSON separates members and elements with commas",
            );
        }
    }
}

fn check_string(raw: &str, range: TextRange, push: &mut impl FnMut(TextRange, SyntaxErrorKind, &str)) {
    if raw.starts_with('\'') {
        push(range, SyntaxErrorKind::SingleQuotedString, "JSON strings must use double quotes");
        return;
    }
    // Most strings hold neither a control character nor an escape: one branch-free pass tells.
    if !raw.bytes().fold(false, |special, b| special | (b < b' ') | (b == b'\\')) {
        return;
    }
    if raw.bytes().any(|b| b < b' ') {
        push(
            range,
            SyntaxErrorKind::ControlCharacter,
            "a JSON string cannot contain a raw control character (tab, line break); escape it",
        );
    }
    if !raw.contains('\\') {
        return;
    }
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | 'u') => {}
                other => {
                    let shown = other.map(String::from).unwrap_or_default();
                    push(range, SyntaxErrorKind::InvalidEscape, &format!("`\\{shown}` is not a JSON escape sequence"));
                    return;
                }
            }
        }
    }
}

/// A string, word, number, boolean or null token.
fn is_scalar(t: &Token<'_>) -> bool {
    matches!(t, Token::String(_) | Token::Word(_) | Token::Number(_) | Token::Boolean(_) | Token::Null)
}

fn ends_value(t: &Token<'_>) -> bool {
    is_scalar(t) || matches!(t, Token::CloseBrace | Token::CloseBracket)
}

fn starts_value(t: &Token<'_>) -> bool {
    is_scalar(t) || matches!(t, Token::OpenBrace | Token::OpenBracket)
}

/// RFC 8259: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
fn is_json_number(raw: &str) -> bool {
    let b = raw.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    let n = digits(&mut i);
    if n == 0 || (n > 1 && b[int_start] == b'0') {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// One error for input that is not JSON even loosely: on the offending token, clamped to its line.
fn invalid(text: &str, offset: usize, err: &ParseError) -> SyntaxError {
    let start = (offset + err.range().start).min(text.len());
    let mut end = (offset + err.range().end).clamp(start, text.len());
    if let Some(nl) = text[start..end].find(['\n', '\r']) {
        end = start + nl;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    SyntaxError { range: TextRange::new(start, end), message: describe(err.kind()), kind: SyntaxErrorKind::Invalid }
}

fn describe(kind: &ParseErrorKind) -> String {
    use ParseErrorKind as K;
    let s = match kind {
        K::ExpectedColonAfterObjectKey => "expected `:` after this key",
        K::ExpectedObjectValue => "expected a value after `:`",
        K::ExpectedDigit | K::ExpectedDigitFollowingNegativeSign | K::ExpectedPlusMinusOrDigitInNumberLiteral => {
            "this number is incomplete"
        }
        K::ExpectedStringObjectProperty => "expected a double-quoted key",
        K::ExpectedComma => "expected `,` after this value",
        K::UnexpectedCloseBrace => "unexpected `}`: nothing to close here",
        K::UnexpectedCloseBracket => "unexpected `]`: nothing to close here",
        K::UnexpectedColon => "unexpected `:`",
        K::UnexpectedComma => "unexpected `,`",
        K::UnexpectedToken | K::UnexpectedTokenInObject | K::UnexpectedWord => "unexpected text: expected a JSON value",
        K::UnterminatedArray => "this array is never closed: expected `]`",
        K::UnterminatedObject => "this object is never closed: expected `}`",
        K::UnterminatedCommentBlock => "this comment is never closed",
        K::NestingDepthExceeded => "values are nested too deeply (more than 512 levels)",
        K::String(ParseStringErrorKind::UnterminatedStringLiteral) => "this string is never closed: expected `\"`",
        K::String(_) => "invalid escape sequence in this string",
        other => return other.to_string(),
    };
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strict parse must give what the lenient one gives, errors included, wherever it
    /// succeeds: on JSON with the defects strict parsing still lets through, and on every JSON
    /// policy of the project's corpora.
    #[test]
    fn the_strict_parse_agrees_with_the_lenient_one() {
        let mut texts: Vec<String> = [
            "{\"a\": \"tab\there\", \"b\": \"\\q\", \"c\\u0\": 1}",
            "{\"a\": [01, 1.5e3, -0, 2E-1, 00.5]}",
            "\u{feff}{\"Version\": \"2012-10-17\"}",
            "\"s\"",
            "  ",
            "",
            "[]",
            "{\"a\": \"\u{7f}é😀\", \"b\": true, \"c\": null}",
            "{\"a\": {\"b\": [[], {}, [1, [2, {\"c\": \"d\"}]]]}, \"a\": 2}",
            "[1,]",
            "{\"a\": 1,}",
            "{\"a\" 1}",
            "{\"a\": 1 \"b\": 2}",
            "[1 2]",
            "{} {}",
            "{\"a\": 1} // note",
            "{/* c */}",
            "{a: 1}",
            "{'a': 1}",
            "[0x1F, +1, .5, NaN]",
            "[tru]",
            "[",
            "{\"a\":",
            "}",
        ]
        .map(str::to_owned)
        .into();
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus/realworld");
        let mut dirs = vec![std::path::PathBuf::from(corpus)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    texts.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        texts.push(format!("{}{}", "[".repeat(200), "]".repeat(200)));
        assert!(texts.len() > 500, "{} texts", texts.len());
        let mut strict_ones = 0;
        for text in &texts {
            let offset = past_byte_order_mark(text);
            if let Some(parse) = strict(&text[offset..], offset) {
                strict_ones += 1;
                assert_eq!(parse, lenient(text, offset), "{text}");
            }
        }
        assert!(strict_ones > 500, "{strict_ones} parsed strictly");
    }
}
