//! `textDocument/diagnostic`: pull diagnostics, for clients that ask for them. Each analysis
//! has its own `resultId`, so a client asking again about the same one gets "unchanged".

use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
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
    if let Some(s) = snapshot
        && params.previous_result_id.as_deref() == Some(s.serial.to_string().as_str())
    {
        return DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: s.serial.to_string(),
                },
            },
        ));
    }
    let items = match snapshot {
        Some(s) if crate::ide::is_served(&s.analysis()) => {
            let report_json_syntax = session.settings().report_json_syntax;
            diagnostics::all(&uri, &s.rope, &s.analysis(), session.features().encoding, report_json_syntax)
        }
        _ => Vec::new(),
    };
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport {
            result_id: snapshot.map(|s| s.serial.to_string()),
            items,
        },
    }))
}
