//! Code actions: each finding's fixes, fixing everything safe at once, and refactorings of
//! action and resource lists.

use crate::catalog;
use crate::checks::{self, Analysis, Edit, Options};
use crate::host::{Format, Quote};
use crate::policy::{Statement, StrList};
use crate::syntax::{Style, TextRange};

/// The `source.fixAll` kind this server offers, so editors can run it on save.
pub const FIX_ALL_KIND: &str = "source.fixAll.iam-lsp";

/// Wildcards matching more actions than this are not offered for expansion.
const MAX_EXPANSION: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    RefactorRewrite,
    /// [`FIX_ALL_KIND`].
    SourceFixAll,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<Edit>,
    /// Indices into `analysis.findings` of the findings this action fixes.
    pub findings: Vec<usize>,
    pub preferred: bool,
}

/// Actions for the selection `range`: fixes of the findings it touches and refactorings at its
/// start. Fixing everything is [`fix_all`], apart because it analyses the text again.
pub fn code_actions(analysis: &Analysis, text: &str, range: TextRange) -> Vec<Action> {
    if !super::is_served(analysis) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, finding) in analysis.findings.iter().enumerate() {
        let touches = finding.range.start <= range.end && range.start <= finding.range.end;
        if !touches {
            continue;
        }
        let best = finding.fixes.iter().position(|f| f.safe).or((finding.fixes.len() == 1).then_some(0));
        for (j, fix) in finding.fixes.iter().enumerate() {
            out.push(Action {
                title: fix.title.clone(),
                kind: ActionKind::QuickFix,
                edits: fix.edits.clone(),
                findings: vec![i],
                preferred: best == Some(j),
            });
        }
    }
    out.extend(refactors(analysis, text, range.start));
    out
}

/// Whether [`fix_all`] has anything to do; cheap.
pub fn has_safe_fixes(analysis: &Analysis) -> bool {
    super::is_served(analysis) && analysis.findings.iter().any(|f| f.fixes.iter().any(|x| x.safe))
}

/// Every safe fix, as one edit over the part of the document that changes (`None` when nothing
/// changes). `options` must be those `analysis` was made with.
pub fn fix_all(analysis: &Analysis, text: &str, options: &Options) -> Option<Action> {
    if !super::is_served(analysis) {
        return None;
    }
    let fixable: Vec<usize> =
        analysis.findings.iter().enumerate().filter(|(_, f)| f.fixes.iter().any(|x| x.safe)).map(|(i, _)| i).collect();
    if fixable.is_empty() {
        return None;
    }
    let fixed = checks::fix_all(text, options);
    if fixed.text == text {
        return None;
    }
    Some(Action {
        title: format!("Fix all safe issues ({})", fixed.applied.len()),
        kind: ActionKind::SourceFixAll,
        edits: vec![minimal_edit(text, &fixed.text)],
        findings: fixable,
        preferred: false,
    })
}

/// One edit turning `old` into `new`: the changed middle, common prefix and suffix kept.
fn minimal_edit(old: &str, new: &str) -> Edit {
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Edit::replace(TextRange::new(prefix, old.len() - suffix), &new[prefix..new.len() - suffix])
}

/// Refactorings of the list under the cursor, written in the host's syntax.
fn refactors(analysis: &Analysis, text: &str, offset: usize) -> Vec<Action> {
    let Some(statement) = analysis.document.statement_at(offset) else { return Vec::new() };
    let yaml = analysis.format == Format::Yaml;
    let mut out = Vec::new();
    for (list, is_action) in lists(statement) {
        if !(list.key.contains_inclusive(offset) || list.range.contains_inclusive(offset)) {
            continue;
        }
        // A YAML list also holding what is no string (`!GetAtt Queue.Arn`) or comments would lose
        // them when rewritten.
        if yaml && !only_strings(text, list) {
            continue;
        }
        if is_action
            && let Some(item) = list.items.iter().find(|s| s.range.contains_inclusive(offset))
            && item.value.contains(['*', '?'])
            && &*item.value != "*"
            && let Some(action) = expand(analysis.format, text, list, item.range, &item.value)
        {
            out.push(action);
        }
        if let Some(action) = sort_dedupe(analysis.format, text, list, is_action) {
            out.push(action);
        }
        if !list.is_array && list.items.len() == 1 {
            let item = &list.items[0];
            let new_text = match analysis.format {
                Format::Json => checks::edit::string_array(&[&item.value], None),
                // A flow sequence (an HCL tuple) is valid wherever a scalar is; the item keeps its
                // quotes and escapes.
                Format::Yaml | Format::Hcl => format!("[{}]", &text[item.range.start..item.range.end]),
            };
            out.push(Action {
                title: "Convert to an array".to_owned(),
                kind: ActionKind::RefactorRewrite,
                edits: vec![Edit::replace(list.range, new_text)],
                findings: Vec::new(),
                preferred: false,
            });
        }
    }
    out
}

/// The list's text is its string items and the punctuation between them only.
fn only_strings(text: &str, list: &StrList) -> bool {
    let mut at = list.range.start;
    let mut rest = String::new();
    for item in &list.items {
        if item.range.start < at || !list.range.contains_range(item.range) {
            return false;
        }
        rest.push_str(&text[at..item.range.start]);
        at = item.range.end;
    }
    rest.push_str(&text[at..list.range.end]);
    rest.chars().all(|c| matches!(c, '[' | ']' | ',' | '-' | ' ' | '\t' | '\n' | '\r'))
}

/// A YAML block sequence (`- a` lines) rather than a flow one (`[a, b]`) or a scalar.
fn is_block(text: &str, list: &StrList) -> bool {
    list.is_array && text[list.range.start..].starts_with('-')
}

/// The column of the `-` that introduces the block sequence item at `at`.
fn dash_column(text: &str, at: usize) -> usize {
    let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line..at].rfind('-').unwrap_or(0)
}

/// Items as a YAML sequence replacing `list`'s value: block items at the list's own indentation
/// when it is a block sequence, a block below the key for many items in place of a scalar, a
/// flow sequence otherwise.
fn yaml_sequence(text: &str, list: &StrList, items: &[String]) -> String {
    let style = Style::detect(text);
    if is_block(text, list) {
        let indent = " ".repeat(dash_column(text, list.range.start + 1));
        return items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join(&format!("{}{indent}", style.newline));
    }
    if !list.is_array && items.len() > 3 {
        let indent = format!("{}{}", Style::line_indent(text, list.key.start), style.indent);
        return items.iter().map(|i| format!("{}{indent}- {i}", style.newline)).collect();
    }
    format!("[{}]", items.join(", "))
}

/// The statement's string lists, with whether each names actions.
fn lists(statement: &Statement) -> Vec<(&StrList, bool)> {
    [
        (statement.action.as_ref(), true),
        (statement.not_action.as_ref(), true),
        (statement.resource.as_ref(), false),
        (statement.not_resource.as_ref(), false),
    ]
    .into_iter()
    .filter_map(|(l, is_action)| Some((l?, is_action)))
    .collect()
}

/// The layout of a list's value: `Some(indent of its line)` when its items are on separate lines.
fn multiline<'t>(text: &'t str, list: &StrList) -> Option<(&'t str, Style)> {
    let value = &text[list.range.start..list.range.end];
    value.contains('\n').then(|| (Style::line_indent(text, list.range.start), Style::detect(text)))
}

fn expand(format: Format, text: &str, list: &StrList, item: TextRange, pattern: &str) -> Option<Action> {
    let mut names: Vec<String> = catalog::catalog().matching_actions(pattern).iter().map(|a| a.full_name()).collect();
    if names.is_empty() || names.len() > MAX_EXPANSION {
        return None;
    }
    names.sort_unstable_by_key(|n| n.to_ascii_lowercase());
    let edit = if format == Format::Yaml {
        let written: Vec<String> = names.iter().map(|n| format.scalar(n, Quote::None)).collect();
        if list.is_array {
            // The one item becomes several, separated as the sequence separates its items.
            let separator = if is_block(text, list) {
                format!("{}{}- ", Style::detect(text).newline, " ".repeat(dash_column(text, item.start)))
            } else {
                ", ".to_owned()
            };
            Edit::replace(item, written.join(&separator))
        } else {
            Edit::replace(list.range, yaml_sequence(text, list, &written))
        }
    } else if list.is_array {
        // Replace the one item by several, separated as the list separates its items.
        let separator = match multiline(text, list) {
            Some(_) => format!(",{}{}", Style::detect(text).newline, Style::line_indent(text, item.start)),
            None => ", ".to_owned(),
        };
        let items: Vec<String> = names.iter().map(|n| checks::edit::json_string(n)).collect();
        Edit::replace(item, items.join(&separator))
    } else {
        let indent = Style::line_indent(text, list.key.start);
        let style = Style::detect(text);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        Edit::replace(list.range, checks::edit::string_array(&refs, Some((indent, &style))))
    };
    Some(Action {
        title: match names.len() {
            1 => format!("Expand `{pattern}` into its one action"),
            n => format!("Expand `{pattern}` into {n} actions"),
        },
        kind: ActionKind::RefactorRewrite,
        edits: vec![edit],
        findings: Vec::new(),
        preferred: false,
    })
}

fn sort_dedupe(format: Format, text: &str, list: &StrList, is_action: bool) -> Option<Action> {
    // A list combined from repeated keys spans several values: rewriting one would lose the others.
    if !list.is_array || list.items.len() < 2 || !list.items.iter().all(|s| list.range.contains_range(s.range)) {
        return None;
    }
    let current: Vec<&str> = list.items.iter().map(|s| &*s.value).collect();
    let mut sorted = current.clone();
    if is_action {
        // Action names are case-insensitive: `s3:getobject` repeats `s3:GetObject`.
        sorted.sort_by_key(|s| s.to_ascii_lowercase());
        sorted.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    } else {
        sorted.sort_unstable();
        sorted.dedup();
    }
    if sorted == current {
        return None;
    }
    let new_text = match format {
        Format::Json => {
            let layout = multiline(text, list);
            checks::edit::string_array(&sorted, layout.as_ref().map(|(indent, style)| (*indent, style)))
        }
        // Each item as the user wrote it, quotes and all.
        Format::Yaml => {
            let raw: Vec<String> = sorted
                .iter()
                .filter_map(|v| list.items.iter().find(|i| &*i.value == *v))
                .map(|i| text[i.range.start..i.range.end].to_owned())
                .collect();
            yaml_sequence(text, list, &raw)
        }
        // An HCL list may hold comments and expressions between its strings: not rewritten.
        Format::Hcl => return None,
    };
    let what = if is_action { "actions" } else { "resources" };
    Some(Action {
        title: format!("Sort and deduplicate {what}"),
        kind: ActionKind::RefactorRewrite,
        edits: vec![Edit::replace(list.range, new_text)],
        findings: Vec::new(),
        preferred: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::{Options, analyze};
    use crate::syntax::TextRange;

    /// A YAML list also holding an intrinsic function is never rewritten: sorting its strings
    /// would drop `!Sub`.
    #[test]
    fn yaml_lists_with_intrinsics_are_left_alone() {
        let text = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        \
                    Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource:\n              \
                    - arn:aws:s3:::b/*\n              - !Sub 'arn:${AWS::Partition}:s3:::${B}/*'\n              - arn:aws:s3:::a/*\n";
        let analysis = analyze(text, &Options { path: Some("t.yaml".into()), ..Options::default() });
        let at = text.find("arn:aws:s3:::a").unwrap();
        let titles: Vec<String> =
            super::code_actions(&analysis, text, TextRange::empty(at)).into_iter().map(|a| a.title).collect();
        assert!(titles.is_empty(), "{titles:?}");
        // Without the intrinsic, the same list is sorted.
        let plain = text.replace("!Sub 'arn:${AWS::Partition}:s3:::${B}/*'", "arn:aws:s3:::c/*");
        let analysis = analyze(&plain, &Options { path: Some("t.yaml".into()), ..Options::default() });
        let at = plain.find("arn:aws:s3:::a").unwrap();
        let titles: Vec<String> =
            super::code_actions(&analysis, &plain, TextRange::empty(at)).into_iter().map(|a| a.title).collect();
        assert_eq!(titles, ["Sort and deduplicate resources"]);
    }
}
