//! `initialize`: negotiate the position encoding and features, read the settings. The catalog
//! is not touched here, so the answer comes at once.

use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CodeLensOptions, CompletionOptions,
    DiagnosticOptions, DiagnosticServerCapabilities, DocumentLinkOptions, ExecuteCommandOptions,
    HoverProviderCapability, InitializeParams, InitializeResult, OneOf, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};

use crate::ide;
use crate::lsp::session::{ClientFeatures, Session};
use crate::lsp::settings::Settings;

pub fn handle(session: &Session, params: InitializeParams) -> InitializeResult {
    let mut features = ClientFeatures::from_capabilities(&params.capabilities);
    features.retrigger_command = params.client_info.as_ref().is_some_and(|c| c.name.contains("Code"));
    *session.client.write().unwrap_or_else(|e| e.into_inner()) = features;
    if let Some(options) = &params.initialization_options {
        *session.settings.write().unwrap_or_else(|e| e.into_inner()) = Settings::from_json(options);
    }
    let capabilities = ServerCapabilities {
        position_encoding: Some(features.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned(), ":".to_owned()]),
            resolve_provider: Some(true),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::REFACTOR_REWRITE,
                CodeActionKind::new(ide::FIX_ALL_KIND),
            ]),
            resolve_provider: Some(features.code_action_resolve),
            ..Default::default()
        })),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: super::execute_command::COMMANDS.iter().map(|c| (*c).to_owned()).collect(),
            work_done_progress_options: Default::default(),
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        diagnostic_provider: features.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("iam-lsp".to_owned()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..Default::default()
            })
        }),
        // Custom requests the editors look for before falling back to the CLI.
        experimental: Some(serde_json::json!({ "summary": true })),
        ..Default::default()
    };
    InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "iam-lsp".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
        offset_encoding: None,
    }
}
