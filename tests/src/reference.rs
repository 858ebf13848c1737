//! A reference model of LSP text edits on a plain `String`, written independently of the server's
//! rope code so that property tests and fuzz targets can compare the two.
//!
//! Positions are (line, column). Lines end at `\n`, `\r\n` or a lone `\r`. Columns count UTF-16
//! code units or UTF-8 bytes. Out-of-range positions clamp as the server documents: a column past
//! the end of its line means the line's end, a line past the end means the document's end, a
//! column inside a character (a surrogate pair, a multi-byte sequence) means the character's start.
//! A reversed range is put in order.

/// Column units, as negotiated by `positionEncoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    Utf8,
    Utf16,
}

/// The byte offset of a position.
pub fn offset(text: &str, (line, column): (u32, u32), units: Units) -> usize {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    let mut i = 0;
    for _ in 0..line {
        loop {
            match bytes.get(i) {
                None => return text.len(),
                Some(b'\n') => break,
                Some(b'\r') if bytes.get(i + 1) != Some(&b'\n') => break,
                _ => i += 1,
            }
        }
        i += 1;
        line_start = i;
    }
    let mut counted = 0;
    for (at, ch) in text[line_start..].char_indices() {
        if ch == '\n' || ch == '\r' {
            return line_start + at;
        }
        counted += match units {
            Units::Utf8 => ch.len_utf8(),
            Units::Utf16 => ch.len_utf16(),
        };
        if counted > column as usize {
            return line_start + at;
        }
    }
    text.len()
}

/// Replaces the text between two positions (`None`: the whole document), as `didChange` does.
pub fn apply_change(text: &mut String, range: Option<((u32, u32), (u32, u32))>, new_text: &str, units: Units) {
    match range {
        None => new_text.clone_into(text),
        Some((start, end)) => {
            let (a, b) = (offset(text, start, units), offset(text, end, units));
            text.replace_range(a.min(b)..a.max(b), new_text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_lsp_positions() {
        let text = "ab\r\nc😀d\re\n";
        assert_eq!(offset(text, (0, 1), Units::Utf16), 1);
        assert_eq!(offset(text, (0, 99), Units::Utf16), 2, "past the line's end: before its break");
        assert_eq!(offset(text, (1, 1), Units::Utf16), 5);
        assert_eq!(offset(text, (1, 2), Units::Utf16), 5, "inside the surrogate pair: the character's start");
        assert_eq!(offset(text, (1, 3), Units::Utf16), 9);
        assert_eq!(offset(text, (1, 3), Units::Utf8), 5, "inside the UTF-8 sequence: the character's start");
        assert_eq!(offset(text, (1, 5), Units::Utf8), 9);
        assert_eq!(offset(text, (2, 0), Units::Utf16), 11, "a lone CR ends a line");
        assert_eq!(offset(text, (3, 0), Units::Utf16), text.len());
        assert_eq!(offset(text, (9, 0), Units::Utf8), text.len());
    }

    #[test]
    fn applies_reversed_and_full_changes() {
        let mut text = "hello\nworld".to_owned();
        apply_change(&mut text, Some(((1, 5), (0, 5))), "", Units::Utf16);
        assert_eq!(text, "hello");
        apply_change(&mut text, None, "new", Units::Utf8);
        assert_eq!(text, "new");
    }
}
