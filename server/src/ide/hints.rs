//! Inlay hints: after a wildcard action, how many actions it matches.

use crate::catalog;
use crate::checks::Analysis;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown: right after the string.
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
}

/// Hints for wildcard actions whose string ends within `start..=end`.
pub fn inlay_hints(analysis: &Analysis, start: usize, end: usize) -> Vec<InlayHint> {
    let catalog = catalog::catalog();
    let mut out = Vec::new();
    for statement in analysis.document.statements() {
        if statement.range.end < start || statement.range.start > end {
            continue;
        }
        let Some((list, _)) = statement.actions() else { continue };
        for item in &list.items {
            if !item.value.contains(['*', '?']) || item.range.end < start || item.range.end > end {
                continue;
            }
            let matched = catalog.matching_actions(&item.value);
            let label = match matched.len() {
                0 => continue,
                1 => "1 action".to_owned(),
                n => format!("{n} actions"),
            };
            let shown: Vec<String> = matched.iter().take(10).map(|a| a.full_name()).collect();
            let more = if matched.len() > 10 { format!("\nand {} more", matched.len() - 10) } else { String::new() };
            out.push(InlayHint { offset: item.range.end, label, tooltip: Some(format!("{}{more}", shown.join("\n"))) });
        }
    }
    out
}
