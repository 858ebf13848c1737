//! Catalog first use. `catalog()` is a `LazyLock`, so only a fresh process sees its first use:
//! each iteration runs this binary again as a child that times itself and reports back.

use std::hint::black_box;
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use iam_lsp::catalog::catalog;

const CHILD: &str = "IAM_LSP_BENCH_CATALOG_CHILD";

/// What a child process does before reporting its time.
const CASES: &[(&str, &str)] = &[
    ("index", "catalog(): the header's services and global keys, read in place"),
    ("first_lookup", "catalog() then s3:GetObject: one hash and a few reads"),
    ("all_services", "catalog() then every action of every service read (what hover/completion over `*` costs)"),
];

/// In a child: times one case, writes `nanoseconds rss_kib` to stdout, and returns true.
pub fn run_child() -> bool {
    let Ok(case) = std::env::var(CHILD) else {
        return false;
    };
    let start = Instant::now();
    let c = black_box(catalog());
    match case.as_str() {
        "index" => {}
        "first_lookup" => {
            black_box(c.action("s3:GetObject").expect("s3:GetObject is in the catalog"));
        }
        "all_services" => {
            black_box(c.services().flat_map(|s| s.actions.iter()).map(|a| a.name().len()).sum::<usize>());
        }
        other => panic!("unknown catalog case {other}"),
    }
    let nanos = start.elapsed().as_nanos();
    let mut out = std::io::stdout();
    writeln!(out, "{nanos} {}", rss_kib()).expect("stdout is open");
    true
}

/// Resident memory of this process, from /proc (0 where there is none).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs one child and returns its self-measured time and resident memory.
fn child(case: &str) -> (Duration, u64) {
    let exe = std::env::current_exe().expect("the bench binary knows its path");
    let out = Command::new(exe).env(CHILD, case).output().expect("the bench binary runs");
    assert!(out.status.success(), "catalog child failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().expect("child prints numbers"));
    let nanos = fields.next().expect("child prints its time");
    let rss = fields.next().expect("child prints its memory");
    (Duration::from_nanos(nanos), rss)
}

pub fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("catalog");
    group.sampling_mode(SamplingMode::Flat).sample_size(20).measurement_time(Duration::from_secs(4));
    for (case, what) in CASES {
        let (_, rss) = child(case);
        eprintln!("catalog/{case}: {what}; resident memory of the process afterwards: {:.1} MiB", rss as f64 / 1024.0);
        group.bench_function(*case, |b| b.iter_custom(|iters| (0..iters).map(|_| child(case).0).sum()));
    }
    group.finish();
}
