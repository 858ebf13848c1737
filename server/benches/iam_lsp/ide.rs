//! Hover and completion at typical positions: pure functions of an analysis computed once, as the
//! server runs them on each request.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use iam_lsp::checks::{Analysis, Options, analyze};
use iam_lsp::ide::{CompletionConfig, completions, hover};

/// A policy being written, with `|` at the cursor of each case.
const CASES: &[(&str, &str, &str)] = &[
    (
        "hover",
        "action",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get|Object"], "Resource": "arn:aws:s3:::b/*"}]}"#,
    ),
    (
        "hover",
        "wildcard_action",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe|*"], "Resource": "*"}]}"#,
    ),
    (
        "hover",
        "condition_key",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:pre|fix": ["home/*"]}}}]}"#,
    ),
    (
        "hover",
        "element",
        r#"{"Version": "2012-10-17", "Statement": [{"Eff|ect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    ),
    (
        "completion",
        "after_ec2_colon",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:|"], "Resource": "*"}]}"#,
    ),
    (
        "completion",
        "action_prefix",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObj|"], "Resource": "*"}]}"#,
    ),
    (
        "completion",
        "service_prefix",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["|"], "Resource": "*"}]}"#,
    ),
    (
        "completion",
        "element_key",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "|", "Resource": "*"}]}"#,
    ),
    (
        "completion",
        "condition_key",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:|": "x"}}}]}"#,
    ),
];

fn prepare(marked: &str) -> (String, usize, Analysis) {
    let cursor = marked.find('|').expect("each case marks its cursor");
    let text = marked.replacen('|', "", 1);
    let analysis = analyze(&text, &Options::default());
    (text, cursor, analysis)
}

pub fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("ide");
    for (feature, case, marked) in CASES {
        let (text, cursor, analysis) = prepare(marked);
        let id = BenchmarkId::new(*feature, case);
        if *feature == "hover" {
            assert!(hover(&analysis, &text, cursor).is_some(), "{case}: no hover");
            group.bench_function(id, |b| b.iter(|| hover(black_box(&analysis), &text, black_box(cursor))));
        } else {
            let config = CompletionConfig { snippets: true };
            assert!(!completions(&analysis, &text, cursor, config).is_empty(), "{case}: no completion");
            group
                .bench_function(id, |b| b.iter(|| completions(black_box(&analysis), &text, black_box(cursor), config)));
        }
    }
    group.finish();
}
