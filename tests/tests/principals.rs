//! Principal rules (`checks/principals`): fixtures under `fixtures/principals/<code>/`; a fixture
//! named `bad.trust.json` is analysed as that policy type, set explicitly.

#[allow(dead_code)]
mod rule_fixtures;

use iam_lsp::checks::{Options, analyze};
use iam_lsp::policy::PolicyType;

const CODES: &[&str] = &[
    "UNSUPPORTED_PRINCIPAL",
    "MISSING_PRINCIPAL",
    "INVALID_PRINCIPAL_FORMAT",
    "INVALID_PRINCIPAL_KEY",
    "INVALID_SERVICE_PRINCIPAL_FORMAT",
    "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
    "INVALID_ACCOUNT_IN_PRINCIPAL",
    "ALLOW_WITH_NOT_PRINCIPAL",
    "EMPTY_OBJECT_PRINCIPAL",
    "EMPTY_ARRAY_PRINCIPAL",
    "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
    "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
    "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
    "TRUST_POLICY_ANY_PRINCIPAL_WITHOUT_CONDITION",
    "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
    "MISMATCHED_ACTION_FOR_PRINCIPAL",
    "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
    "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
    "MISSING_GITHUB_REPO_CONDITION_KEY",
    "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
    "CONFIRM_AUDIENCE_CLAIM_TYPE",
    "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE",
    "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
    "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
    "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
];

#[test]
fn every_principal_rule_has_fixtures() {
    rule_fixtures::every_rule_has_fixtures("principals", CODES);
}

#[test]
fn bad_fixtures_trigger_their_rule_and_every_fix_repairs_it() {
    rule_fixtures::bad_fixtures("principals", CODES);
}

#[test]
fn good_fixtures_have_no_principal_finding() {
    rule_fixtures::good_fixtures("principals", CODES);
}

#[test]
fn fix_all_repairs_every_safe_case() {
    rule_fixtures::fix_all_repairs_safe_cases("principals", CODES);
}

fn codes(text: &str, policy_type: Option<PolicyType>) -> Vec<&'static str> {
    let analysis = analyze(text, &Options { policy_type, ..Options::default() });
    analysis.findings.iter().filter(|f| CODES.contains(&f.code)).map(|f| f.code).collect()
}

/// Placement rules depend on the policy type only when it was set explicitly.
#[test]
fn placement_follows_the_explicit_type() {
    let with = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}]}"#;
    let without =
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
    assert!(codes(with, None).is_empty());
    assert!(codes(without, None).is_empty());
    assert_eq!(codes(with, Some(PolicyType::Identity)), ["UNSUPPORTED_PRINCIPAL"]);
    // SCPs report it as `SCP_SYNTAX_ERROR_PRINCIPAL` (grammar).
    assert!(codes(with, Some(PolicyType::Scp)).is_empty());
    assert!(codes(with, Some(PolicyType::Resource)).is_empty());
    assert!(codes(with, Some(PolicyType::Rcp)).is_empty());
    assert_eq!(codes(without, Some(PolicyType::Resource)), ["MISSING_PRINCIPAL"]);
    assert_eq!(codes(without, Some(PolicyType::Trust)), ["MISSING_PRINCIPAL"]);
    assert!(codes(without, Some(PolicyType::Identity)).is_empty());
    // Every RCP statement names `"Principal": "*"`.
    assert_eq!(codes(without, Some(PolicyType::Rcp)), ["MISSING_PRINCIPAL"]);
}
