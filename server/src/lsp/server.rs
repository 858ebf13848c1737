//! The `LanguageServer` implementation: async glue around the handlers.
//!
//! tower-lsp-server polls up to four handler futures at once, so notifications that change a
//! document are written as plain functions returning a future: the handler's synchronous part
//! (edit + analysis) runs when the future is first polled, in arrival order, before any `.await`.
//! Publishing then checks the version so that a stale result never follows a newer one.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionParams, CodeActionResponse, CompletionItem, CompletionParams, CompletionResponse,
    ConfigurationItem, DidChangeConfigurationParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentDiagnosticParams, DocumentDiagnosticReportResult, DocumentLink,
    DocumentLinkParams, DocumentSymbolParams, DocumentSymbolResponse, Hover, HoverParams, InitializeParams,
    InitializeResult, InitializedParams, InlayHint, InlayHintParams,
};
use tower_lsp_server::{Client, LanguageServer};

use super::handlers;
use super::session::{Publish, Session};

pub struct Server {
    client: Client,
    session: Arc<Session>,
}

impl Server {
    pub fn new(client: Client, session: Arc<Session>) -> Server {
        Server { client, session }
    }

    /// Sends diagnostics unless a newer version of the document was applied meanwhile (its own
    /// handler then publishes); a closed document's clearing push has no version.
    fn push(&self, publishes: Vec<Publish>) -> impl Future<Output = ()> + Send + 'static {
        let client = self.client.clone();
        let session = self.session.clone();
        async move {
            for p in publishes {
                if p.version.is_some() && session.version(&p.uri) != p.version {
                    continue;
                }
                client.publish_diagnostics(p.uri, p.diagnostics, p.version).await;
            }
        }
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(handlers::initialize::handle(&self.session, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        // Decode the catalog's index off the request path, so the first hover finds it ready.
        tokio::task::spawn_blocking(|| {
            crate::catalog::catalog();
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.session.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    fn did_open(&self, params: DidOpenTextDocumentParams) -> impl Future<Output = ()> + Send {
        let publish = handlers::did_open::handle(&self.session, params);
        self.push(publish.into_iter().collect())
    }

    fn did_change(&self, params: DidChangeTextDocumentParams) -> impl Future<Output = ()> + Send {
        let publish = handlers::did_change::handle(&self.session, params);
        self.push(publish.into_iter().collect())
    }

    fn did_close(&self, params: DidCloseTextDocumentParams) -> impl Future<Output = ()> + Send {
        let publish = handlers::did_close::handle(&self.session, params);
        self.push(publish.into_iter().collect())
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        use handlers::did_change_configuration as config;
        let mut settings = Some(params.settings).filter(config::carries_settings);
        if settings.is_none() && self.session.features().configuration {
            let item = ConfigurationItem { scope_uri: None, section: Some("iamLsp".to_owned()) };
            match self.client.configuration(vec![item]).await {
                Ok(mut values) if !values.is_empty() => settings = Some(values.swap_remove(0)),
                Ok(_) => {}
                Err(err) => tracing::warn!("workspace/configuration failed: {err}"),
            }
        }
        // Nothing usable (the client has no such section): keep the settings in force.
        let Some(settings) = settings.filter(config::carries_settings) else { return };
        let publishes = config::apply(&self.session, &settings);
        self.push(publishes).await;
        let features = self.session.features();
        if features.pull_diagnostics && features.diagnostic_refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
        if features.inlay_hint_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(handlers::hover::handle(&self.session, params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        Ok(handlers::completion::handle(&self.session, params))
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        Ok(handlers::completion::resolve(item))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(handlers::code_action::handle(&self.session, params))
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        Ok(handlers::code_action::resolve(&self.session, action))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        Ok(handlers::document_symbol::handle(&self.session, params))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        Ok(handlers::document_link::handle(&self.session, params))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        Ok(handlers::inlay_hint::handle(&self.session, params))
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        Ok(handlers::diagnostic::handle(&self.session, params))
    }
}
