//! The IDE features on policies inside a Terraform configuration: hover and completion work on a
//! `jsonencode` policy and on an `aws_iam_policy_document` block, at the HCL that writes them.

use iam_lsp::checks::{Analysis, Options, analyze};
use iam_lsp::ide::{self, CompletionConfig};

const TEXT: &str = r#"resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:Put"], Resource = "*" }]
  })
}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:Rec"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["123456789012"]
    }
  }
}
"#;

fn analysis() -> Analysis {
    analyze(TEXT, &Options { path: Some("main.tf".into()), ..Options::default() })
}

fn at(needle: &str) -> usize {
    TEXT.find(needle).unwrap_or_else(|| panic!("{needle}"))
}

#[test]
fn hover_names_the_action_in_jsonencode_and_in_a_data_block() {
    let analysis = analysis();
    for (needle, expected) in
        [("GetObject", "GetObject"), ("SendMessage", "SendMessage"), ("aws:SourceAccount", "aws:SourceAccount")]
    {
        let hover = ide::hover(&analysis, TEXT, at(needle) + 2).unwrap_or_else(|| panic!("no hover on {needle}"));
        assert!(hover.markdown.contains(expected), "{needle}: {}", hover.markdown);
        assert!(hover.range.contains_inclusive(at(needle) + 2));
    }
}

#[test]
fn completion_offers_actions_in_jsonencode_and_in_a_data_block() {
    let analysis = analysis();
    for (typed, expected) in [("s3:Put", "s3:PutObject"), ("sqs:Rec", "sqs:ReceiveMessage")] {
        let offset = at(typed) + typed.len();
        let items = ide::completions(&analysis, TEXT, offset, CompletionConfig { snippets: false });
        let item = items
            .iter()
            .find(|i| i.new_text.contains(expected))
            .unwrap_or_else(|| panic!("{typed}: {:?}", items.iter().map(|i| &i.new_text).take(5).collect::<Vec<_>>()));
        // The edit stays inside the HCL string: no JSON quotes added.
        let after = format!("{}{}{}", &TEXT[..item.range.start], item.new_text, &TEXT[item.range.end..]);
        assert!(
            after.contains(&format!("\"{expected}\"")),
            "{typed}: {}",
            &after[item.range.start - 5..item.range.end + 20]
        );
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/templates").join(name))
        .unwrap()
}

/// Every IDE feature at every character boundary of the Terraform fixtures: no panic, and every
/// range returned holds the cursor or lies in the text.
#[test]
fn every_offset_of_the_terraform_fixtures() {
    for name in ["defects.tf", "clean.tf"] {
        let text = fixture(name);
        let analysis = analyze(&text, &Options { path: Some(name.into()), ..Options::default() });
        let len = text.len();
        for offset in (0..=len).filter(|&i| text.is_char_boundary(i)) {
            if let Some(h) = ide::hover(&analysis, &text, offset) {
                assert!(h.range.contains_inclusive(offset) && h.range.end <= len, "{name} hover at {offset}");
            }
            for item in ide::completions(&analysis, &text, offset, CompletionConfig { snippets: true }) {
                assert!(item.range.contains_inclusive(offset), "{name} completion at {offset}");
            }
            for action in ide::code_actions(&analysis, &text, iam_lsp::syntax::TextRange::empty(offset)) {
                assert!(action.edits.iter().all(|e| e.range.end <= len), "{name} action at {offset}");
            }
        }
        assert!(!ide::symbols(&analysis).is_empty(), "{name}");
    }
}

/// Every prefix of the defects fixture, as while typing it: analysed without a panic, and the
/// policies of the top-level blocks complete before the cut are still found.
#[test]
fn every_prefix_of_a_configuration_is_analysed() {
    let text = fixture("defects.tf");
    let whole = analyze(&text, &Options { path: Some("main.tf".into()), ..Options::default() });
    for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(5) {
        let prefix = &text[..cut];
        let analysis = analyze(prefix, &Options { path: Some("main.tf".into()), ..Options::default() });
        // A policy's block is complete at the first `}` at the start of a line after it.
        let block_end = |end: usize| text[end..].find("\n}").map_or(text.len(), |i| end + i + 2);
        let complete = whole.document.policies.iter().filter(|p| block_end(p.range.end) <= cut).count();
        assert!(
            analysis.document.policies.len() >= complete,
            "cut at {cut}: {} policies",
            analysis.document.policies.len()
        );
    }
}
