//! Policy grammar rules: one fixture folder per rule under `fixtures/grammar/<code>/` holding
//! `bad*.json` (snapshotted with every fix applied) and `good*.json` (no grammar finding), and the
//! managed policies of `corpus/managed/`.

use std::fs;
use std::path::{Path, PathBuf};

use iam_lsp::checks::{Options, Severity, analyze, fix_all, rule};
use iam_lsp_tests::{GRAMMAR_CODES, findings_and_fixes, only, render_findings};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/grammar")
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
}

fn stem(path: &Path) -> &str {
    path.file_stem().unwrap().to_str().unwrap()
}

#[test]
fn every_grammar_rule_is_registered_and_has_fixtures() {
    for code in GRAMMAR_CODES {
        assert!(rule(code).is_some(), "{code} is not registered");
        let dir = fixtures().join(code.to_ascii_lowercase());
        let names: Vec<String> = sorted_entries(&dir).iter().map(|p| stem(p).to_owned()).collect();
        assert!(names.iter().any(|n| n.starts_with("bad")), "{code} has no bad fixture");
        assert!(names.iter().any(|n| n.starts_with("good")), "{code} has no good fixture");
    }
    assert_eq!(sorted_entries(&fixtures()).len(), GRAMMAR_CODES.len(), "a fixture folder names no rule");
}

#[test]
fn bad_fixtures_trigger_their_rule_and_every_fix_repairs_it() {
    for dir in sorted_entries(&fixtures()) {
        let code = stem(&dir).to_ascii_uppercase();
        for file in sorted_entries(&dir).into_iter().filter(|p| stem(p).starts_with("bad")) {
            let text = fs::read_to_string(&file).unwrap();
            let analysis = analyze(&text, &Options::default());
            assert!(analysis.findings.iter().any(|f| f.code == code), "{} does not trigger {code}", file.display());
            let snapshot = findings_and_fixes(&text, &Options::default(), GRAMMAR_CODES);
            insta::assert_snapshot!(format!("{}__{}", stem(&dir), stem(&file)), snapshot);
        }
    }
}

#[test]
fn good_fixtures_have_no_grammar_finding() {
    for dir in sorted_entries(&fixtures()) {
        for file in sorted_entries(&dir).into_iter().filter(|p| stem(p).starts_with("good")) {
            let text = fs::read_to_string(&file).unwrap();
            let analysis = analyze(&text, &Options::default());
            let found: Vec<_> = only(&analysis.findings, GRAMMAR_CODES).into_iter().cloned().collect();
            assert!(found.is_empty(), "{}:\n{}", file.display(), render_findings(&text, &found));
        }
    }
}

#[test]
fn fix_all_repairs_every_safe_case() {
    // Every safe grammar fix applied together, repeatedly, leaves valid JSON with none of the
    // findings those fixes target.
    for dir in sorted_entries(&fixtures()) {
        for file in sorted_entries(&dir).into_iter().filter(|p| stem(p).starts_with("bad")) {
            let text = fs::read_to_string(&file).unwrap();
            let before = analyze(&text, &Options::default());
            let fixed = fix_all(&text, &Options::default());
            let after = analyze(&fixed.text, &Options::default());
            assert!(after.parse.errors.is_empty(), "{}: {}", file.display(), fixed.text);
            for f in only(&before.findings, GRAMMAR_CODES) {
                if f.fixes.first().is_some_and(|fix| fix.safe) {
                    assert!(
                        !after.findings.iter().any(|a| a.code == f.code && a.message == f.message),
                        "{}: {} survived fix-all:\n{}",
                        file.display(),
                        f.code,
                        fixed.text
                    );
                }
            }
        }
    }
}

/// Identity policies only, so service control policies get `MISSING_RESOURCE` when told.
#[test]
fn missing_resource_follows_the_policy_type() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*"}]}"#;
    let codes = |policy_type: Option<&str>| {
        let options = Options { policy_type: policy_type.map(|t| t.parse().unwrap()), ..Options::default() };
        analyze(text, &options).findings.iter().filter(|f| f.code == "MISSING_RESOURCE").count()
    };
    assert_eq!(codes(None), 1);
    assert_eq!(codes(Some("scp")), 1);
    assert_eq!(codes(Some("resource")), 0);
    assert_eq!(codes(Some("trust")), 0);
}

/// The managed policies copied into `corpus/managed/` are valid policies: detected as policies,
/// strict JSON, and no error from the grammar rules.
#[test]
fn managed_policies_have_no_grammar_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/managed");
    let files = sorted_entries(&dir);
    assert!(files.len() >= 150, "only {} managed policies", files.len());
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let analysis = analyze(&text, &Options::default());
        assert!(analysis.is_policy(), "{} is not detected as a policy", file.display());
        let errors: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| {
                f.code == "JSON_SYNTAX_ERROR" || (GRAMMAR_CODES.contains(&f.code) && f.severity == Severity::Error)
            })
            .cloned()
            .collect();
        assert!(errors.is_empty(), "{}:\n{}", file.display(), render_findings(&text, &errors));
    }
}
