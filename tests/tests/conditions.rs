//! Condition rules (`checks/conditions`): fixtures under `fixtures/conditions/<code>/`.

mod rule_fixtures;

use std::fs;
use std::path::Path;

use iam_lsp::checks::{Options, Severity, analyze};
use iam_lsp_tests::{only, render_findings};

const CODES: &[&str] = &[
    "INVALID_CONDITION_OPERATOR",
    "NULL_WITH_IF_EXISTS",
    "NULL_WITH_QUALIFIER",
    "TYPE_MISMATCH_BOOLEAN",
    "INVALID_CONDITION_MULTIPLE_BOOLEAN",
    "MISSING_QUALIFIER",
    "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
    "INVALID_CONDITION_KEY_FORMAT",
    "INVALID_GLOBAL_CONDITION_KEY",
    "DEPRECATED_GLOBAL_CONDITION_KEY",
    "INVALID_SERVICE_CONDITION_KEY",
    "MISSING_TAG_KEY_IN_CONDITION",
    "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
    "EMPTY_OBJECT_CONDITION",
    "EMPTY_ARRAY_CONDITION",
    "EMPTY_ARRAY_CONDITION_FORALLVALUES",
    "EMPTY_ARRAY_CONDITION_FORANYVALUE",
    "EMPTY_ARRAY_CONDITION_IFEXISTS",
    "TYPE_MISMATCH",
    "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
    "TYPE_MISMATCH_IP_RANGE",
    "TYPE_MISMATCH_DATE",
    "TYPE_MISMATCH_NUMBER",
    "INVALID_VARIABLE_FOR_OPERATOR",
    "WILDCARD_WITHOUT_LIKE_OPERATOR",
    "IMPROVE_IP_RANGE",
    "PRIVATE_IP_ADDRESS",
    "PRIVATE_IP_ADDRESS_SUBSET",
    "PRIVATE_NOT_IP_ADDRESS",
    "PRIVATE_NOT_IP_ADDRESS_SUBSET",
    "INVALID_VPC_FORMAT",
    "INVALID_VPCE_FORMAT",
    "EQUIVALENT_TO_NULL_FALSE",
    "EQUIVALENT_TO_NULL_TRUE",
    "REDUNDANT_CONDITION_VALUE_NUM",
    "INVALID_DATE_VALUE",
    "INVALID_CONDITION_DATA_TYPE",
    "INVALID_KMS_KEY_VALUE",
    "INVALID_REGION",
    "INVALID_SERVICE",
];

#[test]
fn every_condition_rule_has_fixtures() {
    rule_fixtures::every_rule_has_fixtures("conditions", CODES);
}

#[test]
fn bad_fixtures_trigger_their_rule_and_every_fix_repairs_it() {
    rule_fixtures::bad_fixtures("conditions", CODES);
}

#[test]
fn good_fixtures_have_no_condition_finding() {
    rule_fixtures::good_fixtures("conditions", CODES);
}

#[test]
fn fix_all_repairs_every_safe_case() {
    rule_fixtures::fix_all_repairs_safe_cases("conditions", CODES);
}

/// Errors Access Analyzer reports on AWS's own policies too (its findings in
/// `corpus/access-analyzer`): `StringEquals` on EventBridge's multivalued `events:detail-type`.
const ALSO_ACCESS_ANALYZER: &[(&str, &str)] = &[("MISSING_QUALIFIER", "\"events:detail-type\"")];

/// The policy variable rules too: one pass over the corpus is enough (it is slow in debug builds).
#[test]
fn managed_policies_have_no_condition_or_variable_errors() {
    let variables = [
        "MISSING_BRACE_IN_VARIABLE",
        "MISSING_QUOTE_IN_VARIABLE",
        "UNSUPPORTED_SPACE_IN_VARIABLE",
        "EMPTY_VARIABLE",
        "UNSUPPORTED_SYMBOL_IN_VARIABLE",
        "INVALID_VARIABLE",
        "VARIABLE_UNSUPPORTED_IN_ELEMENT",
    ];
    let codes: Vec<&str> = CODES.iter().chain(&variables).copied().collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/managed");
    let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 150, "only {} managed policies", files.len());
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let analysis = analyze(&text, &Options::default());
        let errors: Vec<_> = only(&analysis.findings, &codes)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .filter(|f| !ALSO_ACCESS_ANALYZER.contains(&(f.code, &text[f.range.start..f.range.end])))
            .cloned()
            .collect();
        assert!(errors.is_empty(), "{}:\n{}", file.display(), render_findings(&text, &errors));
    }
}

/// Values holding a policy variable are read at request time, and `Like` wildcards are patterns:
/// neither is ever reported as unreadable. Outside String and ARN operators a variable is not
/// resolved, which is its own finding, never a value-type one.
#[test]
fn variables_and_wildcards_are_never_value_errors() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {
            "IpAddress": {"aws:SourceIp": "${aws:PrincipalTag/cidr}"},
            "DateLessThan": {"aws:CurrentTime": "${aws:PrincipalTag/expiry, '2030-01-01'}"},
            "NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:PrincipalTag/max-age}"},
            "Bool": {"aws:SecureTransport": "${aws:PrincipalTag/tls}"},
            "StringLike": {"aws:PrincipalTag/team": ["data-*", "ops-??"]},
            "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}
        }}]}"#;
    let analysis = analyze(text, &Options::default());
    let found: Vec<_> = analysis.findings.iter().filter(|f| CODES.contains(&f.code)).map(|f| f.code).collect();
    assert_eq!(found, ["INVALID_VARIABLE_FOR_OPERATOR"; 4], "{found:?}");
}

/// `StringLike` on an ARN key is Access Analyzer's security warning; `StringEquals` compares the
/// whole ARN exactly and is not reported; any other mismatch is `TYPE_MISMATCH`.
#[test]
fn string_like_on_arn_key_is_a_warning_and_string_equals_is_fine() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/x"},
                      "StringLike": {"aws:SourceArn": "arn:aws:s3:::b*", "aws:CurrentTime": "2030-*"}}}]}"#;
    let analysis = analyze(text, &Options::default());
    let codes: Vec<_> = analysis.findings.iter().map(|f| (f.code, f.severity.as_str())).collect();
    assert_eq!(codes, [("STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", "warning"), ("TYPE_MISMATCH", "warning")]);
}
