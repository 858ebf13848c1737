//! Diagnostics compared as (code, range, message), sorted: what the server sent, and what the
//! library's analysis of the client's copy says it must be.

use iam_lsp::checks::{self, Options};
use serde_json::Value;

pub type Summary = Vec<(String, Value, String)>;

/// The LSP position of byte `offset` of `text`, in UTF-16 code units or UTF-8 bytes.
pub fn position(text: &str, offset: usize, utf16: bool) -> Value {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count();
    let prefix = &text[line_start..offset];
    let character = if utf16 { prefix.encode_utf16().count() } else { prefix.len() };
    serde_json::json!({"line": line, "character": character})
}

pub fn range(text: &str, start: usize, end: usize, utf16: bool) -> Value {
    serde_json::json!({"start": position(text, start, utf16), "end": position(text, end, utf16)})
}

/// What the diagnostics of `text` must be: the library's findings, or none for a text the
/// server does not serve (not a policy).
pub fn expected(text: &str, options: &Options, utf16: bool) -> Summary {
    let analysis = checks::analyze(text, options);
    if !iam_lsp::ide::is_served(&analysis) {
        return Vec::new();
    }
    let findings = analysis.findings.iter();
    sorted(findings.map(|f| (f.code.to_owned(), range(text, f.range.start, f.range.end, utf16), f.message.clone())))
}

/// LSP diagnostics (an array, or anything else for none) summarized like [`expected`].
pub fn summarize(diagnostics: &Value) -> Summary {
    let items = diagnostics.as_array().map(Vec::as_slice).unwrap_or_default().iter();
    sorted(items.map(|d| {
        (
            d["code"].as_str().unwrap_or_default().to_owned(),
            d["range"].clone(),
            d["message"].as_str().unwrap_or_default().to_owned(),
        )
    }))
}

fn sorted(items: impl Iterator<Item = (String, Value, String)>) -> Summary {
    let mut out: Summary = items.collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.to_string().cmp(&b.1.to_string())).then(a.2.cmp(&b.2)));
    out
}
