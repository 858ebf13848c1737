//! `textDocument/codeAction`: fixes, refactorings and fix-all, filtered by the kinds asked for.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, TextEdit, WorkspaceEdit,
};

use crate::ide::{self, ActionKind};
use crate::lsp::session::Session;
use crate::lsp::{convert, diagnostics, guard};

pub fn handle(session: &Session, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let snapshot = session.snapshot(&uri)?;
    let encoding = session.features().encoding;
    let range = convert::text_range(&snapshot.rope, params.range, encoding);
    let actions = guard::catch(&uri, "code actions", || {
        ide::code_actions(&snapshot.analysis, &snapshot.text, range, &snapshot.options)
    })?;
    let only = params.context.only;
    let response: CodeActionResponse = actions
        .into_iter()
        .filter_map(|action| {
            let kind = kind(action.kind);
            if let Some(only) = &only
                && !only.iter().any(|o| covers(o, &kind))
            {
                return None;
            }
            let edits = action
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: convert::range(&snapshot.rope, e.range, encoding),
                    new_text: e.new_text.clone(),
                })
                .collect();
            let diagnostics = action
                .findings
                .iter()
                .filter(|_| action.kind == ActionKind::QuickFix)
                .map(|&i| diagnostics::to_proto(&uri, &snapshot.rope, &snapshot.analysis.findings[i], encoding))
                .collect::<Vec<_>>();
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title,
                kind: Some(kind),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: action.preferred.then_some(true),
                ..Default::default()
            }))
        })
        .collect();
    Some(response)
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
