/// The document's own layout, so that fixes insert text that looks like the user's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// One level of indentation, e.g. `"  "`, `"    "` or `"\t"`.
    pub indent: String,
    pub newline: &'static str,
}

impl Default for Style {
    fn default() -> Self {
        Style { indent: "    ".to_owned(), newline: "\n" }
    }
}

impl Style {
    pub fn detect(text: &str) -> Style {
        let bytes = text.as_bytes();
        let mut newline = "\n";
        // The smallest non-zero indentation among lines is one level (the first, of several).
        let mut smallest: Option<&str> = None;
        let mut start = 0;
        while start < bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            let mut line = &bytes[start..end];
            if end < bytes.len()
                && let Some(before) = line.strip_suffix(b"\r")
            {
                newline = "\r\n";
                line = before;
            }
            let ws = line.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
            if ws > 0 && ws < line.len() && smallest.is_none_or(|s| ws < s.len()) {
                smallest = Some(&text[start..start + ws]);
            }
            start = end + 1;
        }
        let indent = smallest
            .map(|ws| if ws.starts_with('\t') { "\t".to_owned() } else { ws.to_owned() })
            .unwrap_or_else(|| Style::default().indent);
        Style { indent, newline }
    }

    /// The leading white space of the line holding `offset`.
    pub fn line_indent(text: &str, offset: usize) -> &str {
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[start..];
        &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
    }
}

#[cfg(test)]
mod tests {
    use super::Style;

    #[test]
    fn detects_indent_and_newline() {
        let style = |text: &str| {
            let s = Style::detect(text);
            (s.indent, s.newline)
        };
        assert_eq!(style("{\n    \"a\": 1,\n  \"b\": 2\n}"), ("  ".into(), "\n"));
        assert_eq!(style("{\r\n\t\t\"a\": 1\r\n}"), ("\t".into(), "\r\n"));
        // Lines of white space only, and a carriage return without a line feed, do not count.
        assert_eq!(style("{\n \n   \"a\": 1\n}\r"), ("   ".into(), "\n"));
        assert_eq!(style("{\"a\": 1}"), ("    ".into(), "\n"));
        assert_eq!(style("{\n \r\n   \"a\": 1}"), ("   ".into(), "\r\n"));
    }
}
