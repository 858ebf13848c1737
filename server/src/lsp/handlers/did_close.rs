//! `textDocument/didClose`: forget the document and clear its diagnostics.

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::lsp::session::{Publish, Session};

pub fn handle(session: &Session, params: DidCloseTextDocumentParams) -> Option<Publish> {
    let uri = params.text_document.uri;
    let doc = session.close(&uri)?;
    (doc.published && !session.features().pull_diagnostics).then(|| Publish {
        uri,
        generation: None,
        version: None,
        diagnostics: Vec::new(),
    })
}
