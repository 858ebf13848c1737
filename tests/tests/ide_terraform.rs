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
