//! Policy variable rules (`checks/variables`): fixtures under `fixtures/variables/<code>/`. The
//! managed corpus is checked for these codes by `conditions.rs`, in the same pass.

mod rule_fixtures;

const CODES: &[&str] = &[
    "MISSING_BRACE_IN_VARIABLE",
    "MISSING_QUOTE_IN_VARIABLE",
    "UNSUPPORTED_SPACE_IN_VARIABLE",
    "EMPTY_VARIABLE",
    "UNSUPPORTED_SYMBOL_IN_VARIABLE",
    "INVALID_VARIABLE",
    "VARIABLE_UNSUPPORTED_IN_ELEMENT",
];

#[test]
fn every_variable_rule_has_fixtures() {
    rule_fixtures::every_rule_has_fixtures("variables", CODES);
}

#[test]
fn bad_fixtures_trigger_their_rule_and_every_fix_repairs_it() {
    rule_fixtures::bad_fixtures("variables", CODES);
}

#[test]
fn good_fixtures_have_no_variable_finding() {
    rule_fixtures::good_fixtures("variables", CODES);
}

#[test]
fn fix_all_repairs_every_safe_case() {
    rule_fixtures::fix_all_repairs_safe_cases("variables", CODES);
}
