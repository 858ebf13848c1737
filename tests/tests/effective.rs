//! What statements can never grant: findings on the seed examples and fixtures, snapshots, and
//! every fix applied and re-checked.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use iam_lsp::checks::{Analysis, Finding, Options, analyze, apply_edits};

const CODES: &[&str] = &[
    "NO_APPLICABLE_RESOURCE",
    "NO_APPLICABLE_ACTION",
    "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
    "MISSING_ACTION_FOR_CONDITION_KEY",
    "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    "NO_ACTION_SATISFIES_CONDITIONS",
    "STATEMENT_GRANTS_NOTHING",
    "STATEMENT_DENIES_NOTHING",
    "ALLOW_SHADOWED_BY_DENY",
    "REDUNDANT_STATEMENT",
];

fn fixtures_dir(area: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(area)
}

/// This family's fixtures: `fixtures/effective/*.json` and `fixtures/seeds/effective-*.json`,
/// without the expected results of fixes (`*.fixed.json`).
fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (area, prefix) in [("effective", ""), ("seeds", "effective-")] {
        let Ok(entries) = std::fs::read_dir(fixtures_dir(area)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(prefix) && name.ends_with(".json") && !name.contains(".fixed") {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no fixtures found");
    out
}

fn ours(analysis: &Analysis) -> impl Iterator<Item = &Finding> {
    analysis.findings.iter().filter(|f| CODES.contains(&f.code))
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Findings of this family as reviewable text: code, position, the text under the range, message,
/// related locations and fixes.
fn render(text: &str, analysis: &Analysis) -> String {
    let mut out = String::new();
    for f in ours(analysis) {
        let (line, col) = line_col(text, f.range.start);
        let _ = writeln!(out, "{} {:?} {line}:{col} `{}`", f.code, f.severity, &text[f.range.start..f.range.end]);
        let _ = writeln!(out, "  {}", f.message);
        for r in &f.related {
            let (line, col) = line_col(text, r.range.start);
            let _ = writeln!(out, "  related {line}:{col} `{}`: {}", &text[r.range.start..r.range.end], r.message);
        }
        for fix in &f.fixes {
            let _ = writeln!(out, "  fix{}: {}", if fix.safe { " (safe)" } else { "" }, fix.title);
            for line in apply_edits(text, &fix.edits).lines() {
                let _ = writeln!(out, "  | {line}");
            }
        }
    }
    if out.is_empty() {
        out.push_str("no findings\n");
    }
    out
}

#[test]
fn fixtures_snapshot() {
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = analyze(&text, &Options::default());
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, render(&text, &analysis));
    }
}

/// Applying a fix removes the finding it was offered on and never breaks the JSON.
#[test]
fn every_fix_applies_cleanly() {
    let mut applied = 0;
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = analyze(&text, &Options::default());
        for finding in ours(&analysis) {
            for fix in &finding.fixes {
                let fixed = apply_edits(&text, &fix.edits);
                let after = analyze(&fixed, &Options::default());
                let name = path.display();
                assert!(
                    !after.findings.iter().any(|f| f.code == "JSON_SYNTAX_ERROR"),
                    "{name}: `{}` broke the JSON:\n{fixed}",
                    fix.title
                );
                assert!(
                    serde_json::from_str::<serde_json::Value>(&fixed).is_ok(),
                    "{name}: `{}` is not strict JSON:\n{fixed}",
                    fix.title
                );
                // The finding is gone: fewer findings of its code on the same text.
                let targeted = &text[finding.range.start..finding.range.end];
                let count = |a: &Analysis, t: &str| {
                    a.findings
                        .iter()
                        .filter(|f| f.code == finding.code && t[f.range.start..f.range.end] == *targeted)
                        .count()
                };
                assert!(
                    count(&after, &fixed) < count(&analysis, &text),
                    "{name}: {} on `{targeted}` survives `{}`:\n{fixed}",
                    finding.code,
                    fix.title
                );
                applied += 1;
            }
        }
    }
    assert!(applied >= 5, "only {applied} fixes exercised");
}

/// The seed's corrected policies, compared as JSON values after applying the fix offered for the
/// given code.
#[test]
fn seed_fixes_produce_the_corrected_policies() {
    let cases = [
        ("effective-describe-instance-arn", "NO_APPLICABLE_RESOURCE", "Use \"Resource\": \"*\""),
        ("effective-cloudfront-s3-bucket", "NO_APPLICABLE_ACTION", "Remove the resource"),
        ("effective-prefix-and-version-id", "NO_ACTION_SATISFIES_CONDITIONS", "Split into one statement per condition"),
        ("effective-prefix-and-version-id", "STATEMENT_GRANTS_NOTHING", "Split into one statement per condition"),
    ];
    for (name, code, title) in cases {
        let dir = fixtures_dir("seeds");
        let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.fixed.json"))).unwrap()).unwrap();
        let analysis = analyze(&text, &Options::default());
        let finding = analysis.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("{name}: no {code}"));
        let fix = finding.fixes.iter().find(|f| f.title == title).unwrap_or_else(|| panic!("{name}: no fix `{title}`"));
        let fixed = apply_edits(&text, &fix.edits);
        let value: serde_json::Value = serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("{name}: {e}\n{fixed}"));
        assert_eq!(value, expected, "{name}: {code} `{title}` gave\n{fixed}");
        let after = analyze(&fixed, &Options::default());
        assert!(ours(&after).next().is_none(), "{name}: still\n{}", render(&fixed, &after));
    }
}

/// Every seed policy that grants nothing is diagnosed at statement level. (`ec2:Describe*` beside an
/// instance ARN no longer grants nothing: the reference now gives `ec2:DescribeInstanceAttribute`
/// the `instance` resource type, so only the entry is flagged.)
#[test]
fn seeds_that_grant_nothing_are_diagnosed() {
    for (name, causes) in [
        ("effective-version-id-list-bucket", &["UNSUPPORTED_ACTION_FOR_CONDITION_KEY"][..]),
        ("effective-prefix-and-version-id", &["NO_ACTION_SATISFIES_CONDITIONS"][..]),
        ("effective-not-action-star", &[][..]),
    ] {
        let text = std::fs::read_to_string(fixtures_dir("seeds").join(format!("{name}.json"))).unwrap();
        let analysis = analyze(&text, &Options::default());
        let codes: Vec<&str> = ours(&analysis).map(|f| f.code).collect();
        assert!(codes.contains(&"STATEMENT_GRANTS_NOTHING"), "{name}: {codes:?}");
        for cause in causes {
            assert!(codes.contains(cause), "{name}: {codes:?}");
        }
    }
}

/// Policies that work say nothing: the seeds' corrected versions and the cases the catalog
/// cannot decide.
#[test]
fn working_policies_are_quiet() {
    let mut quiet: Vec<PathBuf> = std::fs::read_dir(fixtures_dir("seeds"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".fixed.json") && p.to_string_lossy().contains("effective-"))
        .collect();
    quiet.extend(
        std::fs::read_dir(fixtures_dir("effective"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("quiet-")),
    );
    assert!(quiet.len() >= 3);
    for path in quiet {
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = analyze(&text, &Options::default());
        assert!(ours(&analysis).next().is_none(), "{}:\n{}", path.display(), render(&text, &analysis));
    }
}
