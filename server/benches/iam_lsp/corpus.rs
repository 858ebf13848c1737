//! The managed-policy corpus the benchmarks run over: all 1,645 (`tests/corpus/managed-all`).

use std::path::PathBuf;

/// `IAM_LSP_BENCH_CORPUS` overrides the directory, e.g. to measure the 155 of `tests/corpus/managed`.
pub fn dir() -> PathBuf {
    std::env::var_os("IAM_LSP_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/managed-all"))
}

/// Every `*.json` policy as (file name, text), sorted by name.
///
/// # Panics
/// When the corpus directory is missing: the figures would mean nothing without it.
pub fn load() -> Vec<(String, String)> {
    let dir = dir();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the corpus {}: {e} (set IAM_LSP_BENCH_CORPUS)", dir.display()));
    let mut policies: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, text)
        })
        .collect();
    policies.sort();
    assert!(!policies.is_empty(), "no policies in {}", dir.display());
    policies
}

/// The largest policy of the corpus (AWSSupportServiceRolePolicy in the managed set).
pub fn largest(policies: &[(String, String)]) -> &(String, String) {
    policies.iter().max_by_key(|(_, text)| text.len()).expect("corpus is not empty")
}

/// A typical policy: the one whose size is closest to 2 KB.
pub fn typical(policies: &[(String, String)]) -> &(String, String) {
    policies.iter().min_by_key(|(_, text)| text.len().abs_diff(2048)).expect("corpus is not empty")
}

/// A policy of `n` statements: all alike but their `Sid` (every pair compared for coverage), or
/// each on its own service and ARN.
pub fn generated(n: usize, alike: bool) -> String {
    const SERVICES: &[(&str, &str)] =
        &[("s3", "GetObject"), ("sqs", "SendMessage"), ("kms", "Decrypt"), ("sns", "Publish")];
    let statements: Vec<String> = (0..n)
        .map(|i| {
            if alike {
                format!(r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": ["s3:GetObject", "ec2:Describe*"], "Resource": "arn:aws:s3:::bucket/*"}}"#)
            } else {
                let (service, action) = SERVICES[i % SERVICES.len()];
                format!(r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": "{service}:{action}", "Resource": "arn:aws:{service}:us-east-1:111122223333:thing{i}"}}"#)
            }
        })
        .collect();
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [\n{}\n]}}", statements.join(",\n"))
}
