//! iam-lsp: analysis of AWS IAM policy JSON for editors and CI.
//!
//! Layers, data flowing one way: [`catalog`] → [`syntax`] → [`policy`] → [`host`] → [`checks`] and [`eval`] → [`ide`] →
//! `lsp` and `cli`. Analysis code never sees protocol types.

pub mod allocator;
mod cache;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod eval;
pub mod host;
pub mod ide;
pub mod lsp;
pub mod policy;
pub mod syntax;
#[cfg(test)]
mod testing;
