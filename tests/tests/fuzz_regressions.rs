//! Every input a fuzz target once failed on (`tests/fixtures/fuzz/<target>/`), replayed through the
//! same invariant checks the targets run, next to hand-made hard cases (deep nesting, BOM, CRLF and
//! lone CR, comments, astral characters and escapes, several roots, NUL, thousands of unclosed `${`).

use std::path::Path;

use iam_lsp_tests::robustness;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return 0 };
    let mut count = 0;
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        check(&data);
        count += 1;
    }
    count
}

#[test]
fn analysis_regressions_hold() {
    assert!(replay("analyze", robustness::analyze_any) >= 7, "the hand-made hard cases are missing");
}

#[test]
fn edit_regressions_hold() {
    assert!(replay("edits", robustness::edit_script) >= 3, "the hand-made hard cases are missing");
}
