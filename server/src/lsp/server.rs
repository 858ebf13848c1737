//! The `LanguageServer` implementation: async glue around the handlers.
//!
//! tower-lsp-server polls up to four handler futures at once, so notifications that change a
//! document are written as plain functions returning a future: the handler's synchronous part
//! (applying the edit) runs when the future is first polled, in arrival order, before any
//! `.await`. Analyses then run in tasks of their own on the blocking pool; one whose version was
//! superseded meanwhile is skipped or dropped, so a stale result is never stored or published
//! over a newer one.
//! Requests wait for the analysis of the document's current version.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::task::JoinHandle;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionParams, CodeActionResponse, CompletionItem, CompletionParams, CompletionResponse,
    ConfigurationItem, DidChangeConfigurationParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentDiagnosticParams, DocumentDiagnosticReportResult, DocumentLink,
    DocumentLinkParams, DocumentSymbolParams, DocumentSymbolResponse, Hover, HoverParams, InitializeParams,
    InitializeResult, InitializedParams, InlayHint, InlayHintParams,
};
use tower_lsp_server::{Client, LanguageServer};

use super::document::Job;
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

    /// Runs the analyses, in order, each on the blocking pool, and pushes their diagnostics, in
    /// a task of its own: a long analysis holds none of the server's four request slots and does
    /// not delay `exit`.
    fn analyze(&self, jobs: Vec<Job>) -> JoinHandle<()> {
        let client = self.client.clone();
        let session = self.session.clone();
        tokio::spawn(async move {
            for job in jobs {
                let uri = job.uri.clone();
                let worker = session.clone();
                let stored = tokio::task::spawn_blocking(move || {
                    // Superseded before it started: the newer version's job will run.
                    if worker.generation(&job.uri) != Some(job.generation) {
                        return None;
                    }
                    let snapshot = job.run();
                    worker.store(&uri, snapshot)
                })
                .await;
                match stored {
                    Ok(publish) => push(&client, &session, publish.into_iter().collect()).await,
                    Err(err) => tracing::error!("analysis task failed: {err}"),
                }
            }
        })
    }

    /// `iam-lsp/summary`, a custom request: registered in `build_service`, not part of the trait.
    pub async fn summary(
        &self,
        params: handlers::summary::SummaryParams,
    ) -> Result<Option<handlers::summary::SummaryResult>> {
        let Some(snapshot) = self.session.fresh(&params.text_document.uri).await else { return Ok(None) };
        Ok(handlers::summary::handle(&snapshot, params))
    }

    fn push(&self, publishes: Vec<Publish>) -> impl Future<Output = ()> + Send + 'static {
        let client = self.client.clone();
        let session = self.session.clone();
        async move { push(&client, &session, publishes).await }
    }
}

/// Sends diagnostics unless a newer analysis was stored meanwhile (it publishes its own); a
/// closed document's clearing push has no generation.
async fn push(client: &Client, session: &Session, publishes: Vec<Publish>) {
    for p in publishes {
        if p.generation.is_some() && session.generation(&p.uri) != p.generation {
            continue;
        }
        client.publish_diagnostics(p.uri, p.diagnostics, p.version).await;
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
        let job = handlers::did_open::handle(&self.session, params);
        self.analyze(vec![job]);
        std::future::ready(())
    }

    fn did_change(&self, params: DidChangeTextDocumentParams) -> impl Future<Output = ()> + Send {
        let job = handlers::did_change::handle(&self.session, params);
        self.analyze(job.into_iter().collect());
        std::future::ready(())
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
        let jobs = config::apply(&self.session, &settings);
        if let Err(err) = self.analyze(jobs).await {
            tracing::error!("analysis task failed: {err}");
        }
        let features = self.session.features();
        if features.pull_diagnostics && features.diagnostic_refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
        if features.inlay_hint_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = &params.text_document_position_params.text_document.uri;
        let Some(snapshot) = self.session.fresh(uri).await else { return Ok(None) };
        Ok(handlers::hover::handle(&self.session, &snapshot, params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = &params.text_document_position.text_document.uri;
        let Some(snapshot) = self.session.fresh(uri).await else { return Ok(None) };
        Ok(handlers::completion::handle(&self.session, &snapshot, params))
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        Ok(handlers::completion::resolve(item))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(snapshot) = self.session.fresh(&params.text_document.uri).await else { return Ok(None) };
        Ok(handlers::code_action::handle(&self.session, &snapshot, params))
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        let Some(uri) = handlers::code_action::resolve_target(&action) else { return Ok(action) };
        let Some(snapshot) = self.session.fresh(&uri).await else { return Ok(action) };
        Ok(handlers::code_action::resolve(&self.session, &snapshot, action))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let Some(snapshot) = self.session.fresh(&params.text_document.uri).await else { return Ok(None) };
        Ok(handlers::document_symbol::handle(&self.session, &snapshot, params))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let Some(snapshot) = self.session.fresh(&params.text_document.uri).await else { return Ok(None) };
        Ok(handlers::document_link::handle(&self.session, &snapshot, params))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snapshot) = self.session.fresh(&params.text_document.uri).await else { return Ok(None) };
        Ok(handlers::inlay_hint::handle(&self.session, &snapshot, params))
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let snapshot = self.session.fresh(&params.text_document.uri).await;
        Ok(handlers::diagnostic::handle(&self.session, snapshot.as_deref(), params))
    }
}
