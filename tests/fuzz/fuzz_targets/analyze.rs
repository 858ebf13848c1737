//! The full analysis on any bytes; the invariants are in `iam_lsp_tests::robustness::analyze_any`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iam_lsp_tests::robustness::analyze_any(data));
