//! The server's state: open documents, settings and what the client can do.

use std::sync::RwLock;
use std::sync::atomic::AtomicBool;

use dashmap::DashMap;
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

/// Diagnostics to push for one version of a document.
pub struct Publish {
    pub uri: Uri,
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
}

impl Session {
    pub fn features(&self) -> ClientFeatures {
        *self.client.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        self.documents.get(uri).map(|d| d.snapshot())
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.documents.get(uri).map(|d| d.version)
    }

    /// The analysis options for a document, from the settings and its path.
    pub fn options_for(&self, uri: &Uri) -> crate::checks::Options {
        let path = percent_decode(uri.path().as_str());
        self.settings.read().unwrap_or_else(|e| e.into_inner()).options_for(&path)
    }

    /// The diagnostics to push after `doc` changed, if the client does not pull them. A document
    /// that is not a policy gets none, and only a clearing push if it had some before.
    pub fn publish(&self, uri: &Uri, doc: &mut Document) -> Option<Publish> {
        let features = self.features();
        if features.pull_diagnostics {
            return None;
        }
        let policy = crate::ide::is_served(&doc.analysis);
        if !policy && !doc.published {
            return None;
        }
        doc.published = policy;
        let diagnostics = if policy {
            diagnostics::all(uri, &doc.rope, &doc.analysis.findings, features.encoding)
        } else {
            Vec::new()
        };
        Some(Publish { uri: uri.clone(), version: Some(doc.version), diagnostics })
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
