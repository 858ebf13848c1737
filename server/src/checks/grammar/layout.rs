//! Laying out the text that fixes insert in the document's own indentation and line style.

use crate::syntax::{Style, TextRange};

/// Whether the text in `range` spans several lines.
pub(super) fn is_multiline(text: &str, range: TextRange) -> bool {
    text[range.start..range.end].contains('\n')
}

/// The text of `range` moved to indentation `to`: each later line keeps its indentation relative to
/// the line the text starts on, so a copied object looks right at its new depth.
pub(super) fn moved(text: &str, range: TextRange, to: &str) -> String {
    let from = Style::line_indent(text, range.start);
    let mut lines = text[range.start..range.end].split('\n');
    let mut out = lines.next().unwrap_or_default().to_owned();
    for line in lines {
        out.push('\n');
        let rest = line.strip_prefix(from).unwrap_or_else(|| line.trim_start_matches([' ', '\t']));
        out.push_str(to);
        out.push_str(rest);
    }
    out
}

/// One level deeper than `indent`.
pub(super) fn deeper(indent: &str, style: &Style) -> String {
    format!("{indent}{}", style.indent)
}

/// A JSON array of already laid-out items: one item per line, one level below `indent`, when
/// `multiline`; else on one line.
pub(super) fn array(items: &[String], indent: &str, style: &Style, multiline: bool) -> String {
    if multiline && !items.is_empty() {
        let inner = deeper(indent, style);
        let sep = format!(",{}{inner}", style.newline);
        format!("[{}{inner}{}{}{indent}]", style.newline, items.join(&sep), style.newline)
    } else {
        format!("[{}]", items.join(", "))
    }
}

/// A JSON object of already laid-out `(key, value)` members, like [`array`].
pub(super) fn object(members: &[(String, String)], indent: &str, style: &Style, multiline: bool) -> String {
    let members: Vec<String> = members.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    if multiline && !members.is_empty() {
        let inner = deeper(indent, style);
        let sep = format!(",{}{inner}", style.newline);
        format!("{{{}{inner}{}{}{indent}}}", style.newline, members.join(&sep), style.newline)
    } else {
        format!("{{{}}}", members.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_blocks_keeping_relative_indentation() {
        let text = "{\n  \"S\": {\n    \"a\": 1\n  }\n}";
        let start = text.find("{\n    ").unwrap();
        let range = TextRange::new(start, text.rfind("  }").unwrap() + 3);
        assert_eq!(moved(text, range, "    "), "{\n      \"a\": 1\n    }");
    }

    #[test]
    fn lays_out_arrays_and_objects() {
        let style = Style { indent: "  ".to_owned(), newline: "\n" };
        let items = ["\"a\"".to_owned(), "\"b\"".to_owned()];
        assert_eq!(array(&items, "  ", &style, true), "[\n    \"a\",\n    \"b\"\n  ]");
        assert_eq!(array(&items, "  ", &style, false), "[\"a\", \"b\"]");
        let members = [("\"k\"".to_owned(), "1".to_owned())];
        assert_eq!(object(&members, "", &style, true), "{\n  \"k\": 1\n}");
        assert_eq!(object(&members, "", &style, false), "{\"k\": 1}");
    }
}
