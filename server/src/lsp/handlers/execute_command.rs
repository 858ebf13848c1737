//! `workspace/executeCommand` for `iam-lsp.simulate`: the request the statement suggests,
//! evaluated against the document's current text. The lens names the version it was computed
//! for; a document edited since is refused, as its statements may have moved.

use serde::Deserialize;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{ExecuteCommandParams, MessageType, Uri};

use crate::ide;
use crate::lsp::document::Snapshot;

pub const SIMULATE: &str = "iam-lsp.simulate";

/// The commands the server executes, for the `initialize` answer.
pub const COMMANDS: &[&str] = &[SIMULATE];

#[derive(Debug, Deserialize)]
pub struct SimulateArgs {
    pub uri: Uri,
    pub version: i32,
    pub policy: usize,
    pub statement: usize,
}

/// The command's arguments; an error for an unknown command or arguments that are not ours.
pub fn parse(params: &ExecuteCommandParams) -> jsonrpc::Result<SimulateArgs> {
    if params.command != SIMULATE {
        return Err(jsonrpc::Error::invalid_params(format!("unknown command `{}`", params.command)));
    }
    let argument = params.arguments.first().cloned().unwrap_or_default();
    serde_json::from_value(argument).map_err(|e| {
        jsonrpc::Error::invalid_params(format!("{SIMULATE} takes {{uri, version, policy, statement}}: {e}"))
    })
}

/// What to answer and what to show: the simulation as JSON and its one-line message, or why
/// there is none.
pub fn handle(
    snapshot: &Snapshot,
    args: &SimulateArgs,
) -> (jsonrpc::Result<Option<serde_json::Value>>, MessageType, String) {
    if snapshot.version != args.version {
        let message = format!(
            "The policy changed since this lens was made (version {} now, {} then): run the refreshed lens.",
            snapshot.version, args.version
        );
        let error = jsonrpc::Error {
            code: jsonrpc::ErrorCode::ServerError(-32801),
            message: message.clone().into(),
            data: None,
        };
        return (Err(error), MessageType::WARNING, message);
    }
    match ide::simulate(&snapshot.analysis(), args.policy, args.statement) {
        Some(simulation) => {
            let kind =
                if simulation.evaluation.decision.is_allowed() { MessageType::INFO } else { MessageType::WARNING };
            let message = simulation.message.clone();
            (Ok(serde_json::to_value(&simulation).ok()), kind, message)
        }
        None => {
            let message = "No request can be filled from this statement.".to_owned();
            (Ok(None), MessageType::WARNING, message)
        }
    }
}
