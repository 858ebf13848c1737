//! Fixtures and end-to-end tests of iam-lsp live in `tests/`.

pub mod reference;
pub mod robustness;

use iam_lsp::checks::{Finding, Fix, Options, analyze, apply_edits};

/// 1-based line and column (in characters) of a byte offset, for readable snapshots.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    (line, col)
}

/// Findings in a compact, reviewable form: `CODE severity L:C-L:C message`, then one indented line
/// per related location and per fix (`fix` / `fix (unsafe)`).
pub fn render_findings(text: &str, findings: &[Finding]) -> String {
    let span = |r: iam_lsp::syntax::TextRange| {
        let ((l1, c1), (l2, c2)) = (line_col(text, r.start), line_col(text, r.end));
        format!("{l1}:{c1}-{l2}:{c2}")
    };
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!("{} {} {} {}\n", f.code, f.severity, span(f.range), f.message));
        for r in &f.related {
            out.push_str(&format!("  related {} {}\n", span(r.range), r.message));
        }
        for fix in &f.fixes {
            out.push_str(&format!("  fix{} {}\n", if fix.safe { "" } else { " (unsafe)" }, fix.title));
        }
    }
    out
}

/// The text after one fix.
pub fn apply_fix(text: &str, fix: &Fix) -> String {
    apply_edits(text, &fix.edits)
}

/// Applies every fix of every finding whose code is in `codes`, one at a time, and checks each:
/// the targeted finding (same code and message) is gone or fewer, and no `JSON_SYNTAX_ERROR`
/// appeared. Returns `(code, fix title, fixed text)` for each, in order, for snapshots.
///
/// # Panics
/// When a fix leaves its finding in place or breaks the JSON.
pub fn check_fixes(text: &str, options: &Options, codes: &[&str]) -> Vec<(String, String, String)> {
    let before = analyze(text, options);
    let count = |findings: &[Finding], code: &str, message: &str| {
        findings.iter().filter(|f| f.code == code && f.message == message).count()
    };
    let syntax_errors = |findings: &[Finding]| findings.iter().filter(|f| f.code == "JSON_SYNTAX_ERROR").count();
    let mut results = Vec::new();
    for finding in before.findings.iter().filter(|f| codes.contains(&f.code)) {
        for fix in &finding.fixes {
            let fixed = apply_fix(text, fix);
            let after = analyze(&fixed, options);
            assert!(
                count(&after.findings, finding.code, &finding.message)
                    < count(&before.findings, finding.code, &finding.message),
                "fix `{}` left {} in place:\n{fixed}",
                fix.title,
                finding.code
            );
            assert!(
                syntax_errors(&after.findings) <= syntax_errors(&before.findings),
                "fix `{}` for {} broke the JSON:\n{fixed}\n{}",
                fix.title,
                finding.code,
                render_findings(&fixed, &after.findings)
            );
            results.push((finding.code.to_owned(), fix.title.clone(), fixed));
        }
    }
    results
}

/// The codes of the policy grammar rules (`checks/grammar`), for tests that look at them alone.
pub const GRAMMAR_CODES: &[&str] = &[
    "SCP_SYNTAX_ERROR_PRINCIPAL",
    "MULTIPLE_TOP_LEVEL_OBJECTS",
    "DUPLICATE_KEY",
    "INVALID_POLICY_ELEMENT",
    "MISSING_STATEMENT",
    "DATA_TYPE_MISMATCH",
    "EMPTY_ARRAY_STATEMENT",
    "MISSING_VERSION",
    "INVALID_VERSION",
    "OLD_VERSION",
    "VARIABLE_UNSUPPORTED_IN_VERSION",
    "MISSING_EFFECT",
    "INVALID_EFFECT",
    "MISSING_ACTION",
    "MISSING_RESOURCE",
    "UNSUPPORTED_ELEMENT_COMBINATION",
    "UNSUPPORTED_SID",
    "EMPTY_SID_VALUE",
    "UNIQUE_SIDS_REQUIRED",
    "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
    "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
    "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
    "INVALID_CHARACTER",
];

/// The findings whose code is in `codes`.
pub fn only<'a>(findings: &'a [Finding], codes: &[&str]) -> Vec<&'a Finding> {
    findings.iter().filter(|f| codes.contains(&f.code)).collect()
}

/// A findings-and-fixes snapshot: the findings with `codes`, then the text after each of their
/// fixes (each checked by [`check_fixes`]).
pub fn findings_and_fixes(text: &str, options: &Options, codes: &[&str]) -> String {
    let analysis = analyze(text, options);
    let findings: Vec<Finding> = only(&analysis.findings, codes).into_iter().cloned().collect();
    let mut out = render_findings(text, &findings);
    for (code, title, fixed) in check_fixes(text, options, codes) {
        out.push_str(&format!("\n--- {code}: {title}\n{fixed}"));
    }
    out
}
