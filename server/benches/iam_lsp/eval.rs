//! Offline evaluation: one request against every managed policy at once, and
//! `check-no-new-access` on consecutive versions of the largest managed policy.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, Throughput};
use iam_lsp::eval::{
    Named, PolicySet, Request, RequestPrincipal, RequestResource, Verdict, evaluate, no_new_access, parse_policy,
};
use iam_lsp::policy::PolicyType;

use crate::corpus;

/// The versions in `tests/corpus/managed-versions/` (see its README), oldest first.
const VERSIONS: &[&str] = &["v56", "v57", "v58", "v59"];
const LARGEST: &str = "AWSSupportServiceRolePolicy";

pub fn bench(c: &mut Criterion) {
    let policies = corpus::load();
    let identity: Vec<Named> = policies
        .iter()
        .map(|(name, text)| Named {
            name: name.clone(),
            policy: parse_policy(text, PolicyType::Identity).unwrap_or_else(|e| panic!("{name}: {e}")),
        })
        .collect();
    let statements: usize = identity.iter().map(|n| n.policy.statements.len()).sum();
    let set = PolicySet { identity, ..PolicySet::default() };
    let principal =
        RequestPrincipal::parse("arn:aws:sts::111122223333:assumed-role/Developer/alice").expect("a valid session ARN");
    let request =
        Request::new(principal, "s3:GetObject", RequestResource::new("arn:aws:s3:::example-bucket/report.csv", None));
    let evaluation = evaluate(&set, &request);
    eprintln!(
        "eval: {} policies, {statements} statements: {:?}, {} deciding statements",
        set.identity.len(),
        evaluation.decision,
        evaluation.deciding().len()
    );

    let mut group = c.benchmark_group("eval");
    group.throughput(Throughput::Elements(set.identity.len() as u64));
    let label = format!("{} policies, {statements} statements", set.identity.len());
    group.bench_function(BenchmarkId::new("one_request", label), |b| {
        b.iter(|| evaluate(black_box(&set), black_box(&request)).decision)
    });
    group.finish();

    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/managed-versions").join(LARGEST);
    let versions: Vec<_> = VERSIONS
        .iter()
        .map(|v| {
            let path = dir.join(format!("{v}.json"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            parse_policy(&text, PolicyType::Identity).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect();
    let mut group = c.benchmark_group("custom");
    group.sample_size(20);
    for (pair, names) in versions.windows(2).zip(VERSIONS.windows(2)) {
        let [old, new] = pair else { unreachable!("windows of two") };
        let id = format!("{LARGEST} {}->{}", names[0], names[1]);
        eprintln!("custom: no_new_access {id}: {}", verdict(&no_new_access(old, new, PolicyType::Identity)));
        group.bench_function(BenchmarkId::new("no_new_access", &id), |b| {
            b.iter(|| no_new_access(black_box(old), black_box(new), PolicyType::Identity))
        });
    }
    group.finish();
}

fn verdict(v: &Verdict) -> String {
    match v {
        Verdict::Pass => "PASS".into(),
        Verdict::Fail { reason, .. } => format!("FAIL: {reason}"),
        Verdict::Undecided { reason } => format!("UNDECIDED: {reason}"),
    }
}
