//! Policy grammar rules: one fixture folder per rule under `fixtures/grammar/<code>/` holding
//! `bad*.json` (snapshotted with every fix applied) and `good*.json` (no grammar finding), and the
//! managed policies of `corpus/managed/`.

#[allow(dead_code)]
mod rule_fixtures;

use std::fs;
use std::path::Path;

use iam_lsp::checks::{Options, Severity, analyze};
use iam_lsp_tests::{GRAMMAR_CODES, render_findings};

use rule_fixtures::sorted_entries;

#[test]
fn every_grammar_rule_is_registered_and_has_fixtures() {
    rule_fixtures::every_rule_has_fixtures("grammar", GRAMMAR_CODES);
}

#[test]
fn bad_fixtures_trigger_their_rule_and_every_fix_repairs_it() {
    rule_fixtures::bad_fixtures("grammar", GRAMMAR_CODES);
}

#[test]
fn good_fixtures_have_no_grammar_finding() {
    rule_fixtures::good_fixtures("grammar", GRAMMAR_CODES);
}

/// Every safe grammar fix applied together, repeatedly, leaves valid JSON with none of the
/// findings those fixes target.
#[test]
fn fix_all_repairs_every_safe_case() {
    rule_fixtures::fix_all_repairs_safe_cases("grammar", GRAMMAR_CODES);
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
