//! The invariants the fuzz targets check, as plain functions: `tests/fuzz/` calls them on
//! generated inputs and `tests/tests/fuzz_regressions.rs` replays every input that once failed.

use iam_lsp::checks::{Options, analyze, apply_edits};
use iam_lsp::ide::{CompletionConfig, completions, hover};
use iam_lsp::lsp::{Encoding, apply_change};
use iam_lsp::syntax::{SyntaxErrorKind, TextRange, parse};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::reference::{self, Units};

/// Safe fixes re-analysed per input: enough to reach every kind, bounded to keep inputs fast.
const FIXES_CHECKED: usize = 4;

fn broken(text: &str) -> bool {
    parse(text).errors.iter().any(|e| e.kind == SyntaxErrorKind::Invalid)
}

fn syntax_errors(text: &str, options: &Options) -> usize {
    analyze(text, options).findings.iter().filter(|f| f.code == "JSON_SYNTAX_ERROR").count()
}

/// The full analysis of any bytes (invalid UTF-8 replaced, as a client would): no panic, every
/// range inside the document on character boundaries, every safe fix applied to a text that parses
/// keeps it parseable and adds no `JSON_SYNTAX_ERROR`, hover and completion at five offsets stay inside the document.
///
/// # Panics
/// When one of these does not hold.
pub fn analyze_any(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let options = Options::default();
    let analysis = analyze(text, &options);
    let inside = |r: TextRange| {
        r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
    };
    for f in &analysis.findings {
        assert!(inside(f.range), "{} at {:?}", f.code, f.range);
        assert!(f.related.iter().all(|r| inside(r.range)), "{} related range", f.code);
        assert!(f.fixes.iter().flat_map(|x| &x.edits).all(|e| inside(e.range)), "{} fix edit", f.code);
    }
    let was_broken = broken(text);
    let before = analysis.findings.iter().filter(|f| f.code == "JSON_SYNTAX_ERROR").count();
    let safe = analysis.findings.iter().flat_map(|f| f.fixes.iter().filter(|x| x.safe).map(move |x| (f.code, x)));
    for (code, fix) in safe.take(FIXES_CHECKED) {
        let fixed = apply_edits(text, &fix.edits);
        // A text whose parse stopped early may show more (loose) errors once repaired: the
        // counts compare only when the parse went through.
        if !was_broken {
            assert!(!broken(&fixed), "safe fix `{}` of {code} breaks the JSON:\n{fixed}", fix.title);
            assert!(
                syntax_errors(&fixed, &options) <= before,
                "safe fix `{}` of {code} adds a syntax error",
                fix.title
            );
        }
    }
    for k in 0..=4 {
        let mut at = text.len() * k / 4;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if let Some(h) = hover(&analysis, text, at) {
            assert!(inside(h.range), "hover at {at}: range {:?}", h.range);
        }
        for item in completions(&analysis, text, at, CompletionConfig { snippets: true }) {
            assert!(inside(item.range), "completion at {at}: range {:?}", item.range);
        }
    }
}

/// The size of one edit's header in [`edit_script`] input.
const EDIT_HEADER: usize = 10;

/// The server's edit path on any input, against [`reference`]: the document is the input up to
/// the first NUL byte; then come edits, each a 10-byte header (start line, start column, end
/// line, end column as little-endian u16; the inserted text's length; flags: bit 0 replaces the
/// whole document) followed by that many bytes of text. Bit 1 of the first header's flags selects
/// UTF-8 columns instead of UTF-16. After every edit the rope must equal the reference string.
///
/// # Panics
/// When the two differ.
pub fn edit_script(data: &[u8]) {
    let (document, mut script) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[][..]),
    };
    let mut expected = String::from_utf8_lossy(document).into_owned();
    let mut rope = Rope::from_str(&expected);
    let mut units = None;
    while script.len() >= EDIT_HEADER {
        let (header, rest) = script.split_at(EDIT_HEADER);
        let number = |i: usize| u32::from(u16::from_le_bytes([header[i], header[i + 1]]));
        let (start, end) = ((number(0), number(2)), (number(4), number(6)));
        let len = usize::from(header[8]).min(rest.len());
        let flags = header[9];
        let units = *units.get_or_insert(if flags & 2 == 0 { Units::Utf16 } else { Units::Utf8 });
        let encoding = match units {
            Units::Utf16 => Encoding::Utf16,
            Units::Utf8 => Encoding::Utf8,
        };
        let text = String::from_utf8_lossy(&rest[..len]).into_owned();
        script = &rest[len..];
        let range = (flags & 1 == 0).then_some((start, end));
        let change = TextDocumentContentChangeEvent {
            range: range.map(|(s, e)| Range::new(Position::new(s.0, s.1), Position::new(e.0, e.1))),
            range_length: None,
            text,
        };
        apply_change(&mut rope, &change, encoding);
        reference::apply_change(&mut expected, range, &change.text, units);
        assert_eq!(rope.to_string(), expected, "after {change:?} in {units:?}");
    }
}
