//! Document links: actions to their API reference, service prefixes to the Service
//! Authorization Reference.

use crate::catalog;
use crate::checks::Analysis;
use crate::syntax::TextRange;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub range: TextRange,
    pub target: String,
    pub tooltip: String,
}

pub fn links(analysis: &Analysis) -> Vec<Link> {
    let catalog = catalog::catalog();
    let mut out = Vec::new();
    for statement in analysis.document.statements() {
        let Some((list, _)) = statement.actions() else { continue };
        for item in &list.items {
            let Some((prefix, name)) = item.value.split_once(':') else { continue };
            let Some(service) = catalog.service(prefix) else { continue };
            let content = item.inner_range();
            // Escapes would shift offsets inside the literal; such names are invalid anyway.
            if content.len() != item.value.len() {
                continue;
            }
            out.push(Link {
                range: TextRange::new(content.start, content.start + prefix.len()),
                target: service.doc_url.to_owned(),
                tooltip: format!("{}: Service Authorization Reference", service.name),
            });
            if let Some(action) = service.action(name) {
                out.push(Link {
                    range: TextRange::new(content.start + prefix.len() + 1, content.end),
                    target: action.api_doc_url().unwrap_or(service.doc_url).to_owned(),
                    tooltip: format!("{}:{} API reference", service.prefix, action.name()),
                });
            }
        }
    }
    out
}
