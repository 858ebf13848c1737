//! One module per LSP method. Each is a synchronous function of the session and the params:
//! the async glue in `server.rs` only sends what they return, so every notification has
//! changed the session before anything awaits.

pub mod code_action;
pub mod code_lens;
pub mod completion;
pub mod diagnostic;
pub mod did_change;
pub mod did_change_configuration;
pub mod did_close;
pub mod did_open;
pub mod document_link;
pub mod document_symbol;
pub mod execute_command;
pub mod hover;
pub mod initialize;
pub mod inlay_hint;
pub mod summary;
