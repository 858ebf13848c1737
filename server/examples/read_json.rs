//! The floor `iam-lsp check` is measured against (`tests/bench/compare.sh`): read every `*.json`
//! file under the given paths and parse it with serde_json, in parallel as `check` does, and
//! nothing else. Prints how many files parsed.
//!
//!     cargo run --release -p iam-lsp --example read_json -- DIR...

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        collect(Path::new(&arg), &mut files);
    }
    let parsed = files
        .par_iter()
        .filter(|path| {
            std::fs::read(path).is_ok_and(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).is_ok())
        })
        .count();
    let _ = writeln!(std::io::stdout(), "{parsed} of {} files parsed", files.len());
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            collect(&p, out);
        }
    } else if path.extension().is_some_and(|e| e == "json") {
        out.push(path.to_owned());
    }
}
