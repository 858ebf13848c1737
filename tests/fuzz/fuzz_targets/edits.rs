//! The server's edit path against the reference model; the input format and the invariant are in
//! `iam_lsp_tests::robustness::edit_script`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iam_lsp_tests::robustness::edit_script(data));
