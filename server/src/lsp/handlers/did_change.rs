//! `textDocument/didChange`: apply the incremental edits; the new text's analysis runs off the
//! protocol loop.

use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, Uri};

use crate::lsp::session::Session;

pub fn handle(session: &Session, params: DidChangeTextDocumentParams) -> Option<Uri> {
    let uri = params.text_document.uri;
    let encoding = session.features().encoding;
    let Some(mut doc) = session.documents.get_mut(&uri) else {
        tracing::warn!(uri = uri.as_str(), "change to a document that is not open");
        return None;
    };
    if params.text_document.version <= doc.version {
        tracing::warn!(uri = uri.as_str(), "version {} after {}", params.text_document.version, doc.version);
    }
    doc.apply(params.content_changes, params.text_document.version, encoding);
    drop(doc);
    session.changed();
    Some(uri)
}
