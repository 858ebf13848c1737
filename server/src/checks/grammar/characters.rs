//! `INVALID_CHARACTER`: IAM accepts only tab, line feed, carriage return and U+0020–U+00FF in a
//! policy document (characters beyond can still be written as `\u` escapes inside strings).

use crate::checks::{Context, Edit, Finding, Rule, Severity, Types};
use crate::syntax::TextRange;

pub(super) const INVALID_CHARACTER: Rule = Rule {
    code: "INVALID_CHARACTER",
    types: Types::ALL,
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

/// What a rejected character most likely stands for: nothing for an invisible one (removing it
/// cannot change what the author meant), the ASCII form for a typographic dash or single quote.
fn ascii_for(c: char) -> Option<&'static str> {
    match c {
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Some(""),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some("-"),
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => Some("'"),
        _ => None,
    }
}

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let scope = ctx.scope;
    // Nearly every policy is printable ASCII throughout, which one pass over the bytes shows: by
    // blocks without an early exit inside them, which the compiler turns into vector code.
    let printable = |b: u8| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7e);
    let bytes = &ctx.text.as_bytes()[scope.start..scope.end];
    if bytes.chunks(256).all(|block| block.iter().fold(true, |all, &b| all & printable(b))) {
        return;
    }
    let mut chars = ctx.text[scope.start..scope.end].char_indices().map(|(i, c)| (scope.start + i, c)).peekable();
    while let Some((start, c)) = chars.next() {
        if accepted(c) {
            continue;
        }
        // A run of rejected characters is one finding.
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek().filter(|(_, n)| !accepted(*n)) {
            end = i + next.len_utf8();
            chars.next();
        }
        let range = TextRange::new(start, end);
        let run = &ctx.text[start..end];
        let count = run.chars().count();
        let what = match count {
            1 if c.is_control() => format!("A control character (U+{:04X}) is", u32::from(c)),
            1 if ascii_for(c) == Some("") => format!("An invisible character (U+{:04X}) is", u32::from(c)),
            1 => format!("`{c}` (U+{:04X}) is", u32::from(c)),
            _ => format!("These {count} characters (from U+{:04X}) are", u32::from(c)),
        };
        let finding = ctx.finding(
            "INVALID_CHARACTER",
            range,
            format!(
                "{what} outside what IAM accepts in a policy (tab, line breaks and U+0020 to U+00FF); IAM \
                 rejects the policy."
            ),
        );
        let replacement: Option<String> = run.chars().map(ascii_for).collect();
        out.push(match replacement {
            // In a document that parses, such a character can only sit inside a string, where
            // removing it restores the value meant; elsewhere it may be what stops the parser.
            Some(r) if r.is_empty() => finding.with_fix(
                "Remove the invisible character",
                vec![Edit::delete(range)],
                ctx.parse.errors.is_empty(),
            ),
            // The typographic form may be deliberate (it is part of a value): the author decides.
            Some(r) => finding.with_fix(format!("Replace with \"{r}\""), vec![Edit::replace(range, r)], false),
            None => finding,
        });
    }
}
