//! `textDocument/codeLens`: "Simulate a request" above each statement, a command carrying the
//! document version it was computed for (see `execute_command`).

use serde_json::json;
use tower_lsp_server::ls_types::{CodeLens, Command, Uri};

use crate::ide;
use crate::lsp::convert;
use crate::lsp::document::Snapshot;
use crate::lsp::session::Session;

use super::execute_command::SIMULATE;

pub fn handle(session: &Session, uri: &Uri, snapshot: &Snapshot) -> Option<Vec<CodeLens>> {
    let encoding = session.features().encoding;
    let lenses = ide::simulate_lenses(&snapshot.analysis());
    let lenses = lenses
        .into_iter()
        .map(|lens| {
            let mut range = convert::range(&snapshot.rope, lens.range, encoding);
            // The lens stands above the statement's first line.
            range.end = range.start;
            let argument = json!({
                "uri": uri.as_str(),
                "version": snapshot.version,
                "policy": lens.policy,
                "statement": lens.statement,
            });
            CodeLens {
                range,
                command: Some(Command {
                    title: lens.title,
                    command: SIMULATE.to_owned(),
                    arguments: Some(vec![argument]),
                }),
                data: None,
            }
        })
        .collect();
    Some(lenses)
}
