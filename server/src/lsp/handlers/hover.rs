//! `textDocument/hover`.

use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::ide;
use crate::lsp::convert;
use crate::lsp::document::Snapshot;
use crate::lsp::session::Session;

pub fn handle(session: &Session, snapshot: &Snapshot, params: HoverParams) -> Option<Hover> {
    let position = params.text_document_position_params;
    let encoding = session.features().encoding;
    let offset = convert::offset(&snapshot.rope, position.position, encoding);
    let hover = ide::hover(&snapshot.analysis(), &snapshot.text(), offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: hover.markdown }),
        range: Some(convert::range(&snapshot.rope, hover.range, encoding)),
    })
}
