//! The invariants the fuzz targets check, as plain functions: `tests/fuzz/` calls them on
//! generated inputs and `tests/tests/fuzz_regressions.rs` replays every input that once failed.

use iam_lsp::checks::{Options, analyze, apply_edits};
use iam_lsp::ide::{CompletionConfig, completions, hover};
use iam_lsp::syntax::{SyntaxErrorKind, TextRange, parse};

/// Safe fixes re-analysed per input: enough to reach every kind, bounded to keep inputs fast.
const FIXES_CHECKED: usize = 16;

fn broken(text: &str) -> bool {
    parse(text).errors.iter().any(|e| e.kind == SyntaxErrorKind::Invalid)
}

fn syntax_errors(text: &str, options: &Options) -> usize {
    analyze(text, options).findings.iter().filter(|f| f.code == "JSON_SYNTAX_ERROR").count()
}

/// The full analysis of any bytes (invalid UTF-8 replaced, as a client would): no panic, every
/// range inside the document on character boundaries, every safe fix keeps the JSON parseable and
/// adds no `JSON_SYNTAX_ERROR`, hover and completion at five offsets stay inside the document.
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
        assert!(was_broken || !broken(&fixed), "safe fix `{}` of {code} breaks the JSON:\n{fixed}", fix.title);
        assert!(syntax_errors(&fixed, &options) <= before, "safe fix `{}` of {code} adds a syntax error", fix.title);
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
