//! Every IDE feature at every character boundary of every fixture (valid, broken, emoji and
//! Korean text): no panic, and every range returned holds the cursor or lies in the text.

mod ide_support;

use iam_lsp::checks::Options;
use iam_lsp::ide::{self, CompletionConfig};
use iam_lsp::syntax::TextRange;

#[test]
fn every_offset_of_every_fixture() {
    let mut fixtures = Vec::new();
    for area in ["hover", "completion", "actions", "outline"] {
        fixtures.extend(ide_support::fixtures(area));
    }
    let korean = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"😀 한국어\", \"Action\": [\"s3:Get";
    let analysis = iam_lsp::checks::analyze(korean, &Options::default());
    fixtures.push(ide_support::Fixture {
        name: "korean".to_owned(),
        text: korean.to_owned(),
        offset: 0,
        analysis,
        options: Options::default(),
    });
    for f in &fixtures {
        let len = f.text.len();
        for offset in (0..=len).filter(|&i| f.text.is_char_boundary(i)) {
            if let Some(h) = ide::hover(&f.analysis, &f.text, offset) {
                assert!(h.range.contains_inclusive(offset) && h.range.end <= len, "{} hover at {offset}", f.name);
            }
            for snippets in [true, false] {
                for item in ide::completions(&f.analysis, &f.text, offset, CompletionConfig { snippets }) {
                    assert!(item.range.contains_inclusive(offset), "{} completion at {offset}", f.name);
                    assert!(f.text.is_char_boundary(item.range.end) && item.range.end <= len);
                }
            }
            for action in ide::code_actions(&f.analysis, &f.text, TextRange::empty(offset)) {
                assert!(action.edits.iter().all(|e| e.range.end <= len), "{} action at {offset}", f.name);
            }
        }
        for hint in ide::inlay_hints(&f.analysis, 0, len) {
            assert!(hint.offset <= len);
        }
        for link in ide::links(&f.analysis) {
            assert!(f.text.is_char_boundary(link.range.start) && f.text.is_char_boundary(link.range.end));
        }
        ide::symbols(&f.analysis);
    }
}
