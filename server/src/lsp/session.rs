//! The server's state: open documents, settings and what the client can do.

use std::collections::VecDeque;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use dashmap::DashMap;
use tokio::sync::Notify;
use tower_lsp_server::ls_types::{ClientCapabilities, Diagnostic, Uri};

use super::convert::Encoding;
use super::diagnostics;
use super::document::{Document, Snapshot};
use super::settings::Settings;

/// What the client told `initialize` it supports.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFeatures {
    pub encoding: Encoding,
    pub snippets: bool,
    /// Pull diagnostics (`textDocument/diagnostic`); then nothing is pushed.
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub inlay_hint_refresh: bool,
    pub configuration: bool,
    /// The client runs `editor.action.triggerSuggest` (VS Code), to complete again after `s3:`.
    pub retrigger_command: bool,
    /// `codeAction/resolve` can fill in an action's edit.
    pub code_action_resolve: bool,
}

impl ClientFeatures {
    pub fn from_capabilities(caps: &ClientCapabilities) -> ClientFeatures {
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        ClientFeatures {
            encoding: Encoding::negotiate(caps.general.as_ref().and_then(|g| g.position_encodings.as_deref())),
            snippets: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            pull_diagnostics: text.and_then(|t| t.diagnostic.as_ref()).is_some(),
            diagnostic_refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            retrigger_command: false,
            code_action_resolve: text
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        }
    }
}

/// How long a request waits for the analysis of the current text before using the latest one.
pub const FRESH_WAIT: Duration = Duration::from_millis(1500);

/// The document changed while a request waited: the JSON-RPC error `ContentModified` (-32801).
#[derive(Debug)]
pub struct ContentModified;

impl From<ContentModified> for tower_lsp_server::jsonrpc::Error {
    fn from(_: ContentModified) -> Self {
        tower_lsp_server::jsonrpc::Error {
            code: tower_lsp_server::jsonrpc::ErrorCode::ServerError(-32801),
            message: "the document changed before its analysis was done".into(),
            data: None,
        }
    }
}

/// Diagnostics to push for one version of a document.
pub struct Publish {
    pub uri: Uri,
    /// The analysed generation, to check that nothing newer was stored meanwhile (`None`: a
    /// closed document's clearing push).
    pub generation: Option<u64>,
    pub version: Option<i32>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct Session {
    pub documents: DashMap<Uri, Document>,
    pub settings: RwLock<Settings>,
    pub client: RwLock<ClientFeatures>,
    /// `shutdown` came before `exit`: the process then exits with status 0.
    pub shut_down: AtomicBool,
    /// Signalled whenever an analysis is stored or a document changes or closes.
    analyzed: Notify,
    /// Counts `workspace/didChangeConfiguration` notifications: settings fetched for one are
    /// applied only if no newer one came meanwhile.
    pub configuration_serial: std::sync::atomic::AtomicU64,
    /// The documents analysed or asked about last, the latest first: only these keep their
    /// analyses whole (see [`RETAINED`]).
    recent: Mutex<VecDeque<Uri>>,
}

/// How many documents keep their syntax tree and policy model between uses; the others keep
/// their findings and rebuild the rest when asked (rust-analyzer keeps 128 parse trees the same
/// way). A workspace of every managed policy then fits in a fraction of the memory.
pub const RETAINED: usize = 32;

impl Session {
    pub fn features(&self) -> ClientFeatures {
        *self.client.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The analysis of the document's current version, once it is done; `None` for a document
    /// that is not open. An analysis that takes longer than [`FRESH_WAIT`] (a huge document) is
    /// not waited for: the latest stored one is used, with its own text, so no request hangs.
    pub async fn fresh(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        let snapshot = match tokio::time::timeout(FRESH_WAIT, self.wait_fresh(uri)).await {
            Ok(snapshot) => snapshot,
            Err(_) => self.documents.get(uri).map(|d| d.analyzed.clone()),
        };
        if snapshot.is_some() {
            self.used(uri);
        }
        snapshot
    }

    /// The analysis of the document as the request found it, for what must not be computed
    /// from another text: positions in the request refer to that one, and edits name its
    /// version. `Err` (to answer ContentModified) when the document changes first or that
    /// analysis is not done within [`FRESH_WAIT`]; `Ok(None)` for a document that is not open.
    /// Called when the request's handler first runs, which is after every notification that
    /// came before it and before any that came after.
    pub async fn as_requested(&self, uri: &Uri) -> Result<Option<Arc<Snapshot>>, ContentModified> {
        let Some(generation) = self.generation(uri) else { return Ok(None) };
        let wait = async {
            loop {
                let notified = self.analyzed.notified();
                tokio::pin!(notified);
                // Registered before looking, so a change in between is not missed.
                notified.as_mut().enable();
                {
                    let Some(doc) = self.documents.get(uri) else { return Ok(None) };
                    if doc.generation != generation {
                        return Err(ContentModified);
                    }
                    if doc.analyzed.generation == generation {
                        return Ok(Some(doc.analyzed.clone()));
                    }
                }
                notified.await;
            }
        };
        let snapshot = tokio::time::timeout(FRESH_WAIT, wait).await.unwrap_or(Err(ContentModified));
        if let Ok(Some(_)) = snapshot {
            self.used(uri);
        }
        snapshot
    }

    /// Marks the document as the one used last; the analysis of the one used longest ago among
    /// more than [`RETAINED`] is released. Never called with a document entry locked.
    fn used(&self, uri: &Uri) {
        let evicted = {
            let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            if recent.front() != Some(uri) {
                recent.retain(|u| u != uri);
                recent.push_front(uri.clone());
            }
            if recent.len() > RETAINED { recent.pop_back() } else { None }
        };
        if let Some(doc) = evicted.and_then(|uri| self.documents.get(&uri)) {
            doc.analyzed.release();
        }
    }

    /// Wakes the requests waiting on a document that changed, for them to see it.
    pub fn changed(&self) {
        self.analyzed.notify_waiters();
    }

    async fn wait_fresh(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        loop {
            let notified = self.analyzed.notified();
            tokio::pin!(notified);
            // Registered before looking, so a store in between is not missed.
            notified.as_mut().enable();
            {
                let doc = self.documents.get(uri)?;
                if doc.is_fresh() {
                    return Some(doc.analyzed.clone());
                }
            }
            notified.await;
        }
    }

    /// Keeps an analysis if it is of the document's current version (a newer edit makes it
    /// worthless: its own analysis follows), and says what to push.
    pub fn store(&self, uri: &Uri, snapshot: Snapshot) -> Option<Publish> {
        let publish = {
            let mut doc = self.documents.get_mut(uri)?;
            if doc.generation != snapshot.generation {
                return None;
            }
            doc.analyzed = Arc::new(snapshot);
            self.publish(uri, &doc)
        };
        self.analyzed.notify_waiters();
        self.used(uri);
        publish
    }

    /// Forgets a document; requests waiting for its analysis give up.
    pub fn close(&self, uri: &Uri) -> Option<Document> {
        let doc = self.documents.remove(uri).map(|(_, d)| d);
        self.recent.lock().unwrap_or_else(|e| e.into_inner()).retain(|u| u != uri);
        self.analyzed.notify_waiters();
        doc
    }

    pub fn generation(&self, uri: &Uri) -> Option<u64> {
        self.documents.get(uri).map(|d| d.generation)
    }

    /// The analysis options for a document, from the settings and its path.
    pub fn options_for(&self, uri: &Uri) -> crate::checks::Options {
        let path = percent_decode(uri.path().as_str());
        self.settings.read().unwrap_or_else(|e| e.into_inner()).options_for(&path)
    }

    /// The diagnostics to push after `doc` changed, if the client does not pull them. A document
    /// that is not a policy gets none, and only a clearing push if it had some before
    /// (`published` is set by the push itself, when it is sent: a push skipped for a newer
    /// version leaves it as it was).
    pub fn publish(&self, uri: &Uri, doc: &Document) -> Option<Publish> {
        let features = self.features();
        if features.pull_diagnostics {
            return None;
        }
        let analyzed = &doc.analyzed;
        let policy = crate::ide::is_served(&analyzed.analysis());
        if !policy && !doc.published {
            return None;
        }
        let diagnostics = if policy {
            let report_json_syntax = self.settings.read().unwrap_or_else(|e| e.into_inner()).report_json_syntax;
            diagnostics::all(uri, &analyzed.rope, &analyzed.analysis(), features.encoding, report_json_syntax)
        } else {
            Vec::new()
        };
        let (version, generation) = (Some(analyzed.version), Some(analyzed.generation));
        Some(Publish { uri: uri.clone(), generation, version, diagnostics })
    }
}

/// `%20` and friends in a URI path, for matching globs against file names.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Options;

    fn session_with(text: &str) -> (Session, Uri) {
        let session = Session::default();
        let uri: Uri = "file:///p.json".parse().unwrap();
        session.documents.insert(uri.clone(), Document::open(text, 1, Options::default()));
        (session, uri)
    }

    #[test]
    fn a_stale_analysis_is_neither_stored_nor_published() {
        let (session, uri) = session_with("{\"Version\": \"2012-10-17\", \"Statement\": [],}");
        let stale = session.documents.get(&uri).unwrap().job(&uri);
        session.documents.get_mut(&uri).unwrap().set_options(Options::default());
        let current = session.documents.get(&uri).unwrap().job(&uri);
        assert!(session.store(&uri, stale.run()).is_none());
        assert!(!session.documents.get(&uri).unwrap().is_fresh());
        let publish = session.store(&uri, current.run()).expect("the current analysis is pushed");
        assert_eq!((publish.version, publish.diagnostics.is_empty()), (Some(1), false));
        assert!(session.documents.get(&uri).unwrap().is_fresh());
    }

    #[tokio::test]
    async fn only_the_documents_used_last_keep_their_analyses_whole() {
        let session = Session::default();
        let uris: Vec<Uri> = (0..=RETAINED).map(|i| format!("file:///p{i}.json").parse().unwrap()).collect();
        for uri in &uris {
            let doc = Document::open("{\"Version\": \"2012-10-17\", \"Statement\": []}", 1, Options::default());
            let job = doc.job(uri);
            session.documents.insert(uri.clone(), doc);
            session.store(uri, job.run());
        }
        let released = |i: usize| session.documents.get(&uris[i]).unwrap().analyzed.is_released();
        assert!(released(0) && (1..=RETAINED).all(|i| !released(i)));
        // Asked about, the first is rebuilt and the one used longest ago released instead.
        let first = session.fresh(&uris[0]).await.unwrap();
        assert!(first.analysis().is_policy());
        assert!(!released(0) && released(1));
    }

    #[tokio::test]
    async fn requests_wait_for_the_current_analysis_but_not_forever() {
        let (session, uri) = session_with("{\"Version\": \"2012-10-17\", \"Statement\": []}");
        // Never analysed: after the wait, the placeholder of an empty text.
        let stale = session.fresh(&uri).await.unwrap();
        assert_eq!((stale.generation, &*stale.text()), (0, ""));
        assert!(session.as_requested(&uri).await.is_err(), "never computed from an older version");
        let job = session.documents.get(&uri).unwrap().job(&uri);
        let generation = job.generation;
        session.store(&uri, job.run());
        assert_eq!(session.fresh(&uri).await.unwrap().generation, generation);
        assert_eq!(session.as_requested(&uri).await.unwrap().unwrap().generation, generation);
        assert!(session.fresh(&"file:///other.json".parse().unwrap()).await.is_none());
        assert!(session.as_requested(&"file:///other.json".parse().unwrap()).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_request_is_never_answered_from_a_text_edited_after_it_came() {
        let (session, uri) = session_with("{\"Version\": \"2012-10-17\", \"Statement\": []}");
        let job = session.documents.get(&uri).unwrap().job(&uri);
        let waiting = session.as_requested(&uri);
        tokio::pin!(waiting);
        assert!(futures::FutureExt::now_or_never(waiting.as_mut()).is_none(), "the analysis is not done yet");
        // An edit comes before the analysis of the request's version is stored.
        session.documents.get_mut(&uri).unwrap().set_options(Options::default());
        session.changed();
        session.store(&uri, job.run());
        assert!(waiting.await.is_err(), "ContentModified, not the newer text's analysis");
    }

    #[test]
    fn a_document_that_is_not_a_policy_gets_no_push() {
        let (session, uri) = session_with("{\"name\": \"demo\",}");
        let job = session.documents.get(&uri).unwrap().job(&uri);
        assert!(session.store(&uri, job.run()).is_none());
        assert!(session.documents.get(&uri).unwrap().is_fresh());
    }
}
