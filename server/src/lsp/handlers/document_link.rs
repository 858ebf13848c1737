//! `textDocument/documentLink`.

use tower_lsp_server::ls_types::{DocumentLink, DocumentLinkParams};

use crate::ide;
use crate::lsp::document::Snapshot;
use crate::lsp::session::Session;
use crate::lsp::{convert, guard};

pub fn handle(session: &Session, snapshot: &Snapshot, params: DocumentLinkParams) -> Option<Vec<DocumentLink>> {
    let uri = params.text_document.uri;
    let encoding = session.features().encoding;
    let links = guard::catch(&uri, "document links", || ide::links(&snapshot.analysis))?;
    Some(
        links
            .into_iter()
            .map(|l| DocumentLink {
                range: convert::range(&snapshot.rope, l.range, encoding),
                target: l.target.parse().ok(),
                tooltip: Some(l.tooltip),
                data: None,
            })
            .collect(),
    )
}
