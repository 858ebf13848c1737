//! Resource rules (`checks/resources`): fixtures under `fixtures/resources/<code>/`.

#[allow(dead_code)]
mod rule_fixtures;

use iam_lsp::checks::{Options, analyze};

const CODES: &[&str] = &[
    "MISSING_ARN_ACCOUNT",
    "UNSUPPORTED_ACTION_IN_POLICY",
    "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
    "INVALID_ROLE_REFERENCE",
    "INVALID_USER_REFERENCE",
    "ARN_CONTAINS_WHITESPACE",
    "INVALID_ARN_PREFIX",
    "MISSING_ARN_FIELD",
    "INVALID_PARTITION",
    "INVALID_ARN_SERVICE_CASE",
    "INVALID_SERVICE_IN_ARN",
    "INVALID_ARN_REGION",
    "MISSING_ARN_REGION",
    "ARN_REGION_NOT_ALLOWED",
    "INVALID_ARN_ACCOUNT",
    "ARN_ACCOUNT_NOT_ALLOWED",
    "INVALID_ARN_RESOURCE",
    "REDUNDANT_RESOURCE",
    "EMPTY_ARRAY_RESOURCE",
];

#[test]
fn every_resource_rule_has_fixtures() {
    rule_fixtures::every_rule_has_fixtures("resources", CODES);
}

#[test]
fn bad_fixtures_trigger_their_rule_and_every_fix_repairs_it() {
    rule_fixtures::bad_fixtures("resources", CODES);
}

#[test]
fn good_fixtures_have_no_resource_finding() {
    rule_fixtures::good_fixtures("resources", CODES);
}

#[test]
fn fix_all_repairs_every_safe_case() {
    rule_fixtures::fix_all_repairs_safe_cases("resources", CODES);
}

fn findings(text: &str) -> Vec<(&'static str, String)> {
    let analysis = analyze(text, &Options::default());
    analysis
        .findings
        .iter()
        .filter(|f| CODES.contains(&f.code))
        .map(|f| (f.code, text[f.range.start..f.range.end].to_owned()))
        .collect()
}

/// The seed's `arn:aws:s3: : :*` is one finding on the whole string, repaired safely.
#[test]
fn seed_whitespace_arn() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3: : :*"}]}"#;
    let analysis = analyze(text, &Options::default());
    let found: Vec<_> = analysis.findings.iter().filter(|f| CODES.contains(&f.code)).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "ARN_CONTAINS_WHITESPACE");
    assert!(found[0].fixes[0].safe);
}

/// Field findings point at the field: the region, the account, the resource part.
#[test]
fn ranges_are_the_offending_field() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": [
        "arn:aws:sqs:us-east:111122223333:q", "arn:aws:iam::1234:role/x", "arn:aws:iam::111122223333:rol/x",
        "arn:aws:sqs::111122223333:q"]}]}"#;
    assert_eq!(
        findings(text),
        [
            ("INVALID_ARN_REGION", "us-east".to_owned()),
            ("INVALID_ARN_ACCOUNT", "1234".to_owned()),
            ("INVALID_ARN_RESOURCE", "rol/x".to_owned()),
            ("MISSING_ARN_REGION", "::".to_owned()),
        ]
    );
}

/// Wildcards and variables in any field, `aws` and variable accounts: never errors.
#[test]
fn wildcards_and_variables_are_never_errors() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": [
        "arn:aws:s3:::*/*", "arn:aws:s3:::${aws:username}/*", "arn:${aws:partition}:iam::${aws:PrincipalAccount}:role/*",
        "arn:aws:iam::aws:policy/*", "arn:aws:ec2:*:*:*", "arn:aws:*:*:*:*", "arn:aws:lambda:*:*:function:*:*",
        "arn:aws:dynamodb:${aws:RequestedRegion}:*:table/${aws:PrincipalTag/team}-*",
        "arn:aws:execute-api:*:*:*/*/GET/pets", "arn:aws:sts::*:assumed-role/*/*"]}]}"#;
    let found: Vec<_> = findings(text).into_iter().filter(|(code, _)| *code != "REDUNDANT_RESOURCE").collect();
    assert!(found.is_empty(), "{found:?}");
}

/// The S3 guide's Multi-Region Access Point policy: bucket actions on the access point's ARN,
/// object actions on its `/object/*`, both granted (issue 12).
#[test]
fn multi_region_access_point_arns_grant_what_the_s3_guide_says() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": ["s3:ListBucket", "s3:GetObject", "s3:PutObject"],
        "Resource": ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
                     "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"]}]}"#;
    let options = Options { policy_type: Some(iam_lsp::policy::PolicyType::Resource), ..Options::default() };
    let found: Vec<_> = analyze(text, &options).findings.into_iter().map(|f| f.code).collect();
    assert!(found.is_empty(), "{found:?}");
}
