/// The indentation of a line (as `str::lines` gives it) that holds more than white space.
fn indentation(line: &str) -> Option<&str> {
    let ws = leading_blanks(line);
    (!ws.is_empty() && ws.len() < line.len()).then_some(ws)
}

/// The spaces and tabs a text starts with, counted on bytes (they are ASCII, so the count ends on
/// a character boundary).
fn leading_blanks(text: &str) -> &str {
    &text[..text.bytes().take_while(|&b| b == b' ' || b == b'\t').count()]
}

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
        let mut newline = "\n";
        // The smallest non-zero indentation among lines is one level (the first of several).
        let mut smallest: Option<&str> = None;
        let mut start = 0;
        while start < text.len() {
            let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
            let mut line = &text[start..end];
            if end < text.len()
                && let Some(before) = line.strip_suffix('\r')
            {
                newline = "\r\n";
                line = before;
            }
            // Only blanks short of the smallest indentation so far can make a smaller one.
            let cap = smallest.map_or(line.len(), |s| s.len().min(line.len()));
            let blanks = line.bytes().take(cap).take_while(|&b| b == b' ' || b == b'\t').count();
            if blanks > 0 && blanks < cap {
                smallest = Some(&line[..blanks]);
            }
            start = end + 1;
        }
        let indent = smallest
            .map(|ws| if ws.starts_with('\t') { "\t".to_owned() } else { ws.to_owned() })
            .unwrap_or_else(|| Style::default().indent);
        Style { indent, newline }
    }

    /// The layout of `new`, an edit of `old` whose layout is `self`: the same when the edit
    /// stays inside one line and leaves its indentation as it was (typing in a value), which
    /// spares a pass over the whole text; else detected again.
    pub fn after_edit(&self, old: &str, new: &str) -> Style {
        let (changed, new_end) = super::reparse::difference(old, new);
        // A line break in the change or beside it (where a `\r` and a `\n` could meet).
        let breaks = |text: &str, end: usize| {
            text.as_bytes()[changed.start.saturating_sub(1)..(end + 1).min(text.len())]
                .iter()
                .any(|&b| b == b'\n' || b == b'\r')
        };
        if breaks(old, changed.end) || breaks(new, new_end) {
            return Style::detect(new);
        }
        fn line(text: &str, at: usize) -> Option<&str> {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            text[start..].lines().next().and_then(indentation)
        }
        if line(old, changed.start) == line(new, changed.start) { self.clone() } else { Style::detect(new) }
    }

    /// The leading white space of the line holding `offset`.
    pub fn line_indent(text: &str, offset: usize) -> &str {
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        leading_blanks(&text[start..])
    }
}

/// A document's [`Style`], detected when a fix first asks for it: detecting reads the whole text,
/// and most analyses build no fix that needs it.
#[derive(Debug, Clone, Default)]
pub struct LazyStyle(std::sync::OnceLock<Style>);

impl LazyStyle {
    /// The style of `text`, which must be the text every call passes.
    pub fn get(&self, text: &str) -> &Style {
        self.0.get_or_init(|| Style::detect(text))
    }

    /// [`Style::after_edit`] when the style of `old` was detected; else still to detect.
    pub fn after_edit(&self, old: &str, new: &str) -> LazyStyle {
        match self.0.get() {
            Some(style) => LazyStyle(style.after_edit(old, new).into()),
            None => LazyStyle::default(),
        }
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

    #[test]
    fn the_indentation_is_the_smallest_of_any_line() {
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            texts = texts.iter().flat_map(|t| [" ", "\t", "\n", "\r", "x"].map(|c| format!("{t}{c}"))).collect();
            for text in &texts {
                // A `\r` ends a line only before a `\n`.
                let pieces: Vec<&str> = text.split('\n').collect();
                let last = pieces.len() - 1;
                let lines = pieces
                    .iter()
                    .enumerate()
                    .map(|(i, l)| if i < last { l.strip_suffix('\r').unwrap_or(l) } else { l });
                let smallest = lines.filter_map(super::indentation).min_by_key(|ws| ws.len());
                let expected =
                    smallest.map_or("    ".to_owned(), |ws| if ws.starts_with('\t') { "\t".into() } else { ws.into() });
                assert_eq!(Style::detect(text).indent, expected, "{text:?}");
            }
        }
    }

    #[test]
    fn an_edit_keeps_the_layout_or_detects_it_again() {
        // `è` typed over with `é` keeps their first byte, which belongs to the change.
        let texts = [
            "{\n    \"a\": 1,\n  \"b\": [\n\t\"c\"]\n}",
            "{\r\n  \"a\": 1\r\n \r\n}",
            "x\r\ry\n  \n z",
            "{\n  \"è\": 1\n}",
        ];
        for old in texts {
            let before = Style::detect(old);
            let mut edits = Vec::new();
            for (at, _) in old.char_indices().chain([(old.len(), ' ')]) {
                for c in ["", " ", "\t", "\n", "\r", "x", "é"] {
                    edits.push(format!("{}{c}{}", &old[..at], &old[at..]));
                    if let Some(next) = old[at..].chars().next() {
                        edits.push(format!("{}{c}{}", &old[..at], &old[at + next.len_utf8()..]));
                    }
                }
            }
            for new in edits {
                assert_eq!(before.after_edit(old, &new), Style::detect(&new), "{old:?} -> {new:?}");
            }
        }
    }
}
