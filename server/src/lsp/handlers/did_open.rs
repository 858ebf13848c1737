//! `textDocument/didOpen`: store and analyse the document.

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::lsp::document::Document;
use crate::lsp::session::{Publish, Session};

pub fn handle(session: &Session, params: DidOpenTextDocumentParams) -> Option<Publish> {
    let item = params.text_document;
    let options = session.options_for(&item.uri);
    let mut doc = Document::open(&item.uri, item.text, item.version, options);
    let publish = session.publish(&item.uri, &mut doc);
    session.documents.insert(item.uri, doc);
    publish
}
