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
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        // The smallest non-zero indentation among lines is one level.
        let indent = text
            .lines()
            .filter_map(|line| {
                let ws: &str = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
                (!ws.is_empty() && ws.len() < line.len()).then_some(ws)
            })
            .min_by_key(|ws| ws.len())
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
