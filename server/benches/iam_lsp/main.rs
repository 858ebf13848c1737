//! `cargo bench -p iam-lsp`: the figures behind the README's "Performance" section.
//!
//! One bench binary (one link of the release library instead of one per group, on shared cores);
//! filter groups as usual: `cargo bench -p iam-lsp --bench iam_lsp -- analyze/`.

mod analysis;
mod catalog;
mod corpus;
mod eval;
mod ide;
mod lsp;

use criterion::Criterion;

/// The allocator the binary ships with (`server/src/main.rs`): the figures are the server's.
#[cfg(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    // The catalog is measured in fresh processes: this binary re-executes itself to be one.
    if catalog::run_child() {
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    catalog::bench(&mut c);
    analysis::bench(&mut c);
    ide::bench(&mut c);
    lsp::bench(&mut c);
    eval::bench(&mut c);
    c.final_summary();
}
