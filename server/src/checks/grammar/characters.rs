//! `INVALID_CHARACTER`: IAM accepts only tab, line feed, carriage return and U+0020–U+00FF in a
//! policy document (characters beyond can still be written as `\u` escapes inside strings).

use crate::checks::{Context, Finding, Rule, Severity};
use crate::syntax::TextRange;

pub(super) const INVALID_CHARACTER: Rule = Rule {
    code: "INVALID_CHARACTER",
    severity: Severity::Warning,
    summary: "The policy contains a character IAM does not accept.",
    explanation: "IAM accepts only tab, line feed, carriage return and the characters U+0020 to \
        U+00FF in a policy document. Curly quotes, dashes and spaces pasted from a word processor, \
        emoji and non-Latin text are rejected; write them as `\\u` escapes inside strings or remove \
        them.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Sid": "ReadOnly", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/report–2024/*"}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Sid": "ReadOnly", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/report-2024/*"}]
}"#,
};

fn accepted(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}')
}

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut chars = ctx.text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if accepted(c) {
            continue;
        }
        // A run of rejected characters is one finding.
        let mut end = start + c.len_utf8();
        let mut count = 1;
        while let Some(&(i, next)) = chars.peek().filter(|(_, n)| !accepted(*n)) {
            end = i + next.len_utf8();
            count += 1;
            chars.next();
        }
        let what = if count == 1 {
            let shown = if c.is_control() { String::new() } else { format!("`{c}` ") };
            format!("{shown}(U+{:04X}) is", u32::from(c))
        } else {
            format!("These {count} characters (from U+{:04X}) are", u32::from(c))
        };
        out.push(ctx.finding(
            "INVALID_CHARACTER",
            TextRange::new(start, end),
            format!(
                "{what} outside what IAM accepts in a policy (tab, line breaks and U+0020 to U+00FF); IAM \
                 rejects the policy."
            ),
        ));
    }
}
