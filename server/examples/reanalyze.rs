//! What a keystroke costs the analysis alone, without the server around it: a space typed into a
//! policy and deleted again, `N` times, each version re-analysed from the one before
//! (`checks::reanalyze`). Prints the median and the slowest. The keystroke goes after the first
//! character of the first string on the middle line, as in the `change_to_diagnostics` bench.
//! Under `valgrind --tool=callgrind --toggle-collect=*reanalyze*` it counts the instructions of the
//! re-analyses only.
//!
//!     cargo run --release -p iam-lsp --example reanalyze -- FILE [N]

use std::io::Write;
use std::time::{Duration, Instant};

use iam_lsp::checks::{Options, analyze, reanalyze};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: reanalyze FILE [N]");
    let n: usize = args.next().map_or(50, |n| n.parse().expect("N is a number"));
    let original = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let at = keystroke_offset(&original);
    let options = Options { path: Some(path), ..Options::default() };
    let mut text = original.clone();
    let mut analysis = analyze(&text, &options);
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let next = if i % 2 == 0 { format!("{} {}", &original[..at], &original[at..]) } else { original.clone() };
        let start = Instant::now();
        let next_analysis = reanalyze(&next, &options, &analysis, &text);
        times.push(start.elapsed());
        (text, analysis) = (next, next_analysis);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let _ = writeln!(
        std::io::stdout(),
        "{n} re-analyses, {} findings: median {:.3} ms, slowest {:.3} ms",
        analysis.findings.len(),
        ms(times[n / 2]),
        ms(times[n - 1])
    );
}

/// After the first character of the first string on the middle line.
fn keystroke_offset(text: &str) -> usize {
    let line = text.lines().count() / 2;
    let start: usize = text.lines().take(line).map(|l| l.len() + 1).sum();
    let quote = text[start..].find('"').expect("a string on or after the middle line");
    start + quote + 2
}
