//! `textDocument/didOpen`: store the document; its analysis runs off the protocol loop.

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::lsp::document::{Document, Job};
use crate::lsp::session::Session;

pub fn handle(session: &Session, params: DidOpenTextDocumentParams) -> Job {
    let item = params.text_document;
    let doc = Document::open(&item.text, item.version, session.options_for(&item.uri));
    let job = doc.job(&item.uri);
    session.documents.insert(item.uri, doc);
    job
}
