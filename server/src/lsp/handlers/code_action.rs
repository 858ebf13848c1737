//! `textDocument/codeAction` and `codeAction/resolve`: fixes, refactorings and fix-all,
//! filtered by the kinds asked for.
//!
//! Editors ask for code actions at every cursor move, and fixing everything analyses the text
//! again (several rounds), so the fix-all action is sent without its edit to clients that can
//! resolve it, and its edit is computed only when it is chosen, or asked for by kind (on save).

use serde_json::json;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use crate::ide::{self, ActionKind};
use crate::lsp::convert::Encoding;
use crate::lsp::document::Snapshot;
use crate::lsp::session::Session;
use crate::lsp::{convert, diagnostics};

const FIX_ALL_TITLE: &str = "Fix all safe issues";

pub fn handle(session: &Session, snapshot: &Snapshot, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let features = session.features();
    let range = convert::text_range(&snapshot.rope, params.range, features.encoding);
    let only = params.context.only;
    let wanted = |kind: &CodeActionKind| only.as_ref().is_none_or(|only| only.iter().any(|o| covers(o, kind)));
    let actions = ide::code_actions(&snapshot.analysis(), &snapshot.text(), range);
    let mut response: CodeActionResponse = actions
        .into_iter()
        .filter(|action| wanted(&kind(action.kind)))
        .map(|action| CodeActionOrCommand::CodeAction(to_proto(&uri, snapshot, action, features.encoding)))
        .collect();
    let fix_all_kind = CodeActionKind::new(ide::FIX_ALL_KIND);
    if wanted(&fix_all_kind) && ide::has_safe_fixes(&snapshot.analysis()) {
        if only.is_none() && features.code_action_resolve {
            response.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: FIX_ALL_TITLE.to_owned(),
                kind: Some(fix_all_kind),
                data: Some(json!({"uri": uri.as_str(), "generation": snapshot.generation})),
                ..Default::default()
            }));
        } else if let Some(action) = fix_all(snapshot) {
            response.push(CodeActionOrCommand::CodeAction(to_proto(&uri, snapshot, action, features.encoding)));
        }
    }
    Some(response)
}

/// The document a fix-all action sent without its edit was made for.
pub fn resolve_target(action: &CodeAction) -> Option<Uri> {
    action.data.as_ref()?["uri"].as_str()?.parse().ok()
}

/// Computes the edit of a fix-all action sent without it; unchanged when the document changed since.
pub fn resolve(session: &Session, snapshot: &Snapshot, mut action: CodeAction) -> CodeAction {
    let Some(uri) = resolve_target(&action) else { return action };
    if action.data.as_ref().and_then(|d| d["generation"].as_u64()) != Some(snapshot.generation) {
        return action;
    }
    if let Some(fix) = fix_all(snapshot) {
        let resolved = to_proto(&uri, snapshot, fix, session.features().encoding);
        action.title = resolved.title;
        action.edit = resolved.edit;
        action.diagnostics = resolved.diagnostics;
    }
    action
}

fn fix_all(snapshot: &Snapshot) -> Option<ide::Action> {
    ide::fix_all(&snapshot.analysis(), &snapshot.text(), &snapshot.options)
}

fn to_proto(uri: &Uri, snapshot: &Snapshot, action: ide::Action, encoding: Encoding) -> CodeAction {
    let edits = action
        .edits
        .iter()
        .map(|e| {
            OneOf::Left(TextEdit {
                range: convert::range(&snapshot.rope, e.range, encoding),
                new_text: e.new_text.clone(),
            })
        })
        .collect();
    // Versioned: a client applies the edit only to the text it was computed from.
    let edit = TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version: Some(snapshot.version) },
        edits,
    };
    let analysis = snapshot.analysis();
    let diagnostics: Vec<_> = action
        .findings
        .iter()
        .filter(|_| action.kind == ActionKind::QuickFix)
        .map(|&i| diagnostics::to_proto(uri, &snapshot.rope, &analysis.findings[i], encoding))
        .collect();
    CodeAction {
        title: action.title,
        kind: Some(kind(action.kind)),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(WorkspaceEdit { document_changes: Some(DocumentChanges::Edits(vec![edit])), ..Default::default() }),
        is_preferred: action.preferred.then_some(true),
        ..Default::default()
    }
}

fn kind(kind: ActionKind) -> CodeActionKind {
    match kind {
        ActionKind::QuickFix => CodeActionKind::QUICKFIX,
        ActionKind::RefactorRewrite => CodeActionKind::REFACTOR_REWRITE,
        ActionKind::SourceFixAll => CodeActionKind::new(ide::FIX_ALL_KIND),
    }
}

/// Kinds are hierarchical: `source.fixAll` asks for `source.fixAll.iam-lsp` too.
fn covers(requested: &CodeActionKind, kind: &CodeActionKind) -> bool {
    let (r, k) = (requested.as_str(), kind.as_str());
    k == r || (k.starts_with(r) && k.as_bytes().get(r.len()) == Some(&b'.'))
}
