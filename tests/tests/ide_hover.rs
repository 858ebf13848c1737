//! Hover over fixtures with a `$0` cursor: the range it covers and its Markdown, snapshotted.

mod ide_support;

use iam_lsp::ide;

#[test]
fn hover_fixtures() {
    for f in ide_support::fixtures("hover") {
        let rendered = match ide::hover(&f.analysis, &f.text, f.offset) {
            Some(h) => format!("{}\n\n{}\n", ide_support::mark(&f.text, h.range.start, h.range.end), h.markdown),
            None => "(no hover)\n".to_owned(),
        };
        insta::assert_snapshot!(format!("hover_{}", f.name), rendered);
    }
}

#[test]
fn no_hover_outside_policies() {
    let text = r#"{"name": "s3:GetObject", "Action": "s3:GetObject"}"#;
    let analysis = iam_lsp::checks::analyze(text, &Default::default());
    assert_eq!(ide::hover(&analysis, text, text.find("GetObject").unwrap()), None);
}
