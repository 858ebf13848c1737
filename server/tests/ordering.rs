//! A thousand incremental edits sent back to back through the real stdio framing: the server
//! must apply them in order (tower-lsp-server runs up to four handlers at once) and its last
//! diagnostics must be those of a fresh analysis of the expected text; no stale diagnostics may
//! follow newer ones.

mod common;

use common::Client;
use common::diagnostics::{expected, summarize};
use common::rng::Rng;
use iam_lsp::checks::Options;
use serde_json::json;

const URI: &str = "file:///work/ordering.json";
const HEAD: &str = "{\"Version\": \"2012-10-17\", \"Statement\": [\n";

/// A char boundary in `text` at or after `HEAD`, so the document stays recognisably a policy.
fn boundary(rng: &mut Rng, text: &str) -> usize {
    let mut at = HEAD.len() + rng.below(text.len() - HEAD.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[test]
fn a_thousand_edits_are_applied_in_order() {
    const EDITS: i64 = 1_000;
    const PIECES: &[&str] =
        &["\"", ",", "{", "}", "[", "]", ":", "a", "😀", "한국어", "\n", " ", "\"s3:Get*\"", "\"Effect\": \"Allow\""];
    let (mut client, _) = Client::start(common::plain());
    let mut text = format!(
        "{HEAD}  {{\"Sid\": \"😀한국어\", \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\"], \"Resource\": \"*\"}}\n]}}\n"
    );
    client.open(URI, &text);
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for version in 2..=EDITS + 1 {
        let start = boundary(&mut rng, &text);
        let (end, insert) = if rng.below(2) == 0 || text.len() < HEAD.len() + 40 {
            (start, PIECES[rng.below(PIECES.len())])
        } else {
            let mut end = (start + 1 + rng.below(6)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            (end, "")
        };
        let range = client.range(&text, start, end);
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": range, "text": insert}]}),
        );
        text.replace_range(start..end, insert);
    }
    let last = client.wait_notification("textDocument/publishDiagnostics", |p| p["version"] == EDITS + 1);
    assert_eq!(
        summarize(&last["diagnostics"]),
        expected(&text, &Options::default(), client.utf16),
        "final text:\n{text}"
    );
    assert!(!last["diagnostics"].as_array().unwrap().is_empty(), "the edits leave findings to compare");

    let versions: Vec<i64> = client
        .take_notifications("textDocument/publishDiagnostics")
        .iter()
        .map(|p| p["version"].as_i64().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "stale diagnostics after newer ones: {versions:?}");
    assert!(versions.iter().all(|&v| v < EDITS + 1));
    assert!(client.shutdown().success());
}
