//! Fixtures and end-to-end tests of iam-lsp live in `tests/`.
