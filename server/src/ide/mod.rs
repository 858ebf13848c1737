//! IDE features as pure functions of an analysis and an offset.
//!
//! Every function here takes a [`checks::Analysis`](crate::checks::Analysis), the text it was
//! computed from and byte offsets, and returns plain data with [`TextRange`]s: the `lsp` module
//! turns them into protocol types. Nothing here knows about positions, encodings or clients.

mod actions;
mod completion;
mod cursor;
mod docs;
mod hints;
mod hover;
mod links;
mod principals;
mod simulate;
pub mod summary;
mod symbols;

use crate::checks::Analysis;

/// Whether a document gets IDE features: a policy, or a text too broken to be one yet that the
/// checks still recognised as one (it then has findings). Any other JSON gets nothing.
pub fn is_served(analysis: &Analysis) -> bool {
    analysis.is_policy() || !analysis.findings.is_empty()
}

pub use actions::{Action, ActionKind, FIX_ALL_KIND, code_actions, fix_all, has_safe_fixes};
pub use completion::{CompletionConfig, CompletionItem, CompletionKind, completions};
pub use hints::{InlayHint, inlay_hints};
pub use hover::{Hover, hover};
pub use links::{Link, links};
pub use simulate::{SimulateLens, Simulation, simulate, simulate_lenses};
pub use symbols::{Symbol, SymbolKind, symbols};
