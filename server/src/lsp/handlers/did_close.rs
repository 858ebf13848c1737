//! `textDocument/didClose`: forget the document and clear its diagnostics.

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::lsp::session::{Publish, Session};

pub fn handle(session: &Session, params: DidCloseTextDocumentParams) -> Option<Publish> {
    let uri = params.text_document.uri;
    let (_, doc) = session.documents.remove(&uri)?;
    (doc.published && !session.features().pull_diagnostics).then(|| Publish {
        uri,
        version: None,
        diagnostics: Vec::new(),
    })
}
