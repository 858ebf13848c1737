//! Parse and full analysis, per policy over the corpus, of the largest policy and of a typical one.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use iam_lsp::checks::{Options, analyze};
use iam_lsp::syntax::parse;
use rayon::prelude::*;

use crate::corpus;

pub fn bench(c: &mut Criterion) {
    let policies = corpus::load();
    let options = Options::default();
    let singles = [("largest", corpus::largest(&policies)), ("typical", corpus::typical(&policies))];
    let total_bytes: usize = policies.iter().map(|(_, t)| t.len()).sum();

    let mut group = c.benchmark_group("parse");
    for (label, (name, text)) in singles {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new(label, name), text, |b, text| b.iter(|| parse(black_box(text))));
    }
    group.finish();

    let mut group = c.benchmark_group("analyze");
    for (label, (name, text)) in singles {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new(label, name), text, |b, text| {
            b.iter(|| analyze(black_box(text), &options))
        });
    }
    group.finish();

    // Policies far larger than any real one, to show the analysis stays linear in statements.
    let mut group = c.benchmark_group("generated");
    group.sample_size(10);
    for alike in [false, true] {
        let text = corpus::generated(10_000, alike);
        let label = if alike { "alike_statements" } else { "distinct_statements" };
        group.throughput(Throughput::Elements(10_000));
        group.bench_with_input(BenchmarkId::new(label, 10_000), &text, |b, text| {
            b.iter(|| analyze(black_box(text), &options))
        });
    }
    group.finish();

    // One iteration = every policy of the corpus; criterion reports the time per policy as throughput.
    let mut group = c.benchmark_group("corpus");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(policies.len() as u64));
    let label = format!("{} policies, {:.1} MB", policies.len(), total_bytes as f64 / 1e6);
    group.bench_function(BenchmarkId::new("parse", &label), |b| {
        b.iter(|| policies.iter().map(|(_, t)| parse(black_box(t)).roots.len()).sum::<usize>())
    });
    group.bench_function(BenchmarkId::new("analyze_sequential", &label), |b| {
        b.iter(|| policies.iter().map(|(_, t)| analyze(black_box(t), &options).findings.len()).sum::<usize>())
    });
    group.bench_function(BenchmarkId::new("analyze_parallel", &label), |b| {
        b.iter(|| policies.par_iter().map(|(_, t)| analyze(black_box(t), &options).findings.len()).sum::<usize>())
    });
    group.finish();
}
