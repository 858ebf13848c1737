//! `textDocument/inlayHint`, unless turned off in the settings.

use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip};

use crate::ide;
use crate::lsp::convert;
use crate::lsp::document::Snapshot;
use crate::lsp::session::Session;

pub fn handle(session: &Session, snapshot: &Snapshot, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    if !session.settings().inlay_hints {
        return None;
    }
    let encoding = session.features().encoding;
    let range = convert::text_range(&snapshot.rope, params.range, encoding);
    let hints = ide::inlay_hints(&snapshot.analysis(), range.start, range.end);
    Some(
        hints
            .into_iter()
            .map(|h| InlayHint {
                position: convert::position(&snapshot.rope, h.offset, encoding),
                label: InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: h.tooltip.map(InlayHintTooltip::String),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    )
}
