//! Completion at a `$0` cursor: what each item inserts and over which range, snapshotted.
//! Fixtures named `*_plain` run without snippet support.

mod ide_support;

use std::fmt::Write as _;

use iam_lsp::ide::{self, CompletionConfig};

/// Items shown per snapshot: those a client would keep for the typed word.
const SHOWN: usize = 30;

#[test]
fn completion_fixtures() {
    for f in ide_support::fixtures("completion") {
        let config = CompletionConfig { snippets: !f.name.ends_with("_plain") };
        let items = ide::completions(&f.analysis, &f.text, f.offset, config);
        let mut out = String::new();
        if let Some(first) = items.first() {
            // Every item edits the same range, which holds the cursor.
            assert!(items.iter().all(|i| i.range == first.range), "{}", f.name);
            assert!(first.range.start <= f.offset && f.offset <= first.range.end, "{}", f.name);
            let typed = &f.text[first.range.start..f.offset];
            let _ = writeln!(out, "range: {}", ide_support::mark(&f.text, first.range.start, first.range.end));
            let _ = writeln!(out, "typed: {typed:?}; {} items", items.len());
            let kept: Vec<_> = items
                .iter()
                .filter(|i| {
                    let label = i.label.to_ascii_lowercase();
                    let typed = typed.to_ascii_lowercase();
                    let mut chars = label.chars();
                    typed.chars().all(|c| chars.any(|l| l == c))
                })
                .collect();
            for item in kept.iter().take(SHOWN) {
                let _ = writeln!(
                    out,
                    "- {} [{:?}{}{}] {:?}{}",
                    item.label,
                    item.kind,
                    if item.snippet { ", snippet" } else { "" },
                    if item.retrigger { ", retrigger" } else { "" },
                    item.new_text,
                    item.detail.as_ref().map(|d| format!(" — {d}")).unwrap_or_default()
                );
            }
            if kept.len() > SHOWN {
                let _ = writeln!(out, "- … {} more", kept.len() - SHOWN);
            }
        } else {
            out.push_str("(no completions)\n");
        }
        insta::assert_snapshot!(format!("completion_{}", f.name), out);
    }
}

/// Inserting any item of a value list leaves valid JSON where the text was valid before.
#[test]
fn inserted_values_keep_the_document_valid() {
    let text =
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"\", \"Action\": \"ec2:\", \"Resource\": \"*\"}]}";
    let analysis = iam_lsp::checks::analyze(text, &Default::default());
    for cursor in [text.find("\"\"").unwrap() + 1, text.find("ec2:").unwrap() + 4] {
        let items = ide::completions(&analysis, text, cursor, CompletionConfig { snippets: false });
        assert!(!items.is_empty());
        for item in items {
            let mut edited = text.to_owned();
            edited.replace_range(item.range.start..item.range.end, &item.new_text);
            assert!(serde_json::from_str::<serde_json::Value>(&edited).is_ok(), "{edited}");
        }
    }
}
