//! `iam-lsp/summary`: the policy summary of an open document, for the editors' "Show policy
//! summary" command. The Markdown is the CLI's `summary --format markdown`, made from the
//! server's own copy, so unsaved edits count.

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::TextDocumentIdentifier;

use crate::ide::summary;
use crate::lsp::document::Snapshot;

pub const METHOD: &str = "iam-lsp/summary";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Serialize)]
pub struct SummaryResult {
    pub markdown: String,
}

/// `None` (the protocol's `null`) for a document that is not a policy, as the CLI refuses it; a
/// policy that does not parse yet gets what is wrong and where instead of its summary.
pub fn handle(snapshot: &Snapshot) -> Option<SummaryResult> {
    let analysis = &*snapshot.analysis();
    if !analysis.is_policy() {
        let error = summary::parse_error(analysis, &snapshot.text()).filter(|_| crate::ide::is_served(analysis));
        return error.map(|error| SummaryResult { markdown: format!("No summary: {error}.\n") });
    }
    let markdown = summary::to_markdown(&summary::summary(analysis));
    Some(SummaryResult { markdown })
}
