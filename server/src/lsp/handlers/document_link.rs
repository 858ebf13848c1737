//! `textDocument/documentLink`.

use tower_lsp_server::ls_types::DocumentLink;

use crate::ide;
use crate::lsp::convert;
use crate::lsp::document::Snapshot;
use crate::lsp::session::Session;

pub fn handle(session: &Session, snapshot: &Snapshot) -> Option<Vec<DocumentLink>> {
    let encoding = session.features().encoding;
    let links = ide::links(&snapshot.analysis());
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
