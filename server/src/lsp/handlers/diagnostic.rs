//! `textDocument/diagnostic`: pull diagnostics, for clients that ask for them.

use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport,
};

use crate::lsp::diagnostics;
use crate::lsp::document::Snapshot;
use crate::lsp::session::Session;

/// `snapshot`: the document's current analysis, `None` when it is not open.
pub fn handle(
    session: &Session,
    snapshot: Option<&Snapshot>,
    params: DocumentDiagnosticParams,
) -> DocumentDiagnosticReportResult {
    let uri = params.text_document.uri;
    let items = match snapshot {
        Some(s) if crate::ide::is_served(&s.analysis) => {
            diagnostics::all(&uri, &s.rope, &s.analysis.findings, session.features().encoding)
        }
        _ => Vec::new(),
    };
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
    }))
}
