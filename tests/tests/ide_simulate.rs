//! "Simulate a request" over fixtures with a `$0` cursor in the statement to simulate: the lens
//! title and the one-line result, snapshotted; and the request's decision against the engine's.

mod ide_support;

use iam_lsp::eval::Decision;
use iam_lsp::ide;

#[test]
fn simulate_fixtures() {
    for f in ide_support::fixtures("simulate") {
        let statement = f.analysis.document.statement_at(f.offset).expect("the cursor is in a statement");
        let policy = f.analysis.document.policies.iter().position(|p| p.range.contains_inclusive(f.offset)).unwrap();
        let lenses = ide::simulate_lenses(&f.analysis);
        assert_eq!(
            lenses.len(),
            f.analysis.document.policies.iter().map(|p| p.statements.len()).sum::<usize>(),
            "{}: a lens on every statement",
            f.name
        );
        let lens = lenses.iter().find(|l| l.policy == policy && l.statement == statement.index).unwrap();
        assert_eq!(lens.range, statement.range, "{}", f.name);
        let simulation = ide::simulate(&f.analysis, policy, statement.index).expect("a request");
        let request = serde_json::to_string_pretty(&simulation.request).unwrap();
        insta::assert_snapshot!(
            format!("simulate_{}", f.name),
            format!("{}\n\n{}\n\n{request}\n", lens.title, simulation.message)
        );
    }
}

/// The request filled from an `Allow` with nothing against it is allowed by that statement.
#[test]
fn a_lone_allow_allows_its_own_request() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:*:111122223333:key/*", "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#;
    let analysis = iam_lsp::checks::analyze(text, &Default::default());
    let simulation = ide::simulate(&analysis, 0, 0).unwrap();
    assert_eq!(simulation.evaluation.decision, Decision::Allowed, "{}", simulation.message);
    let deciding: Vec<&str> = simulation.evaluation.deciding().iter().map(|(_, s)| s.label.as_str()).collect();
    assert_eq!(deciding, ["A"]);
    assert_eq!(ide::simulate(&analysis, 0, 1).map(|s| s.message), None, "no second statement");
}

#[test]
fn no_lens_outside_policies() {
    let text = r#"{"name": "x", "Action": "s3:GetObject"}"#;
    let analysis = iam_lsp::checks::analyze(text, &Default::default());
    assert!(ide::simulate_lenses(&analysis).is_empty());
    assert!(ide::simulate(&analysis, 0, 0).is_none());
}
