//! The HCL front end (Terraform): blocks and attributes with byte ranges into the `.tf` text, and
//! attribute values as the same [`Node`] tree JSON and YAML give, so a `jsonencode({...})` object
//! is a policy like any other. Keys may be bare identifiers or strings; references, function
//! calls and strings with `${…}` interpolations are [`NodeKind::Unknown`], as CloudFormation's
//! intrinsic functions are.
//!
//! hcl-edit was chosen by measurement (README, "Policies in templates"): exact spans, and several
//! times faster than tree-sitter's HCL grammar. It stops at the first error, so a file that does
//! not parse is read again with each failing top-level block blanked out (same length, so every
//! offset stays true): a half-typed block costs its own policies only.
//!
//! `${aws:username}` is not a Terraform expression: hcl-edit rejects it. It is read as the IAM
//! variable the author meant (the host layer reports the missing `$$`), by parsing a copy of the
//! text where its `{` is a `$`, which hcl-edit reads as literal text.

use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{BlockLabel, Body, Structure};
use hcl_edit::template::Element;

use super::host_string::{self, Quoting};
use super::{Key, Member, Node, NodeKind, SyntaxError, SyntaxErrorKind, TextRange};

/// A `.tf` file read: its top-level blocks and attributes, and its syntax errors.
#[derive(Debug, Clone, Default)]
pub struct HclParse {
    pub body: Vec<Item>,
    pub errors: Vec<SyntaxError>,
}

#[derive(Debug, Clone)]
pub enum Item {
    Attribute(Attribute),
    Block(Block),
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub key: Key,
    /// The value as a tree; a top-level function call is `Unknown`, its arguments in `form`.
    pub value: Node,
    pub form: Form,
}

/// What an attribute's value is written as, where the host needs more than its tree.
#[derive(Debug, Clone)]
pub enum Form {
    /// `name(args…)`.
    Call {
        name: String,
        args: Vec<Node>,
    },
    /// A quoted string or a heredoc: its content between the delimiters, and how it is written.
    Text {
        content: TextRange,
        quoting: Quoting,
    },
    Other,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub ident: Key,
    pub labels: Vec<Key>,
    pub body: Vec<Item>,
    pub range: TextRange,
}

impl Block {
    pub fn attribute(&self, key: &str) -> Option<&Attribute> {
        self.body.iter().rev().find_map(|i| match i {
            Item::Attribute(a) if a.key.text == key => Some(a),
            _ => None,
        })
    }

    pub fn blocks<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.body.iter().filter_map(move |i| match i {
            Item::Block(b) if b.ident.text == ident => Some(b),
            _ => None,
        })
    }

    pub fn label(&self, i: usize) -> Option<&str> {
        self.labels.get(i).map(|l| l.text.as_str())
    }
}

pub fn parse(text: &str) -> HclParse {
    let mut source = escape_policy_variables(text);
    let mut errors = Vec::new();
    let starts = block_starts(text);
    // Each round blanks one top-level block; a file of n blocks needs at most n + 1 rounds. A file
    // broken in many places keeps its first blocks only: after `ROUNDS`, the rest goes at once.
    const ROUNDS: usize = 16;
    for round in 0..=starts.len() {
        match hcl_edit::parser::parse_body(&source) {
            Ok(body) => {
                let mut errors = errors;
                errors.sort_by_key(|e: &SyntaxError| e.range.start);
                return HclParse { body: items(text, &body), errors };
            }
            Err(err) => {
                let mut at = err.location().offset().min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                errors.push(SyntaxError {
                    range: TextRange::new(at, end),
                    message: format!("HCL: {}", err.message()),
                    kind: SyntaxErrorKind::Invalid,
                });
                let Some(chunk) = culprit(&source, &starts, at) else { break };
                let end = if round + 1 >= ROUNDS { source.len() } else { chunk.end };
                blank(&mut source, TextRange::new(chunk.start, end));
            }
        }
    }
    HclParse { body: Vec::new(), errors }
}

/// The text with `${` of every `${aws:…}` (an IAM variable Terraform would take for an expression)
/// changed to `$$`, same length.
fn escape_policy_variables(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let mut from = 0;
    while let Some(i) = text[from..].find("${") {
        let at = from + i;
        from = at + 2;
        if at > 0 && text.as_bytes()[at - 1] == b'$' {
            continue;
        }
        let Some(close) = text[at..].find(['}', '\n']).map(|j| at + j) else { break };
        if text.as_bytes()[close] == b'}' && host_string::is_policy_variable(&text[at + 2..close]) {
            out[at + 1] = b'$';
        }
    }
    // Only an ASCII byte was replaced by another.
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Where each top-level block may start: lines that begin with an identifier.
fn block_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            starts.push(at);
        }
        at += line.len();
    }
    starts
}

/// The top-level block to blank for an error at `at`: the one holding it, or the one before when
/// the error is on the first line of a block and the text before that line does not parse (the
/// previous block was left open), skipping blocks already blanked.
fn culprit(source: &str, starts: &[usize], at: usize) -> Option<TextRange> {
    let chunk = |i: usize| TextRange::new(starts[i], starts.get(i + 1).copied().unwrap_or(source.len()));
    let blank = |r: TextRange| source[r.start..r.end].bytes().all(|b| b.is_ascii_whitespace());
    let mut i = starts.iter().rposition(|&s| s <= at)?;
    let first_line = !source[starts[i]..at].contains('\n');
    if first_line && i > 0 && !blank(chunk(i - 1)) && hcl_edit::parser::parse_body(&source[..starts[i]]).is_err() {
        i -= 1;
    }
    while blank(chunk(i)) {
        i = i.checked_sub(1)?;
    }
    Some(chunk(i))
}

/// Replaces every character of `range` but line breaks with spaces, keeping byte offsets.
fn blank(source: &mut String, range: TextRange) {
    let blanked: String = source[range.start..range.end]
        .chars()
        .map(|c| if c == '\n' { "\n".to_owned() } else { " ".repeat(c.len_utf8()) })
        .collect();
    source.replace_range(range.start..range.end, &blanked);
}

fn range(span: Option<std::ops::Range<usize>>) -> TextRange {
    span.map_or_else(TextRange::default, |r| TextRange::new(r.start, r.end))
}

fn items(text: &str, body: &Body) -> Vec<Item> {
    body.iter()
        .map(|s| match s {
            Structure::Attribute(a) => {
                let key = Key { text: a.key.as_str().to_owned(), range: range(a.key.span()) };
                let form = match &a.value {
                    Expression::FuncCall(call) => Form::Call {
                        name: call.name.name.as_str().to_owned(),
                        args: call.args.iter().map(|e| node(text, e)).collect(),
                    },
                    e => text_form(text, e).map_or(Form::Other, |(content, quoting)| Form::Text { content, quoting }),
                };
                Item::Attribute(Attribute { key, value: node(text, &a.value), form })
            }
            Structure::Block(b) => Item::Block(Block {
                ident: Key { text: b.ident.as_str().to_owned(), range: range(b.ident.span()) },
                labels: b
                    .labels
                    .iter()
                    .map(|l| {
                        let text = match l {
                            BlockLabel::Ident(i) => i.as_str().to_owned(),
                            BlockLabel::String(s) => s.value().clone(),
                        };
                        Key { text, range: range(l.span()) }
                    })
                    .collect(),
                body: items(text, &b.body),
                range: range(b.span()),
            }),
        })
        .collect()
}

/// The content of a quoted string or heredoc, and how it is written.
fn text_form(text: &str, e: &Expression) -> Option<(TextRange, Quoting)> {
    match e {
        Expression::String(_) | Expression::StringTemplate(_) => {
            let r = range(e.span());
            (r.len() >= 2).then(|| (TextRange::new(r.start + 1, r.end - 1), Quoting::HclQuoted))
        }
        Expression::HeredocTemplate(h) => {
            let r = range(h.span());
            let raw = &text[r.start..r.end];
            let first = raw.find('\n')?;
            let last = raw.rfind('\n')?;
            let content = TextRange::new(r.start + first + 1, r.start + last.max(first) + 1);
            Some((content, Quoting::HclHeredoc { indent: h.indent().unwrap_or(0) }))
        }
        Expression::Parenthesis(p) => text_form(text, p.inner()),
        _ => None,
    }
}

/// An expression as a tree; what Terraform computes is `Unknown`, named by its source text.
pub fn node(text: &str, e: &Expression) -> Node {
    let r = range(e.span());
    let kind = match e {
        Expression::Null(_) => NodeKind::Null,
        Expression::Bool(b) => NodeKind::Bool(*b.value()),
        Expression::Number(_) => NodeKind::Number(text[r.start..r.end].to_owned()),
        Expression::String(_) | Expression::StringTemplate(_) | Expression::HeredocTemplate(_) => {
            let directive = match e {
                Expression::StringTemplate(t) => t.iter().any(|el| matches!(el, Element::Directive(_))),
                Expression::HeredocTemplate(h) => h.template.iter().any(|el| matches!(el, Element::Directive(_))),
                _ => false,
            };
            match text_form(text, e) {
                Some((content, quoting)) if !directive => {
                    let d = host_string::decode(text, content, quoting);
                    if d.interpolations.is_empty() { NodeKind::String(d.value.into()) } else { unknown(text, r) }
                }
                _ => unknown(text, r),
            }
        }
        Expression::Array(items) => NodeKind::Array(items.iter().map(|i| node(text, i)).collect()),
        Expression::Object(object) => NodeKind::Object(
            object
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Ident(i) => Key { text: i.as_str().to_owned(), range: range(i.span()) },
                        ObjectKey::Expression(e) => {
                            let n = node(text, e);
                            let text = match &n.kind {
                                NodeKind::String(s) => s.to_string(),
                                _ => text[n.range.start..n.range.end].to_owned(),
                            };
                            Key { text, range: n.range }
                        }
                    };
                    Member { key, value: node(text, v.expr()) }
                })
                .collect(),
        ),
        Expression::Parenthesis(p) => return Node { range: r, kind: node(text, p.inner()).kind },
        _ => unknown(text, r),
    };
    Node { range: r, kind }
}

fn unknown(text: &str, r: TextRange) -> NodeKind {
    let source = &text[r.start..r.end];
    let name: String = source.chars().take(60).collect();
    NodeKind::Unknown(if name.len() < source.len() { format!("{name}…") } else { name })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, r: TextRange) -> &str {
        &text[r.start..r.end]
    }

    fn block<'a>(parse: &'a HclParse, label: &str) -> &'a Block {
        parse
            .body
            .iter()
            .find_map(|i| match i {
                Item::Block(b) if b.label(1) == Some(label) => Some(b),
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn jsonencode_objects_are_trees_with_exact_ranges() {
        let text = r#"resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    "Statement" = [{ Effect = "Allow", Action = ["s3:Get\"x", "${var.a}:b"], Resource = "arn:aws:s3:::${aws_s3_bucket.b.id}/$${aws:username}", N = 1 }]
  })
}
"#;
        let parse = parse(text);
        assert!(parse.errors.is_empty(), "{:?}", parse.errors);
        let b = block(&parse, "p");
        assert_eq!(b.ident.text, "resource");
        assert_eq!(b.label(0), Some("aws_iam_policy"));
        let policy = b.attribute("policy").unwrap();
        let Form::Call { name, args } = &policy.form else { panic!("{:?}", policy.form) };
        assert_eq!(name, "jsonencode");
        let doc = &args[0];
        assert_eq!(slice(text, doc.get("Version").unwrap().key.range), "Version");
        let statement = doc.get("Statement").unwrap();
        assert_eq!(slice(text, statement.key.range), "\"Statement\"");
        let s = &statement.value.as_array().unwrap()[0];
        let actions = s.get("Action").unwrap().value.as_array().unwrap();
        assert_eq!((actions[0].as_str(), slice(text, actions[0].range)), (Some("s3:Get\"x"), r#""s3:Get\"x""#));
        assert!(matches!(actions[1].kind, NodeKind::Unknown(_)));
        assert!(matches!(s.get("Resource").unwrap().value.kind, NodeKind::Unknown(_)));
        assert_eq!(s.get("N").unwrap().value.kind, NodeKind::Number("1".into()));
    }

    #[test]
    fn heredocs_and_quoted_strings_give_their_content() {
        let text = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = <<-EOF\n    {\"Statement\": []}\n    EOF\n  policy = \"{\\\"a\\\": 1}\"\n}\n";
        let parse = parse(text);
        let b = block(&parse, "r");
        let Form::Text { content, quoting } = b.attribute("assume_role_policy").unwrap().form else { panic!() };
        assert_eq!(slice(text, content), "    {\"Statement\": []}\n");
        assert_eq!(quoting, Quoting::HclHeredoc { indent: 4 });
        let Form::Text { content, quoting } = b.attribute("policy").unwrap().form else { panic!() };
        assert_eq!((slice(text, content), quoting), ("{\\\"a\\\": 1}", Quoting::HclQuoted));
        assert_eq!(b.attribute("policy").unwrap().value.as_str(), Some("{\"a\": 1}"));
    }

    #[test]
    fn an_unescaped_policy_variable_is_read_as_meant() {
        let text = "locals {\n  a = \"arn:aws:s3:::b/${aws:username}\"\n  b = \"${var.x}\"\n}\n";
        let parse = parse(text);
        assert!(parse.errors.is_empty(), "{:?}", parse.errors);
        let Item::Block(b) = &parse.body[0] else { panic!() };
        assert_eq!(b.attribute("a").unwrap().value.as_str(), Some("arn:aws:s3:::b/${aws:username}"));
        assert!(matches!(b.attribute("b").unwrap().value.kind, NodeKind::Unknown(_)));
    }

    #[test]
    fn a_half_typed_block_costs_only_itself() {
        let good = "resource \"aws_iam_policy\" \"good\" {\n  policy = jsonencode({ Statement = [] })\n}\n";
        let later = "resource \"aws_iam_policy\" \"later\" {\n  name = \"x\"\n}\n";
        for broken in [
            "resource \"aws_iam_policy\" \"bad\" {\n  policy = jsonencode({ Statement = [{ Effect = \n}\n",
            "resource \"aws_iam_policy\" \"bad\" {\n  policy = jsonencode({\n",
        ] {
            let text = format!("{good}{broken}{later}");
            let parse = parse(&text);
            assert_eq!(parse.errors.len(), 1, "{broken}: {:?}", parse.errors);
            let error = parse.errors[0].range.start;
            assert!(error >= good.len(), "{broken}: error at {error}");
            let labels: Vec<_> = parse
                .body
                .iter()
                .filter_map(|i| match i {
                    Item::Block(b) => b.label(1),
                    _ => None,
                })
                .collect();
            assert_eq!(labels, ["good", "later"], "{broken}");
        }
    }
}
