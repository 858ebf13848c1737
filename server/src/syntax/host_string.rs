//! Policy JSON held in a host string (a Terraform heredoc or quoted string, a JSON string inside a
//! CloudFormation template, a YAML block scalar): the string is decoded with, for every byte of
//! its value, where it came from in the host text; the existing JSON parser reads the value, and
//! every range of its tree is mapped back, so findings point into the host file.

use super::{Key, Member, Node, NodeKind, Parse, SyntaxError, TextRange, parse};

/// How the host writes the string's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    /// An HCL quoted string: backslash escapes, `$${` and `%%{` for literal `${` and `%{`,
    /// `${…}` interpolations.
    HclQuoted,
    /// An HCL heredoc: no backslash escapes; `<<-` strips `indent` columns from every line.
    HclHeredoc { indent: usize },
    /// A JSON string: backslash escapes only.
    Json,
    /// A string of Terraform's JSON syntax (`*.tf.json`): JSON's escapes, then Terraform's
    /// `${…}` and `$${`.
    JsonTemplate,
    /// A YAML literal block scalar (`|`): every line loses `indent` columns.
    YamlLiteral { indent: usize },
    /// The host holds the value verbatim (a plain or quoted scalar without escapes).
    Verbatim,
}

/// A decoded string: its value and where each of its bytes is in the host text.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub value: String,
    /// Host offset of the first source byte of each value byte; one more entry for the end.
    starts: Vec<usize>,
    /// Host offset just past the source of each value byte.
    ends: Vec<usize>,
    /// Terraform interpolations (`${…}` that Terraform evaluates), as ranges into `value`.
    pub interpolations: Vec<TextRange>,
    /// `${aws:username}` written without Terraform's `$$` escape: host ranges of `${…}`.
    pub unescaped_variables: Vec<TextRange>,
}

impl Decoded {
    /// The host range of a range of the value.
    pub fn host_range(&self, r: TextRange) -> TextRange {
        let start = self.starts[r.start.min(self.value.len())];
        let end = match r.end.checked_sub(1).and_then(|last| self.ends.get(last.min(self.ends.len().saturating_sub(1))))
        {
            Some(&end) if !r.is_empty() => end,
            _ => start,
        };
        TextRange::new(start, end.max(start))
    }

    /// Whether the host text of `r` is the value's text byte for byte (no escape, no stripped
    /// indentation inside), so an edit of it can be written as it is.
    pub fn verbatim(&self, host: &str, r: TextRange) -> bool {
        let h = self.host_range(r);
        host.get(h.start..h.end) == self.value.get(r.start..r.end)
    }

    /// The value range whose host text is `h`, when the host range starts and ends on value bytes.
    pub fn value_range(&self, h: TextRange) -> Option<TextRange> {
        let start = self.starts.iter().position(|&s| s == h.start)?;
        if h.is_empty() {
            return Some(TextRange::empty(start));
        }
        let end = self.ends.iter().position(|&e| e == h.end)?;
        (end >= start).then(|| TextRange::new(start, end + 1))
    }
}

/// Decodes the string whose content (between its quotes or heredoc markers) is `content`.
pub fn decode(host: &str, content: TextRange, quoting: Quoting) -> Decoded {
    let mut d = Decoded {
        value: String::with_capacity(content.len()),
        starts: Vec::with_capacity(content.len() + 1),
        ends: Vec::with_capacity(content.len()),
        interpolations: Vec::new(),
        unescaped_variables: Vec::new(),
    };
    let raw = &host[content.start..content.end];
    let push = |d: &mut Decoded, s: &str, from: usize, to: usize| {
        d.value.push_str(s);
        for _ in 0..s.len() {
            d.starts.push(from);
            d.ends.push(to);
        }
    };
    let mut i = 0;
    let mut line_start = true;
    while i < raw.len() {
        let at = content.start + i;
        let rest = &raw[i..];
        if line_start {
            line_start = false;
            if let Quoting::HclHeredoc { indent } | Quoting::YamlLiteral { indent } = quoting {
                let strip = rest.bytes().take(indent).take_while(|b| *b == b' ' || *b == b'\t').count();
                i += strip;
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        let hcl = matches!(quoting, Quoting::HclQuoted | Quoting::HclHeredoc { .. } | Quoting::JsonTemplate);
        let backslash = matches!(quoting, Quoting::HclQuoted | Quoting::Json | Quoting::JsonTemplate);
        if hcl && (rest.starts_with("$${") || rest.starts_with("%%{")) {
            push(&mut d, &rest[1..3], at, at + 3);
            i += 3;
            continue;
        }
        if hcl && rest.starts_with("${") {
            let close = closing_brace(rest);
            let inner = rest[..close].strip_suffix('}').unwrap_or(&rest[..close]).get(2..).unwrap_or_default();
            if is_policy_variable(inner) {
                d.unescaped_variables.push(TextRange::new(at, at + close));
            } else {
                let start = d.value.len();
                d.interpolations.push(TextRange::new(start, start + close));
            }
            for (j, ch) in rest[..close].char_indices() {
                push(&mut d, ch.encode_utf8(&mut [0; 4]), at + j, at + j + ch.len_utf8());
            }
            i += close;
            continue;
        }
        if backslash && c == '\\' {
            let (decoded, len) = escape(rest, quoting == Quoting::HclQuoted);
            match decoded {
                Some(ch) => push(&mut d, ch.encode_utf8(&mut [0; 4]), at, at + len),
                None => push(&mut d, &rest[..len], at, at + len),
            }
            i += len;
            continue;
        }
        push(&mut d, &rest[..c.len_utf8()], at, at + c.len_utf8());
        line_start = c == '\n';
        i += c.len_utf8();
    }
    d.starts.push(content.end);
    d
}

/// The length of `${…}` at the start of `s`, to its matching brace (or the end of `s`).
fn closing_brace(s: &str) -> usize {
    let mut depth = 0;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\n' => return i,
            _ => {}
        }
    }
    s.len()
}

/// An IAM policy variable's name, as Terraform would mistake it for an expression:
/// `aws:username`, `aws:PrincipalTag/team`, `s3:prefix`, and IAM's `*`, `?`, `$`.
pub fn is_policy_variable(name: &str) -> bool {
    if matches!(name, "*" | "?" | "$") {
        return true;
    }
    let Some((service, key)) = name.split_once(':') else { return false };
    !service.is_empty()
        && service.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && service.as_bytes()[0].is_ascii_alphabetic()
        && !key.is_empty()
        && !key.contains(|c: char| c.is_whitespace() || "{}\"'".contains(c))
}

/// One backslash escape at the start of `s`: the character it stands for (`None` when invalid,
/// kept as written) and its length.
fn escape(s: &str, hcl: bool) -> (Option<char>, usize) {
    let Some(c) = s[1..].chars().next() else { return (None, 1) };
    let simple = match c {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        '/' if !hcl => Some('/'),
        'b' if !hcl => Some('\u{8}'),
        'f' if !hcl => Some('\u{c}'),
        _ => None,
    };
    if let Some(ch) = simple {
        return (Some(ch), 2);
    }
    let hex = |n: usize| s.get(2..2 + n).and_then(|h| u32::from_str_radix(h, 16).ok());
    match c {
        'u' => match hex(4) {
            // A JSON surrogate pair is two escapes.
            Some(hi @ 0xD800..=0xDBFF) if !hcl && s.get(6..8) == Some("\\u") => {
                let lo = s.get(8..12).and_then(|h| u32::from_str_radix(h, 16).ok());
                match lo.filter(|lo| (0xDC00..=0xDFFF).contains(lo)) {
                    Some(lo) => (char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)), 12),
                    None => (None, 6),
                }
            }
            Some(code) => (char::from_u32(code), 6),
            None => (None, 2),
        },
        'U' if hcl => match hex(8) {
            Some(code) => (char::from_u32(code), 10),
            None => (None, 2),
        },
        _ => (None, 1 + c.len_utf8()),
    }
}

/// Parses the decoded value as JSON, every range mapped to the host text. A string that holds a
/// Terraform interpolation is `Unknown`: Terraform decides it.
pub fn parse_json(decoded: &Decoded) -> Parse {
    let parse = parse(&decoded.value);
    let roots = parse.roots.iter().map(|r| map_node(decoded, r)).collect();
    let errors = parse.errors.into_iter().map(|e| SyntaxError { range: decoded.host_range(e.range), ..e }).collect();
    Parse { roots, errors }
}

fn map_node(d: &Decoded, node: &Node) -> Node {
    let range = d.host_range(node.range);
    let interpolated = || d.interpolations.iter().any(|i| i.start < node.range.end && node.range.start < i.end);
    let kind = match &node.kind {
        NodeKind::Object(members) => NodeKind::Object(
            members
                .iter()
                .map(|m| Member {
                    key: Key { text: m.key.text.clone(), range: d.host_range(m.key.range) },
                    value: map_node(d, &m.value),
                })
                .collect(),
        ),
        NodeKind::Array(items) => NodeKind::Array(items.iter().map(|n| map_node(d, n)).collect()),
        NodeKind::String(_) if interpolated() => NodeKind::Unknown("${…}".to_owned()),
        other => other.clone(),
    };
    Node { range, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, r: TextRange) -> &str {
        &text[r.start..r.end]
    }

    #[test]
    fn escapes_map_back_to_their_source() {
        let host = r#"p = "{\"Action\": \"s3:Get\\u0041\", \"R\": \"é\"}""#;
        let start = host.find('{').unwrap();
        let d = decode(host, TextRange::new(start, host.len() - 1), Quoting::HclQuoted);
        assert_eq!(d.value, r#"{"Action": "s3:Get\u0041", "R": "é"}"#);
        let parse = parse_json(&d);
        assert!(parse.errors.is_empty());
        let action = parse.roots[0].get("Action").unwrap();
        assert_eq!(slice(host, action.key.range), r#"\"Action\""#);
        assert_eq!(slice(host, action.value.range), r#"\"s3:Get\\u0041\""#);
        assert_eq!(action.value.as_str(), Some("s3:GetA"));
        assert_eq!(slice(host, parse.roots[0].get("R").unwrap().value.range), r#"\"é\""#);
    }

    #[test]
    fn heredocs_strip_their_indent_and_keep_interpolations_unknown() {
        let host = "x = <<-EOF\n    {\"A\": \"$${aws:username}\",\n     \"B\": \"${var.b}\", \"C\": \"${aws:userid}\"}\n    EOF\n";
        let start = host.find('\n').unwrap() + 1;
        let end = host.rfind("    EOF").unwrap();
        let d = decode(host, TextRange::new(start, end), Quoting::HclHeredoc { indent: 4 });
        assert_eq!(d.value, "{\"A\": \"${aws:username}\",\n \"B\": \"${var.b}\", \"C\": \"${aws:userid}\"}\n");
        let root = &parse_json(&d).roots[0];
        let a = &root.get("A").unwrap().value;
        assert_eq!((a.as_str(), slice(host, a.range)), (Some("${aws:username}"), "\"$${aws:username}\""));
        let b = &root.get("B").unwrap().value;
        assert_eq!((&b.kind, slice(host, b.range)), (&NodeKind::Unknown("${…}".into()), "\"${var.b}\""));
        assert_eq!(root.get("C").unwrap().value.as_str(), Some("${aws:userid}"));
        let unescaped: Vec<_> = d.unescaped_variables.iter().map(|r| slice(host, *r)).collect();
        assert_eq!(unescaped, ["${aws:userid}"]);
        assert_eq!(slice(host, root.get("B").unwrap().key.range), "\"B\"");
    }

    #[test]
    fn value_ranges_invert_host_ranges() {
        let host = r#""a\"b""#;
        let d = decode(host, TextRange::new(1, host.len() - 1), Quoting::Json);
        assert_eq!(d.value, "a\"b");
        assert_eq!(d.value_range(TextRange::new(2, 4)), Some(TextRange::new(1, 2)));
        assert!(!d.verbatim(host, TextRange::new(0, 3)));
        assert!(d.verbatim(host, TextRange::new(2, 3)));
    }
}
