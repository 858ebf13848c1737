//! The `LanguageServer` implementation: async glue around the handlers.
//!
//! tower-lsp-server polls up to four handler futures at once, so notifications that change a
//! document are written as plain functions returning a future: the handler's synchronous part
//! (applying the edit) runs when the future is first polled, in arrival order, before any
//! `.await`. Analyses then run in tasks of their own on the blocking pool; one whose version was
//! superseded meanwhile is skipped or dropped, so a stale result is never stored or published
//! over a newer one.
//! Requests wait for the analysis of the document's version as they found it; those whose
//! answer depends on positions or carries edits (hover, completion, code actions) answer
//! ContentModified rather than use another version's.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use std::time::Duration;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionParams, CodeActionResponse, CodeLens, CodeLensParams, CompletionItem, CompletionParams,
    CompletionResponse, ConfigurationItem, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentDiagnosticParams, DocumentDiagnosticReportResult,
    DocumentLink, DocumentLinkParams, DocumentSymbolParams, DocumentSymbolResponse, ExecuteCommandParams, Hover,
    HoverParams, InitializeParams, InitializeResult, InitializedParams, InlayHint, InlayHintParams, LSPAny, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use super::session::{Publish, Session};
use super::{guard, handlers};

pub struct Server {
    client: Client,
    session: Arc<Session>,
}

impl Server {
    pub fn new(client: Client, session: Arc<Session>) -> Server {
        Server { client, session }
    }

    fn schedule(&self, uris: Vec<Uri>) {
        schedule(&self.client, &self.session, uris);
    }

    /// `iam-lsp/summary`, a custom request: registered in `build_service`, not part of the trait.
    pub async fn summary(
        &self,
        params: handlers::summary::SummaryParams,
    ) -> Result<Option<handlers::summary::SummaryResult>> {
        let uri = params.text_document.uri.clone();
        let Some(snapshot) = self.session.fresh(&uri).await else { return Ok(None) };
        guard::request(&uri, "summary", || handlers::summary::handle(&snapshot))
    }

    fn push(&self, publishes: Vec<Publish>) -> impl Future<Output = ()> + Send + 'static {
        let client = self.client.clone();
        let session = self.session.clone();
        async move { push(&client, &session, publishes).await }
    }
}

/// Analyses run at most one per core: a workspace restored with hundreds of documents open would
/// otherwise give each its own blocking thread, stack and allocator cache, for no more throughput.
static ANALYSES: LazyLock<tokio::sync::Semaphore> =
    LazyLock::new(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// Analyses waiting for their turn or running (see [`schedule`]).
static PENDING: AtomicUsize = AtomicUsize::new(0);
/// Analyses run since freed memory was last given back ([`crate::allocator::return_freed`]).
static SINCE_RETURNED: AtomicUsize = AtomicUsize::new(0);
/// After how many analyses the memory they freed is given back, once no other document waits: a
/// workspace of 1,645 policies opened at once then holds 7 MiB less, and a keystroke pays for
/// fresh pages once in this many.
const RETURN_EVERY: usize = 64;

/// Counts an analysis in [`PENDING`] until it is done or not needed.
struct Pending;

impl Pending {
    fn enter() -> Pending {
        PENDING.fetch_add(1, Ordering::Relaxed);
        Pending
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        PENDING.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Analyses each document off the protocol loop, at most one analysis per document at a time:
/// a document being analysed already is left to its loop, which analyses the latest text again
/// once the running analysis ends; versions edited away meanwhile are skipped.
fn schedule(client: &Client, session: &Arc<Session>, uris: Vec<Uri>) {
    for uri in uris {
        let opening = {
            let Some(mut doc) = session.documents.get_mut(&uri) else { continue };
            if doc.analyzing {
                continue;
            }
            doc.analyzing = true;
            doc.opening
        };
        let (client, session) = (client.clone(), session.clone());
        tokio::spawn(async move {
            loop {
                // Not counted when the text was analysed already: the loop only has to end.
                let pending = session.documents.get(&uri).is_some_and(|d| !d.is_fresh()).then(Pending::enter);
                // Taken before the job, so that a document waiting for its turn is analysed as
                // it is then, not as it was.
                let Ok(permit) = ANALYSES.acquire().await else { return };
                let job = {
                    // Closed, or reopened (the new opening has a loop of its own): stop.
                    let Some(mut doc) = session.documents.get_mut(&uri) else { return };
                    if doc.opening != opening {
                        return;
                    }
                    if doc.is_fresh() {
                        doc.analyzing = false;
                        return;
                    }
                    doc.job(&uri)
                };
                let worker = session.clone();
                let stored = tokio::task::spawn_blocking(move || {
                    let uri = job.uri.clone();
                    let publish = worker.store(&uri, job.run());
                    // The last of a batch (no other analysis waits): before its diagnostics go out.
                    let analysed = SINCE_RETURNED.fetch_add(1, Ordering::Relaxed) + 1;
                    if analysed >= RETURN_EVERY && PENDING.load(Ordering::Relaxed) == usize::from(pending.is_some()) {
                        SINCE_RETURNED.store(0, Ordering::Relaxed);
                        crate::allocator::return_freed();
                    }
                    drop(pending);
                    publish
                })
                .await;
                drop(permit);
                match stored {
                    Ok(publish) => push(&client, &session, publish.into_iter().collect()).await,
                    Err(err) => {
                        tracing::error!("analysis task failed: {err}");
                        if let Some(mut doc) = session.documents.get_mut(&uri)
                            && doc.opening == opening
                        {
                            doc.analyzing = false;
                        }
                        return;
                    }
                }
            }
        });
    }
}

/// Sends diagnostics unless a newer analysis was stored meanwhile (it publishes its own), and
/// records whether the document has diagnostics on screen when one is sent; a closed
/// document's clearing push has no generation.
async fn push(client: &Client, session: &Session, publishes: Vec<Publish>) {
    for p in publishes {
        if let Some(generation) = p.generation {
            let Some(mut doc) = session.documents.get_mut(&p.uri) else { continue };
            if doc.generation != generation {
                continue;
            }
            doc.published = !p.diagnostics.is_empty();
        }
        client.publish_diagnostics(p.uri, p.diagnostics, p.version).await;
    }
}

/// How long the server waits for the client to answer one of its requests.
const CLIENT_WAIT: Duration = Duration::from_secs(10);

/// Applies new settings and analyses every document again, then asks the client to refresh
/// what depends on them, in a task of its own (the client may answer late or never).
fn reconfigure(client: &Client, session: &Arc<Session>, settings: &serde_json::Value) {
    let uris = handlers::did_change_configuration::apply(session, settings);
    schedule(client, session, uris);
    let features = session.features();
    let client = client.clone();
    tokio::spawn(async move {
        if features.pull_diagnostics && features.diagnostic_refresh {
            let _ = tokio::time::timeout(CLIENT_WAIT, client.workspace_diagnostic_refresh()).await;
        }
        if features.inlay_hint_refresh {
            let _ = tokio::time::timeout(CLIENT_WAIT, client.inlay_hint_refresh()).await;
        }
    });
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
        let uri = handlers::did_open::handle(&self.session, params);
        self.schedule(vec![uri]);
        std::future::ready(())
    }

    fn did_change(&self, params: DidChangeTextDocumentParams) -> impl Future<Output = ()> + Send {
        let uri = handlers::did_change::handle(&self.session, params);
        self.schedule(uri.into_iter().collect());
        std::future::ready(())
    }

    fn did_close(&self, params: DidCloseTextDocumentParams) -> impl Future<Output = ()> + Send {
        let publish = handlers::did_close::handle(&self.session, params);
        self.push(publish.into_iter().collect())
    }

    /// Settings carried by the notification apply at once; `null` ones (vscode-languageclient)
    /// are fetched with `workspace/configuration` in a task of its own, never awaited here: a
    /// client answering late must not hold the protocol loop, nor `exit`.
    fn did_change_configuration(&self, params: DidChangeConfigurationParams) -> impl Future<Output = ()> + Send {
        use handlers::did_change_configuration as config;
        let serial = self.session.configuration_serial.fetch_add(1, Ordering::SeqCst) + 1;
        if config::carries_settings(&params.settings) {
            reconfigure(&self.client, &self.session, &params.settings);
        } else if self.session.features().configuration {
            let (client, session) = (self.client.clone(), self.session.clone());
            tokio::spawn(async move {
                let item = ConfigurationItem { scope_uri: None, section: Some("iamLsp".to_owned()) };
                let settings = match tokio::time::timeout(CLIENT_WAIT, client.configuration(vec![item])).await {
                    Ok(Ok(mut values)) if !values.is_empty() => values.swap_remove(0),
                    Ok(Ok(_)) => return,
                    Ok(Err(err)) => return tracing::warn!("workspace/configuration failed: {err}"),
                    Err(_) => return tracing::warn!("workspace/configuration not answered in {CLIENT_WAIT:?}"),
                };
                // A newer notification came meanwhile: its settings win. Nothing usable (the
                // client has no such section): keep the settings in force.
                if session.configuration_serial.load(Ordering::SeqCst) == serial && config::carries_settings(&settings)
                {
                    reconfigure(&client, &session, &settings);
                }
            });
        }
        std::future::ready(())
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        // Positions are in the text the request was made on: never answered from another.
        let uri = params.text_document_position_params.text_document.uri.clone();
        let Some(snapshot) = self.session.as_requested(&uri).await? else { return Ok(None) };
        guard::request(&uri, "hover", || handlers::hover::handle(&self.session, &snapshot, params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        // Text edits carry no version: computed on the request's text only.
        let uri = params.text_document_position.text_document.uri.clone();
        let Some(snapshot) = self.session.as_requested(&uri).await? else { return Ok(None) };
        guard::request(&uri, "completion", || handlers::completion::handle(&self.session, &snapshot, params))
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        Ok(handlers::completion::resolve(item))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        // Fixes are edits: computed on the request's version only, and named with it.
        let uri = params.text_document.uri.clone();
        let Some(snapshot) = self.session.as_requested(&uri).await? else { return Ok(None) };
        guard::request(&uri, "code actions", || handlers::code_action::handle(&self.session, &snapshot, params))
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        let Some(uri) = handlers::code_action::resolve_target(&action) else { return Ok(action) };
        let Some(snapshot) = self.session.as_requested(&uri).await? else { return Ok(action) };
        guard::request(&uri, "fix all", || handlers::code_action::resolve(&self.session, &snapshot, action))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri.clone();
        let Some(snapshot) = self.session.fresh(&uri).await else { return Ok(None) };
        guard::request(&uri, "document symbols", || handlers::document_symbol::handle(&self.session, &snapshot))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri.clone();
        let Some(snapshot) = self.session.fresh(&uri).await else { return Ok(None) };
        guard::request(&uri, "document links", || handlers::document_link::handle(&self.session, &snapshot))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri.clone();
        let Some(snapshot) = self.session.fresh(&uri).await else { return Ok(None) };
        guard::request(&uri, "inlay hints", || handlers::inlay_hint::handle(&self.session, &snapshot, params))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.session.fresh(&uri).await else { return Ok(None) };
        guard::request(&uri, "code lenses", || handlers::code_lens::handle(&self.session, &uri, &snapshot))
    }

    /// "Simulate a request": the result is also shown, from a task of its own (the client may
    /// be slow to take the notification), on the version the lens was made for only.
    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let args = handlers::execute_command::parse(&params)?;
        let Some(snapshot) = self.session.as_requested(&args.uri).await? else { return Ok(None) };
        let (answer, kind, message) =
            guard::request(&args.uri, "simulate", || handlers::execute_command::handle(&snapshot, &args))?;
        let client = self.client.clone();
        tokio::spawn(async move { client.show_message(kind, message).await });
        answer
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let snapshot = self.session.fresh(&params.text_document.uri).await;
        Ok(handlers::diagnostic::handle(&self.session, snapshot.as_deref(), params))
    }
}
