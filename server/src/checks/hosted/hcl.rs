//! Fixes in Terraform and in host strings: rewriting one string (or an HCL object key) is always
//! written in HCL; a JSON edit inside a heredoc or quoted string is kept only when, written
//! through the string's escapes, the string reads back as the edited JSON.

use super::{Edit, Fix, scalar_at};
use crate::checks::fix::apply_edits;
use crate::host::{self, Format, Quote};
use crate::syntax::host_string::{self, Decoded, Quoting};
use crate::syntax::{Node, SyntaxErrorKind, TextRange};

/// A fix inside `jsonencode({...})`: strings and keys rewritten as HCL.
pub(super) fn expression_fix(text: &str, roots: &[Node], fix: Fix) -> Option<Fix> {
    let edits = fix.edits.iter().map(|e| scalar_edit(text, roots, e, false)).collect::<Option<Vec<_>>>()?;
    Some(Fix { edits, ..fix })
}

/// A fix inside a `data "aws_iam_policy_document"` block: only its strings can be rewritten (its
/// keys are the block's argument names).
pub(super) fn block_fix(text: &str, roots: &[Node], fix: Fix) -> Option<Fix> {
    let edits = fix.edits.iter().map(|e| scalar_edit(text, roots, e, true)).collect::<Option<Vec<_>>>()?;
    Some(Fix { edits, ..fix })
}

fn scalar_edit(text: &str, roots: &[Node], edit: &Edit, block: bool) -> Option<Edit> {
    let (range, _) = roots.iter().find_map(|r| scalar_at(r, edit.range))?;
    let raw = &text[range.start..range.end];
    let quoted = raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"');
    let new_value = if edit.range == range {
        serde_json::from_str::<String>(&edit.new_text).ok()?
    } else if quoted {
        let decoded = host_string::decode(text, TextRange::new(range.start + 1, range.end - 1), Quoting::HclQuoted);
        let at = decoded.value_range(edit.range)?;
        let value = &decoded.value;
        if !value.is_char_boundary(at.start) || !value.is_char_boundary(at.end) {
            return None;
        }
        format!("{}{}{}", &value[..at.start], edit.new_text, &value[at.end..])
    } else {
        return None;
    };
    let new_value = if block { new_value.replace("${", "&{") } else { new_value };
    if !quoted {
        // A bare key: an identifier stays bare; anything else is a quoted key (not in a block).
        if is_identifier(&new_value) && !block {
            return Some(Edit::replace(range, new_value));
        }
        if block || range.is_empty() {
            return None;
        }
    }
    Some(Edit::replace(range, Format::Hcl.scalar(&new_value, Quote::Double)))
}

fn is_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A JSON fix inside a host string, each edit's text written in the string's escapes; withheld
/// unless the string then reads back as the edited JSON, and that JSON parses.
pub(super) fn in_string_fix(
    text: &str,
    decoded: &Decoded,
    content: TextRange,
    quoting: Quoting,
    fix: Fix,
) -> Option<Fix> {
    let mut in_value = Vec::new();
    let mut in_host = Vec::new();
    for edit in &fix.edits {
        let at = decoded.value_range(edit.range)?;
        in_value.push(Edit::replace(at, edit.new_text.clone()));
        in_host.push(Edit::replace(edit.range, encode(&edit.new_text, quoting)?));
    }
    let new_value = apply_edits(&decoded.value, &in_value);
    if crate::syntax::parse(&new_value).errors.iter().any(|e| e.kind == SyntaxErrorKind::Invalid) {
        return None;
    }
    let new_text = apply_edits(text, &in_host);
    let grown = new_text.len() as isize - text.len() as isize;
    let end = (content.end as isize + grown) as usize;
    let again = host_string::decode(&new_text, TextRange::new(content.start, end), quoting);
    (again.value == new_value && again.interpolations.len() == decoded.interpolations.len())
        .then_some(Fix { edits: in_host, ..fix })
}

/// `s` as the host string writes it, or `None` when it cannot be written safely.
fn encode(s: &str, quoting: Quoting) -> Option<String> {
    let heredoc = |indent: usize, hcl: bool| {
        let s = if hcl { host::escape_templates(s) } else { s.to_owned() };
        s.replace('\n', &format!("\n{}", " ".repeat(indent)))
    };
    match quoting {
        Quoting::HclQuoted => Some(Format::Hcl.inside(s, Quote::Double)),
        Quoting::HclHeredoc { indent } => Some(heredoc(indent, true)),
        Quoting::YamlLiteral { indent } => Some(heredoc(indent, false)),
        Quoting::Json => serde_json::to_string(s).ok().map(|q| q[1..q.len() - 1].to_owned()),
        Quoting::JsonTemplate => {
            serde_json::to_string(&host::escape_templates(s)).ok().map(|q| q[1..q.len() - 1].to_owned())
        }
        Quoting::Verbatim => (!s.contains(['"', '\'', '\\', '\n', '#', ':'])).then(|| s.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_edits_go_through_the_escapes_of_a_quoted_string() {
        let text = r#"policy = "{\"Action\": \"s3:getobject\"}""#;
        let content = TextRange::new(text.find('{').unwrap(), text.len() - 1);
        let decoded = host_string::decode(text, content, Quoting::HclQuoted);
        let value = text.find(r#"\"s3:getobject"#).unwrap();
        let range = TextRange::new(value, value + r#"\"s3:getobject\""#.len());
        let fix = Fix { title: "t".into(), edits: vec![Edit::replace(range, "\"s3:GetObject\"")], safe: true };
        let fixed = in_string_fix(text, &decoded, content, Quoting::HclQuoted, fix).unwrap();
        assert_eq!(apply_edits(text, &fixed.edits), r#"policy = "{\"Action\": \"s3:GetObject\"}""#);
        // An edit that would break the JSON is withheld.
        let broken = Fix { title: "t".into(), edits: vec![Edit::replace(range, "\"a")], safe: true };
        assert!(in_string_fix(text, &decoded, content, Quoting::HclQuoted, broken).is_none());
    }
}
