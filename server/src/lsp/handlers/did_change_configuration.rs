//! `workspace/didChangeConfiguration`: new settings, every open document analysed again.

use serde_json::Value;
use tower_lsp_server::ls_types::Uri;

use crate::lsp::session::Session;
use crate::lsp::settings::Settings;

/// Whether the notification carries the settings; clients that send `null` expect them to be
/// fetched with `workspace/configuration`.
pub fn carries_settings(settings: &Value) -> bool {
    match settings {
        Value::Null => false,
        Value::Object(map) => !map.is_empty(),
        _ => true,
    }
}

/// Replaces the settings; every open document is to be analysed again with its new options.
pub fn apply(session: &Session, settings: &Value) -> Vec<Uri> {
    *session.settings.write().unwrap_or_else(|e| e.into_inner()) = Settings::from_json(settings);
    let uris: Vec<_> = session.documents.iter().map(|d| d.key().clone()).collect();
    for uri in &uris {
        let options = session.options_for(uri);
        if let Some(mut doc) = session.documents.get_mut(uri) {
            doc.set_options(options);
        }
    }
    session.changed();
    uris
}
