//! Fixture folders of one rule family: `fixtures/<family>/<code>/` holds `bad*.json` (each must
//! trigger its rule; snapshotted with the family's findings and every fix applied, each fix
//! re-checked by `findings_and_fixes`) and `good*.json` (no finding of the family).

use std::fs;
use std::path::{Path, PathBuf};

use iam_lsp::checks::{Options, analyze, fix_all, rule};
use iam_lsp_tests::{findings_and_fixes, only, render_findings};

pub fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
}

fn stem(path: &Path) -> &str {
    path.file_stem().unwrap().to_str().unwrap()
}

/// `bad.trust.json`: the policy type named after the first dot is set explicitly, for rules that
/// depend on it; other fixtures are analysed with the inferred type.
fn options(file: &Path) -> Options {
    let policy_type = stem(file).split_once('.').map(|(_, t)| t.parse().unwrap());
    Options { policy_type, ..Options::default() }
}

fn fixtures(family: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(family)
}

/// Every code has a folder with a bad and a good fixture, and every folder names a code.
pub fn every_rule_has_fixtures(family: &str, codes: &[&str]) {
    for code in codes {
        assert!(rule(code).is_some(), "{code} is not registered");
        let names: Vec<String> = sorted_entries(&fixtures(family).join(code.to_ascii_lowercase()))
            .iter()
            .map(|p| stem(p).to_owned())
            .collect();
        assert!(names.iter().any(|n| n.starts_with("bad")), "{code} has no bad fixture");
        assert!(names.iter().any(|n| n.starts_with("good")), "{code} has no good fixture");
    }
    assert_eq!(sorted_entries(&fixtures(family)).len(), codes.len(), "a fixture folder names no rule");
}

/// Each bad fixture triggers its folder's rule; the family's findings and every fix applied are
/// snapshotted as `tests/snapshots/<family>__<code>__<file>.snap`.
pub fn bad_fixtures(family: &str, codes: &[&str]) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    let _bound = settings.bind_to_scope();
    for dir in sorted_entries(&fixtures(family)) {
        let code = stem(&dir).to_ascii_uppercase();
        for file in sorted_entries(&dir).into_iter().filter(|p| stem(p).starts_with("bad")) {
            let text = fs::read_to_string(&file).unwrap();
            let analysis = analyze(&text, &options(&file));
            assert!(analysis.findings.iter().any(|f| f.code == code), "{} does not trigger {code}", file.display());
            let snapshot = findings_and_fixes(&text, &options(&file), codes);
            insta::assert_snapshot!(format!("{family}__{}__{}", stem(&dir), stem(&file)), snapshot);
        }
    }
}

/// Good fixtures have no finding of the family.
pub fn good_fixtures(family: &str, codes: &[&str]) {
    for dir in sorted_entries(&fixtures(family)) {
        for file in sorted_entries(&dir).into_iter().filter(|p| stem(p).starts_with("good")) {
            let text = fs::read_to_string(&file).unwrap();
            let analysis = analyze(&text, &options(&file));
            let found: Vec<_> = only(&analysis.findings, codes).into_iter().cloned().collect();
            assert!(found.is_empty(), "{}:\n{}", file.display(), render_findings(&text, &found));
        }
    }
}

/// Fix-all over the bad fixtures leaves valid JSON and none of the findings a safe fix targeted.
pub fn fix_all_repairs_safe_cases(family: &str, codes: &[&str]) {
    for dir in sorted_entries(&fixtures(family)) {
        for file in sorted_entries(&dir).into_iter().filter(|p| stem(p).starts_with("bad")) {
            let text = fs::read_to_string(&file).unwrap();
            let before = analyze(&text, &options(&file));
            let fixed = fix_all(&text, &options(&file));
            let after = analyze(&fixed.text, &options(&file));
            assert!(after.parse.errors.is_empty(), "{}: {}", file.display(), fixed.text);
            for f in only(&before.findings, codes) {
                if f.fixes.first().is_some_and(|fix| fix.safe) {
                    let survived = after.findings.iter().any(|a| a.code == f.code && a.message == f.message);
                    assert!(!survived, "{}: {} survived fix-all:\n{}", file.display(), f.code, fixed.text);
                }
            }
        }
    }
}
