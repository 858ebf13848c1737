//! `iam-lsp catalog`.

use serde_json::json;

use crate::catalog::catalog;

use super::DocFormat;

pub(super) fn render(format: DocFormat) -> String {
    let c = catalog();
    let stats = c.stats();
    let sources: Vec<_> =
        c.sources().iter().map(|s| json!({"name": s.name, "version": s.version, "license": s.license})).collect();
    match format {
        DocFormat::Json => {
            let doc = json!({
                "services": stats.services,
                "actions": stats.actions,
                "resource_types": stats.resource_types,
                "condition_keys": stats.condition_keys,
                "global_condition_keys": stats.global_condition_keys,
                "sources": sources,
                "data_date": c.data_date(),
            });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        DocFormat::Human | DocFormat::Markdown => {
            let mut out = format!(
                "services               {}\nactions                {}\nresource types         {}\n\
                 condition keys         {}\nglobal condition keys  {}\ndata date              {}\nsources:\n",
                stats.services,
                stats.actions,
                stats.resource_types,
                stats.condition_keys,
                stats.global_condition_keys,
                c.data_date()
            );
            for s in c.sources() {
                out.push_str(&format!("  {} {} ({})\n", s.name, s.version, s.license));
            }
            out
        }
    }
}
