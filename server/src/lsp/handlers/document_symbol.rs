//! `textDocument/documentSymbol`: policy → statements → elements.

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, DocumentSymbol, DocumentSymbolResponse};

use crate::ide::{self, Symbol};
use crate::lsp::convert::{self, Encoding};
use crate::lsp::document::Snapshot;
use crate::lsp::session::Session;

pub fn handle(session: &Session, snapshot: &Snapshot) -> Option<DocumentSymbolResponse> {
    let encoding = session.features().encoding;
    let symbols = ide::symbols(&snapshot.analysis());
    Some(DocumentSymbolResponse::Nested(symbols.into_iter().map(|s| to_proto(&snapshot.rope, s, encoding)).collect()))
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written out.
fn to_proto(rope: &Rope, symbol: Symbol, encoding: Encoding) -> DocumentSymbol {
    DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind: match symbol.kind {
            ide::SymbolKind::Policy => lsp::SymbolKind::MODULE,
            ide::SymbolKind::Statement => lsp::SymbolKind::OBJECT,
            ide::SymbolKind::Element => lsp::SymbolKind::PROPERTY,
        },
        tags: None,
        deprecated: None,
        range: convert::range(rope, symbol.range, encoding),
        selection_range: convert::range(rope, symbol.selection, encoding),
        children: (!symbol.children.is_empty())
            .then(|| symbol.children.into_iter().map(|c| to_proto(rope, c, encoding)).collect()),
    }
}
