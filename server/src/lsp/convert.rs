//! Byte offsets ↔ LSP positions: the only place that does position arithmetic.
//!
//! Columns count UTF-8 bytes or UTF-16 code units, as negotiated. Positions from the client are
//! clamped: a column past the end of its line means the line's end, a line past the end of the
//! document means the document's end, and a column inside a character means its start.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

use crate::syntax::TextRange;

/// The negotiated `positionEncoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion at all), else the mandatory UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Byte offset of the end of `line`'s content (before its line break).
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_byte(line);
    let len = rope.line(line).len_bytes();
    let byte = |i: usize| rope.byte(i);
    match len {
        0 => start,
        1 if matches!(byte(start), b'\n' | b'\r') => start,
        1 => start + 1,
        _ if byte(start + len - 1) == b'\n' && byte(start + len - 2) == b'\r' => start + len - 2,
        _ if matches!(byte(start + len - 1), b'\n' | b'\r') => start + len - 1,
        _ => start + len,
    }
}

/// The byte offset of a client position, clamped into the document.
pub fn offset(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let end = line_content_end(rope, line);
    let column = position.character as usize;
    match encoding {
        Encoding::Utf8 => {
            let byte = (start + column).min(end);
            // Round down to the start of the character the column falls in.
            rope.char_to_byte(rope.byte_to_char(byte))
        }
        Encoding::Utf16 => {
            let start_char = rope.byte_to_char(start);
            let end_cu = rope.char_to_utf16_cu(rope.byte_to_char(end));
            let cu = (rope.char_to_utf16_cu(start_char) + column).min(end_cu);
            rope.char_to_byte(rope.utf16_cu_to_char(cu))
        }
    }
}

/// The position of a byte offset (clamped to the document, rounded down to a character start).
pub fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    if let Some(position) = in_chunk(rope, offset) {
        return position;
    }
    // A short way into its line: counted on the line's text (two lookups in the rope instead of
    // five); far into a long line or inside a character, by the rope's character indexes.
    let line = rope.byte_to_line(offset);
    let start = rope.line_to_byte(line);
    let boundary = offset == rope.len_bytes() || !(0x80..0xC0).contains(&rope.byte(offset));
    if offset - start <= 1024 && boundary {
        let before = rope.byte_slice(start..offset);
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => {
                before.chunks().map(|c| if c.is_ascii() { c.len() } else { c.encode_utf16().count() }).sum()
            }
        };
        return Position::new(to_u32(line), to_u32(character));
    }
    by_characters(rope, offset, encoding)
}

/// Most offsets lie on an ASCII line that starts in the same chunk of the rope: line and column
/// are then counted in that chunk after one lookup, where the rope's line index takes two (each
/// counting the line breaks of a chunk). `None` when the line starts in an earlier chunk, or the
/// chunk has a carriage return or the line a non-ASCII character before the offset.
fn in_chunk(rope: &Rope, offset: usize) -> Option<Position> {
    let (chunk, chunk_start, _, chunk_line) = rope.chunk_at_byte(offset);
    let before = &chunk.as_bytes()[..offset - chunk_start];
    let line_start = memchr::memrchr(b'\n', before)? + 1;
    if !before[line_start..].is_ascii() || memchr::memchr(b'\r', before).is_some() {
        return None;
    }
    let line = chunk_line + before.iter().filter(|&&b| b == b'\n').count();
    // ASCII: bytes, UTF-16 units and characters count alike.
    Some(Position::new(to_u32(line), to_u32(before.len() - line_start)))
}

/// [`position`] by the rope's character indexes, for any offset.
fn by_characters(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let char_index = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_index);
    let character = match encoding {
        Encoding::Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(rope.line_to_char(line)),
    };
    Position::new(to_u32(line), to_u32(character))
}

pub fn range(rope: &Rope, range: TextRange, encoding: Encoding) -> Range {
    Range::new(position(rope, range.start, encoding), position(rope, range.end, encoding))
}

/// A client range as byte offsets; a reversed range is put in order.
pub fn text_range(rope: &Rope, range: Range, encoding: Encoding) -> TextRange {
    let a = offset(rope, range.start, encoding);
    let b = offset(rope, range.end, encoding);
    TextRange::new(a.min(b), a.max(b))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"Sid\": \"😀 한국어 ok\"\r\n}";

    #[test]
    fn round_trips_in_both_encodings() {
        let rope = Rope::from_str(TEXT);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            // Between `\r` and `\n` is not a position LSP can name.
            for (i, _) in TEXT.char_indices().filter(|&(i, c)| !(c == '\n' && TEXT[..i].ends_with('\r'))) {
                let p = position(&rope, i, encoding);
                assert_eq!(offset(&rope, p, encoding), i, "{encoding:?} at {i}");
            }
        }
    }

    #[test]
    fn the_short_way_agrees_with_the_character_indexes() {
        let long = format!("{{\"a\": \"{}😀\"}}\r\n\r{}", "é".repeat(700), "x".repeat(2000));
        // ASCII lines over many chunks of the rope, some lines across two.
        let lines = format!("{{\n{}\n{}}}", "  \"s3:GetObject\",\n".repeat(400), "y".repeat(3000));
        for text in [TEXT, long.as_str(), lines.as_str(), "", "\n\n"] {
            let rope = Rope::from_str(text);
            for offset in 0..=text.len() + 1 {
                for encoding in [Encoding::Utf8, Encoding::Utf16] {
                    let at = offset.min(text.len());
                    assert_eq!(
                        position(&rope, offset, encoding),
                        by_characters(&rope, at, encoding),
                        "{encoding:?} at {offset}"
                    );
                }
            }
        }
    }

    #[test]
    fn columns_count_the_negotiated_units() {
        let rope = Rope::from_str(TEXT);
        let ok = TEXT.find("ok").unwrap();
        // `  "Sid": "` is 10 units; the emoji is 4 bytes or 2 UTF-16 units; each syllable 3 bytes or 1 unit.
        assert_eq!(position(&rope, ok, Encoding::Utf8), Position::new(1, 10 + 4 + 1 + 9 + 1));
        assert_eq!(position(&rope, ok, Encoding::Utf16), Position::new(1, 10 + 2 + 1 + 3 + 1));
    }

    #[test]
    fn clamps_out_of_range_positions() {
        let rope = Rope::from_str(TEXT);
        let line_end = TEXT.find('\r').unwrap();
        assert_eq!(offset(&rope, Position::new(1, 500), Encoding::Utf16), line_end);
        assert_eq!(offset(&rope, Position::new(1, 500), Encoding::Utf8), line_end);
        assert_eq!(offset(&rope, Position::new(9, 0), Encoding::Utf8), TEXT.len());
        // Inside the emoji (between its surrogates, or inside its bytes): its start.
        let emoji = TEXT.find('😀').unwrap();
        assert_eq!(offset(&rope, Position::new(1, 11), Encoding::Utf16), emoji);
        assert_eq!(offset(&rope, Position::new(1, 12), Encoding::Utf8), emoji);
        assert_eq!(position(&rope, emoji + 2, Encoding::Utf8), Position::new(1, 10));
    }
}
