//! Strings written in the host's syntax: what completion inserts and what fixes rewrite a key or
//! a value to. Every decision about quoting lives here, one arm per [`Format`].

use crate::syntax::{NodeKind, TextRange};

use super::Format;

/// How the string being edited is quoted in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// No string yet (a gap), or a plain YAML scalar.
    None,
    Double,
    Single,
}

impl Quote {
    /// The quote style of the scalar whose text starts at `range.start`.
    pub fn of(text: &str, range: TextRange) -> Quote {
        match text.as_bytes().get(range.start) {
            Some(b'"') => Quote::Double,
            Some(b'\'') => Quote::Single,
            _ => Quote::None,
        }
    }

    pub fn char(self) -> Option<char> {
        match self {
            Quote::None => None,
            Quote::Double => Some('"'),
            Quote::Single => Some('\''),
        }
    }
}

impl Format {
    /// `value` as a whole scalar, quotes included. With `Quote::None`, the plainest form the host
    /// reads back as this string; otherwise in the quote style given.
    pub fn scalar(self, value: &str, quote: Quote) -> String {
        match (self, quote) {
            (Format::Json, _) => crate::checks::edit::json_string(value),
            (Format::Yaml, Quote::None) if yaml_plain(value) => value.to_owned(),
            (Format::Yaml, Quote::Single) => format!("'{}'", value.replace('\'', "''")),
            // A JSON string is a valid YAML double-quoted scalar.
            (Format::Yaml, _) => crate::checks::edit::json_string(value),
            (Format::Hcl, _) => format!("\"{}\"", hcl_escape(value)),
        }
    }

    /// `value` escaped for the inside of a string already quoted with `quote`.
    pub fn inside(self, value: &str, quote: Quote) -> String {
        match (self, quote) {
            (_, Quote::None) => value.to_owned(),
            (Format::Yaml, Quote::Single) => value.replace('\'', "''"),
            (Format::Hcl, _) => hcl_escape(value),
            _ => {
                let json = crate::checks::edit::json_string(value);
                json[1..json.len() - 1].to_owned()
            }
        }
    }
}

/// `s` with Terraform's template sequences (`${`, `%{`) escaped, as every Terraform string needs
/// for text meant literally.
pub fn escape_templates(s: &str) -> String {
    s.replace("${", "$${").replace("%{", "%%{")
}

/// The content of an HCL quoted string holding `value` literally (HCL has no `\b` or `\f`, so
/// JSON's escapes would not do).
fn hcl_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in escape_templates(value).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Whether YAML reads `value` written plain back as the same string, in block and flow context
/// alike (no indicator first, no `: ` or ` #`, no flow punctuation, not a number or boolean).
fn yaml_plain(value: &str) -> bool {
    !value.is_empty()
        && value.trim() == value
        && !value.starts_with(['-', '?', ':', '!', '&', '*', '|', '>', '\'', '"', '%', '@', '`', '#'])
        && !value.contains([',', '[', ']', '{', '}', '\n', '\t'])
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && matches!(crate::syntax::parse_yaml(&format!("k: {value}")).roots.first()
            .and_then(|r| r.get("k")).map(|m| &m.value.kind), Some(NodeKind::String(s)) if &**s == value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_strings_escape_what_hcl_reads() {
        assert_eq!(
            Format::Hcl.inside("a\"b\\c\n${aws:username}%{x}$y", Quote::Double),
            "a\\\"b\\\\c\\n$${aws:username}%%{x}$y"
        );
    }

    #[test]
    fn yaml_scalars_stay_plain_when_yaml_reads_them_back() {
        let plain = |v| Format::Yaml.scalar(v, Quote::None);
        assert_eq!(plain("s3:GetObject"), "s3:GetObject");
        assert_eq!(plain("arn:aws:s3:::b/*"), "arn:aws:s3:::b/*");
        assert_eq!(plain("*"), "\"*\"");
        assert_eq!(plain("true"), "\"true\"");
        assert_eq!(plain("1.5"), "\"1.5\"");
        assert_eq!(plain("a: b"), "\"a: b\"");
        assert_eq!(plain("s3:"), "\"s3:\"");
    }

    #[test]
    fn quoted_scalars_keep_their_quotes() {
        assert_eq!(Format::Yaml.scalar("s3:GetObject", Quote::Double), "\"s3:GetObject\"");
        assert_eq!(Format::Yaml.scalar("it's", Quote::Single), "'it''s'");
        assert_eq!(Format::Yaml.inside("it's", Quote::Single), "it''s");
        assert_eq!(Format::Yaml.inside("a\"b", Quote::Double), "a\\\"b");
        assert_eq!(Format::Json.scalar("*", Quote::None), "\"*\"");
        assert_eq!(Format::Json.inside("a\"b", Quote::Double), "a\\\"b");
    }
}
