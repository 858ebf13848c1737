//! `JSON_SYNTAX_ERROR`: IAM accepts strict JSON only.

use crate::syntax::{SyntaxError, SyntaxErrorKind, TextRange};

use super::{Context, Edit, Finding, Rule, Severity, Types};

pub(super) const RULES: &[Rule] = &[Rule {
    code: "JSON_SYNTAX_ERROR",
    types: Types::ALL,
    severity: Severity::Error,
    summary: "The policy is not strict JSON.",
    explanation: "IAM parses policies as strict JSON (RFC 8259): no comments, no trailing commas, \
        double-quoted keys and strings, commas between members. A policy that is not valid JSON is \
        rejected when you save it. Loose constructs are reported one by one and the rest of the \
        policy is still analysed; an error that stops parsing is reported once, where it occurs.",
    bad: r#"{
    "Version": "2012-10-17",
    // read-only access
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#,
}];

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for error in &ctx.parse.errors {
        let finding = ctx.finding("JSON_SYNTAX_ERROR", error.range, error.message.clone());
        out.push(match repair(ctx.text, error) {
            Some((title, edit)) => finding.with_fix(title, vec![edit], true),
            None => finding,
        });
    }
}

fn repair(text: &str, error: &SyntaxError) -> Option<(&'static str, Edit)> {
    let raw = &text[error.range.start..error.range.end];
    match error.kind {
        SyntaxErrorKind::Comment => Some(("Remove the comment", Edit::delete(whole_line_or(text, error.range)))),
        SyntaxErrorKind::TrailingComma => Some(("Remove the trailing comma", Edit::delete(error.range))),
        SyntaxErrorKind::TopLevelComma => Some(("Remove the comma", Edit::delete(error.range))),
        SyntaxErrorKind::MissingComma { after } => Some(("Insert the missing comma", Edit::insert(after, ","))),
        SyntaxErrorKind::UnquotedKey => {
            Some(("Quote the key", Edit::replace(error.range, serde_json::to_string(raw).ok()?)))
        }
        SyntaxErrorKind::SingleQuotedString => {
            let Ok(Some(jsonc_parser::JsonValue::String(value))) =
                jsonc_parser::parse_to_value(raw, &Default::default())
            else {
                return None;
            };
            Some(("Use double quotes", Edit::replace(error.range, serde_json::to_string(&value).ok()?)))
        }
        _ => None,
    }
}

/// A comment alone on its line goes with its line, so no blank line is left behind.
fn whole_line_or(text: &str, range: TextRange) -> TextRange {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..].find('\n').map_or(text.len(), |i| range.end + i + 1);
    let alone = text[line_start..range.start].trim().is_empty() && text[range.end..line_end].trim().is_empty();
    if alone { TextRange::new(line_start, line_end) } else { range }
}

#[cfg(test)]
mod tests {
    use crate::checks::{Options, analyze, apply_edits};

    fn fixed(text: &str) -> String {
        let analysis = analyze(text, &Options::default());
        let edits: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| f.code == "JSON_SYNTAX_ERROR")
            .flat_map(|f| f.fixes[0].edits.clone())
            .collect();
        apply_edits(text, &edits)
    }

    #[test]
    fn repairs_loose_json() {
        let text = "{\n  // note\n  \"Version\": '2012-10-17',\n  Statement: [{\"Effect\": \"Allow\",} \"x\"]\n}";
        let out = fixed(text);
        assert_eq!(out, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\"}, \"x\"]\n}");
        assert!(crate::syntax::parse(&out).errors.is_empty());
    }
}
