//! How condition keys are used (`checks/condition_keys`): fixtures under
//! `fixtures/condition_keys/<code>/`.

mod rule_fixtures;

const CODES: &[&str] = &[
    "UNSUPPORTED_GLOBAL_CONDITION_KEY",
    "MISSING_PAIRED_CONDITION_KEYS",
    "UNTRUSTWORTHY_CONDITION_KEY",
    "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT",
    "S3_PREFIX_IN_NEGATIVE_CONTEXT",
    "REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION",
    "REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION",
];

#[test]
fn every_condition_key_rule_has_fixtures() {
    rule_fixtures::every_rule_has_fixtures("condition_keys", CODES);
}

#[test]
fn bad_fixtures_trigger_their_rule_and_every_fix_repairs_it() {
    rule_fixtures::bad_fixtures("condition_keys", CODES);
}

#[test]
fn good_fixtures_have_no_condition_key_finding() {
    rule_fixtures::good_fixtures("condition_keys", CODES);
}

#[test]
fn fix_all_repairs_every_safe_case() {
    rule_fixtures::fix_all_repairs_safe_cases("condition_keys", CODES);
}
