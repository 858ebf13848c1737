//! Action rules (`checks/actions`): fixtures under `fixtures/actions/<code>/`.

#[allow(dead_code)]
mod rule_fixtures;

use iam_lsp::checks::{Options, analyze};

const CODES: &[&str] = &[
    "INVALID_ACTION",
    "INVALID_SERVICE_IN_ACTION",
    "INVALID_ACTION_FORMAT",
    "WILDCARD_IN_SERVICE_NAME",
    "REDUNDANT_ACTION",
    "EMPTY_ARRAY_ACTION",
    "PASS_ROLE_WITH_STAR_IN_RESOURCE",
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
    "PASS_ROLE_WITH_NOT_RESOURCE",
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
    "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
    "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
    "CREATE_SLR_WITH_STAR_IN_RESOURCE",
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
    "CREATE_SLR_WITH_NOT_RESOURCE",
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
    "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
    "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
];

#[test]
fn every_action_rule_has_fixtures() {
    rule_fixtures::every_rule_has_fixtures("actions", CODES);
}

#[test]
fn bad_fixtures_trigger_their_rule_and_every_fix_repairs_it() {
    rule_fixtures::bad_fixtures("actions", CODES);
}

#[test]
fn good_fixtures_have_no_action_finding() {
    rule_fixtures::good_fixtures("actions", CODES);
}

#[test]
fn fix_all_repairs_every_safe_case() {
    rule_fixtures::fix_all_repairs_safe_cases("actions", CODES);
}

fn codes_of(text: &str) -> Vec<&'static str> {
    let analysis = analyze(text, &Options::default());
    analysis.findings.iter().filter(|f| CODES.contains(&f.code)).map(|f| f.code).collect()
}

/// The seed's typos: `s2` for `s3`, `ListMyBuckets`, `iam.CreateUser`, each with its repair first.
#[test]
fn seed_typos_are_found_and_repaired() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["s2:GetObject", "s3:ListMyBuckets", "iam.CreateUser"], "Resource": "*"}]}"#;
    let analysis = analyze(text, &Options::default());
    let first_fix = |code: &str| {
        let f = analysis.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code}"));
        f.fixes[0].title.clone()
    };
    assert_eq!(first_fix("INVALID_SERVICE_IN_ACTION"), "Did you mean `s3:GetObject`?");
    assert_eq!(first_fix("INVALID_ACTION"), "Did you mean `s3:ListAllMyBuckets`?");
    assert_eq!(first_fix("INVALID_ACTION_FORMAT"), "Change to `iam:CreateUser`");
}

/// Case does not matter to IAM, and wildcards that match something are fine.
#[test]
fn case_and_wildcards_are_accepted() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["S3:GETOBJECT", "s3:Get*", "ec2:Describe?nstances", "*:List*", "*"], "NotAction": [], "Resource": "arn:aws:s3:::b"}]}"#;
    let found = codes_of(text);
    // `*` covers the others; `*:List*` reaches every service.
    assert!(!found.iter().any(|c| c.starts_with("INVALID")), "{found:?}");
    assert!(found.contains(&"WILDCARD_IN_SERVICE_NAME") && found.contains(&"EMPTY_ARRAY_ACTION"), "{found:?}");
}

/// `NotAction` entries are checked like `Action` ones, and a `Deny` never warns about PassRole.
#[test]
fn not_action_is_checked_too() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["s3:GetObjet"], "Resource": "*"}]}"#;
    let analysis = analyze(text, &Options::default());
    let found: Vec<_> = analysis.findings.iter().filter(|f| CODES.contains(&f.code)).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&text[found[0].range.start..found[0].range.end], "GetObjet");
    assert_eq!(found[0].fixes[0].title, "Did you mean `s3:GetObject`?");
}

/// The error codes of the three catalog-backed families checked together over the managed policies.
const ALL_CODES: &[&str] = &[
    "INVALID_ACTION",
    "INVALID_SERVICE_IN_ACTION",
    "INVALID_ACTION_FORMAT",
    "ARN_CONTAINS_WHITESPACE",
    "INVALID_ARN_PREFIX",
    "MISSING_ARN_FIELD",
    "INVALID_PARTITION",
    "INVALID_ARN_SERVICE_CASE",
    "INVALID_ARN_REGION",
    "MISSING_ARN_REGION",
    "ARN_REGION_NOT_ALLOWED",
    "INVALID_ARN_ACCOUNT",
    "ARN_ACCOUNT_NOT_ALLOWED",
    "INVALID_ARN_RESOURCE",
    "UNSUPPORTED_PRINCIPAL",
    "MISSING_PRINCIPAL",
    "INVALID_PRINCIPAL_FORMAT",
    "INVALID_PRINCIPAL_KEY",
    "INVALID_SERVICE_PRINCIPAL_FORMAT",
    "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
    "INVALID_ACCOUNT_IN_PRINCIPAL",
];

/// Every error of the action, resource and principal rules on the managed policies copied into
/// `corpus/managed/`, one line each:
/// a reviewed list of real defects (retired services, actions missing from the catalog, malformed
/// ARNs), so any new error, a false positive until shown otherwise, fails the snapshot.
#[test]
fn managed_policy_errors_are_known_defects() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/managed");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut out = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for f in analyze(&text, &Options::default()).findings {
            if ALL_CODES.contains(&f.code) && f.severity == iam_lsp::checks::Severity::Error {
                let name = file.file_name().unwrap().to_string_lossy();
                out.push_str(&format!("{name}: {} {}\n", f.code, &text[f.range.start..f.range.end]));
            }
        }
    }
    insta::assert_snapshot!(out);
}
