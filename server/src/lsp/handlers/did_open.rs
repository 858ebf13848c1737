//! `textDocument/didOpen`: store the document; its analysis runs off the protocol loop.

use tower_lsp_server::ls_types::{DidOpenTextDocumentParams, Uri};

use crate::lsp::document::Document;
use crate::lsp::session::Session;

/// The document to analyse. Opening a URI that is open already replaces its document but keeps
/// whether its diagnostics are on screen, so a new text that is not a policy clears them.
pub fn handle(session: &Session, params: DidOpenTextDocumentParams) -> Uri {
    let item = params.text_document;
    let mut doc = Document::open(&item.text, item.version, session.options_for(&item.uri));
    doc.published = session.documents.get(&item.uri).is_some_and(|old| old.published);
    session.documents.insert(item.uri.clone(), doc);
    session.changed();
    item.uri
}
