//! `schemas/policy.schema.json` accepts real policies and rejects grammar errors.

use std::path::Path;

use serde_json::{Value, json};

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/policy.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema itself is valid 2020-12")
}

#[test]
fn accepts_every_managed_policy_in_the_test_corpus() {
    let v = validator();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/managed");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let policy: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = v.iter_errors(&policy).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 150, "only {checked} corpus policies");
}

#[test]
fn accepts_every_principal_and_condition_shape() {
    let v = validator();
    let policy = json!({
        "Version": "2012-10-17",
        "Id": "example",
        "Statement": [
            {"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "NotAction": ["s3:*"],
             "NotResource": "arn:aws:s3:::b/*",
             "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*"]}, "Null": {"aws:MultiFactorAuthAge": "true"},
                           "NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": false}}},
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ]
    });
    let errors: Vec<String> = v.iter_errors(&policy).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn rejects_grammar_errors() {
    let v = validator();
    let statement = |s: Value| json!({"Version": "2012-10-17", "Statement": [s]});
    let bad = [
        json!({"Version": "2012-10-17"}),
        json!({"Version": "2012-10-18", "Statement": []}),
        json!({"Statement": [], "Statements": []}),
        statement(json!({"Effect": "allow", "Action": "s3:*", "Resource": "*"})),
        statement(json!({"Effect": "Allow", "Actions": "s3:*", "Resource": "*"})),
        statement(json!({"Effect": "Allow", "Resource": "*"})),
        statement(json!({"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:Get*", "Resource": "*"})),
        statement(json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*", "NotResource": "*"})),
        statement(json!({"Effect": "Allow", "Action": 5, "Resource": "*"})),
        statement(
            json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"aws:SourceIp": "x"}}}),
        ),
        statement(
            json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NullIfExists": {"aws:SourceIp": "true"}}}),
        ),
        statement(json!({"Effect": "Allow", "Principal": ["*"], "Action": "s3:*", "Resource": "*"})),
        statement(json!({"Effect": "Allow", "Principal": {"Aws": "*"}, "Action": "s3:*", "Resource": "*"})),
    ];
    for policy in bad {
        assert!(!v.is_valid(&policy), "accepted {policy}");
    }
}
