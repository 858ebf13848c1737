//! `textDocument/completion`: every item carries a `textEdit` over the whole string being typed.

use tower_lsp_server::ls_types::{
    Command, CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use crate::ide::{self, CompletionConfig, CompletionKind};
use crate::lsp::session::Session;
use crate::lsp::{convert, guard};

pub fn handle(session: &Session, params: CompletionParams) -> Option<CompletionResponse> {
    let position = params.text_document_position;
    let uri = position.text_document.uri;
    let snapshot = session.snapshot(&uri)?;
    let features = session.features();
    let offset = convert::offset(&snapshot.rope, position.position, features.encoding);
    let config = CompletionConfig { snippets: features.snippets };
    let items =
        guard::catch(&uri, "completion", || ide::completions(&snapshot.analysis, &snapshot.text, offset, config))?;
    if items.is_empty() {
        return None;
    }
    let items = items
        .into_iter()
        .map(|item| CompletionItem {
            kind: Some(kind(item.kind)),
            detail: item.detail,
            documentation: item
                .documentation
                .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
            sort_text: Some(item.sort_text),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: convert::range(&snapshot.rope, item.range, features.encoding),
                new_text: item.new_text,
            })),
            insert_text_format: Some(if item.snippet {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            command: (item.retrigger && features.retrigger_command).then(|| Command {
                title: "Suggest".to_owned(),
                command: "editor.action.triggerSuggest".to_owned(),
                arguments: None,
            }),
            label: item.label,
            ..Default::default()
        })
        .collect();
    Some(CompletionResponse::Array(items))
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
