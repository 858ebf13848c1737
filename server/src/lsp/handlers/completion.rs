//! `textDocument/completion` and `completionItem/resolve`: every item carries a `textEdit` over
//! the whole string being typed. Long lists (a service's actions) are cut to the best
//! [`MAX_ITEMS`] and marked incomplete, so the client asks again as the user types; action
//! descriptions are sent on resolve. Both keep the response small enough to stay fast.

use tower_lsp_server::ls_types::{
    Command, CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
    CompletionTextEdit, Documentation, InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use crate::ide::{self, CompletionConfig, CompletionKind};
use crate::lsp::convert;
use crate::lsp::document::Snapshot;
use crate::lsp::session::Session;

/// Items sent at once; the list is sorted best first.
const MAX_ITEMS: usize = 200;

pub fn handle(session: &Session, snapshot: &Snapshot, params: CompletionParams) -> Option<CompletionResponse> {
    let position = params.text_document_position;
    let features = session.features();
    let offset = convert::offset(&snapshot.rope, position.position, features.encoding);
    let config = CompletionConfig { snippets: features.snippets };
    let items = ide::completions(&snapshot.analysis(), &snapshot.text(), offset, config);
    if items.is_empty() {
        return None;
    }
    let incomplete = items.len() > MAX_ITEMS;
    let items = items
        .into_iter()
        .take(MAX_ITEMS)
        .map(|item| CompletionItem {
            kind: Some(kind(item.kind)),
            detail: item.detail,
            documentation: item.documentation.filter(|_| item.kind != CompletionKind::Action).map(markdown),
            sort_text: Some(item.sort_text),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: convert::range(&snapshot.rope, item.range, features.encoding),
                new_text: item.new_text,
            })),
            insert_text_format: item.snippet.then_some(InsertTextFormat::SNIPPET),
            command: (item.retrigger && features.retrigger_command).then(|| Command {
                title: "Suggest".to_owned(),
                command: "editor.action.triggerSuggest".to_owned(),
                arguments: None,
            }),
            label: item.label,
            ..Default::default()
        })
        .collect();
    Some(CompletionResponse::List(CompletionList { is_incomplete: incomplete, items }))
}

/// Adds an action's description, left out of the list.
pub fn resolve(mut item: CompletionItem) -> CompletionItem {
    if item.kind == Some(CompletionItemKind::FUNCTION)
        && item.documentation.is_none()
        && let Some(action) = crate::catalog::catalog().action(&item.label)
    {
        item.documentation = Some(markdown(action.action.description().to_owned()));
    }
    item
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })
}

fn kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Element => CompletionItemKind::PROPERTY,
        CompletionKind::Value => CompletionItemKind::VALUE,
        CompletionKind::Service => CompletionItemKind::MODULE,
        CompletionKind::Action => CompletionItemKind::FUNCTION,
        CompletionKind::Wildcard => CompletionItemKind::CONSTANT,
        CompletionKind::Operator => CompletionItemKind::OPERATOR,
        CompletionKind::ConditionKey => CompletionItemKind::FIELD,
        CompletionKind::Arn => CompletionItemKind::REFERENCE,
        CompletionKind::Principal => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Snippet => CompletionItemKind::SNIPPET,
    }
}
