//! Hover: what the string under the cursor means to IAM, from the catalog and the policy.

use crate::catalog::{self, AccessLevel, ActionRef, KeyType, find_variable};
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::checks::Analysis;
use crate::eval::Extent;
use crate::policy::Operator;
use crate::syntax::TextRange;

use super::cursor::{self, Cursor, Slot};
use super::{docs, principals};

/// Markdown about a range of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    pub markdown: String,
}

/// How many matched actions a wildcard hover lists.
const LISTED: usize = 50;

pub fn hover(analysis: &Analysis, text: &str, offset: usize) -> Option<Hover> {
    if !super::is_served(analysis) {
        return None;
    }
    let cursor = cursor::locate(analysis, text, offset)?;
    let token = cursor.token.clone()?;
    let content = &text[token.content.start..token.content.end];
    let at = |markdown: String| Some(Hover { range: token.range, markdown });
    let keys = cursor.keys();
    match cursor.slot {
        Slot::Key => match keys.as_slice() {
            [] if content == "Statement" && analysis.is_policy() => {
                let summary = super::summary::to_markdown(&super::summary::summary(analysis));
                at(format!("{}\n\n---\n\n**Policy summary**\n\n{summary}", docs::element(content)?))
            }
            [] if content == "Version" => at(format!("{}{}", docs::element(content)?, policy_type(analysis, offset))),
            [] | ["Statement"] => at(docs::element(content)?.to_owned()),
            ["Statement", "Condition"] => at(docs::operator(&Operator::parse(content)?)),
            ["Statement", "Condition", _] => at(condition_key(analysis, &cursor, content)?),
            ["Statement", "Principal" | "NotPrincipal"] => {
                let (kind, doc) = docs::PRINCIPAL_KINDS.iter().find(|(k, _)| *k == content)?;
                at(format!("**{kind}** principal — {doc}"))
            }
            _ => None,
        },
        Slot::Value => {
            if let Some(hover) = variable(content, token.content.start, offset) {
                return Some(hover);
            }
            match keys.as_slice() {
                ["Statement", "Action" | "NotAction"] => {
                    action_value(content, token.content.start, offset).map(|(range, markdown)| Hover {
                        range: if range.is_empty() { token.range } else { range },
                        markdown,
                    })
                }
                ["Statement", "Resource" | "NotResource"] => at(arn(analysis, &cursor, content)),
                ["Statement", element @ ("Principal" | "NotPrincipal")] if content == "*" => {
                    at(principals::hover("AWS", content, *element == "NotPrincipal")?)
                }
                ["Statement", element @ ("Principal" | "NotPrincipal"), kind] => {
                    at(principals::hover(kind, content, *element == "NotPrincipal")?)
                }
                ["Statement", "Sid"] => {
                    let statement = analysis.document.statement_at(offset)?;
                    let summary = super::summary::statement_summary(analysis, statement);
                    at(format!(
                        "**{}**\n\n{}{}",
                        statement.label(),
                        super::summary::to_markdown(&summary),
                        overridden(analysis, offset)
                    ))
                }
                ["Version"] => at(format!(
                    "{}{}",
                    docs::element(&cursor.path[cursor.path.len() - 1])?,
                    policy_type(analysis, offset)
                )),
                ["Statement", "Effect"] => at(format!(
                    "{}{}",
                    docs::element(&cursor.path[cursor.path.len() - 1])?,
                    overridden(analysis, offset)
                )),
                _ => None,
            }
        }
    }
}

/// How many pieces of a partly overridden statement are listed.
const PIECES: usize = 5;

/// Which `Deny` statements of the policy override the `Allow` at `offset`, under a rule; empty
/// when none does.
fn overridden(analysis: &Analysis, offset: usize) -> String {
    let Some(policy) = analysis.document.policies.iter().find(|p| p.range.contains_inclusive(offset)) else {
        return String::new();
    };
    let Some(statement) = policy.statements.iter().find(|s| s.range.contains_inclusive(offset)) else {
        return String::new();
    };
    let found = crate::eval::overrides(policy, statement);
    if found.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n\n---\n\n**Overridden by** (an explicit deny wins over any allow):\n");
    for o in found {
        let _ = match o.extent {
            Extent::All => writeln!(out, "- `{}` denies every request this statement allows", o.label),
            Extent::Part { pieces, conditional } => {
                let mut listed: Vec<String> =
                    pieces.iter().take(PIECES).map(|(a, r)| format!("`{a}` on `{r}`")).collect();
                if pieces.len() > PIECES {
                    listed.push(format!("{} more", pieces.len() - PIECES));
                }
                let when = if conditional { ", when its conditions hold" } else { "" };
                writeln!(out, "- `{}` denies part of it{when}: {}", o.label, listed.join(", "))
            }
            Extent::Maybe => writeln!(out, "- `{}` may deny part of it (their patterns may overlap)", o.label),
        };
    }
    out.truncate(out.trim_end().len());
    out
}

/// The type the policy at `offset` is analysed as, and why, under a rule.
fn policy_type(analysis: &Analysis, offset: usize) -> String {
    analysis.document.policies.iter().find(|p| p.range.contains_inclusive(offset)).map_or_else(String::new, |p| {
        format!(
            "\n\n---\n\n**Policy type:** {} (`{}`): {}.",
            p.policy_type.describe(),
            p.policy_type.as_str(),
            p.type_reason
        )
    })
}

/// `${aws:username}` under the cursor.
fn variable(content: &str, base: usize, offset: usize) -> Option<Hover> {
    let mut from = 0;
    while let Some(start) = find_variable(&content[from..]).map(|i| from + i) {
        let end = start + content[start..].find('}')? + 1;
        if base + start <= offset && offset <= base + end {
            let name = &content[start + 2..end - 1];
            let markdown = match name {
                "*" | "?" | "$" => format!("`${{{name}}}` — a literal `{name}` (escaped so it is not a wildcard)."),
                _ => match catalog::catalog().global_key(name) {
                    Some(key) => format!(
                        "**Policy variable** `${{{name}}}` — replaced at request time by the value of the \
                         `{}` condition key ({}). {}\n\nRequires `\"Version\": \"2012-10-17\"`. When the \
                         request has no value, the statement does not match; write `${{{name}, 'default'}}` \
                         to use a default.",
                        key.name,
                        key_type(key.key_type),
                        key.description
                    ),
                    None => format!(
                        "**Policy variable** `${{{name}}}` — replaced at request time by this key's value. \
                         Requires `\"Version\": \"2012-10-17\"`."
                    ),
                },
            };
            return Some(Hover { range: TextRange::new(base + start, base + end), markdown });
        }
        from = end;
    }
    None
}

/// An action, a wildcard or the service prefix of either. An empty range means the whole string.
fn action_value(content: &str, base: usize, offset: usize) -> Option<(TextRange, String)> {
    let catalog = catalog::catalog();
    if content == "*" {
        return Some((TextRange::empty(base), wildcard(content, &catalog.matching_actions("*"))));
    }
    let (prefix, name) = content.split_once(':')?;
    if (base..=base + prefix.len()).contains(&offset) && !prefix.contains(['*', '?']) {
        let service = catalog.service(prefix)?;
        return Some((TextRange::new(base, base + prefix.len()), service_markdown(service)));
    }
    if name.contains(['*', '?']) || prefix.contains(['*', '?']) {
        return Some((TextRange::empty(base), wildcard(content, &catalog.matching_actions(content))));
    }
    Some((TextRange::empty(base), action_markdown(&catalog.action(content)?)))
}

fn service_markdown(service: &catalog::Service) -> String {
    format!(
        "**{}** — service prefix `{}`\n\n{} actions, {} resource types, {} condition keys.\n\n[Service Authorization Reference]({})",
        service.name,
        service.prefix,
        service.actions.len(),
        service.resource_types.len(),
        service.condition_keys.len(),
        service.doc_url
    )
}

pub(crate) fn action_markdown(a: &ActionRef<'_>) -> String {
    let action = a.action;
    let mut out =
        format!("**{}** — {} · {}\n\n{}\n", a.full_name(), a.service.name, action.access_level(), action.description());
    let resources: Vec<_> = a.resource_types().collect();
    if resources.is_empty() {
        out.push_str("\nNo resource-level permissions: use `\"Resource\": \"*\"`.\n");
    } else {
        out.push_str("\n| Resource type | ARN |\n|---|---|\n");
        for (r, required) in &resources {
            let mark = if *required { " (required)" } else { "" };
            let _ = writeln!(out, "| `{}`{mark} | `{}` |", r.name, r.arn);
        }
        // The Service Authorization Reference's reading of its asterisks.
        if resources.iter().any(|(_, required)| *required) {
            out.push_str("\nA `Resource` that names ARNs must cover each required type, or the request is denied.\n");
        } else if resources.len() > 1 {
            out.push_str("\nNo type is required: ARNs of any one of them are enough.\n");
        }
    }
    let mut keys: Vec<&str> = action.condition_keys().iter().collect();
    for r in &action.resource_types() {
        keys.extend(r.condition_keys.iter());
    }
    keys.sort_unstable();
    keys.dedup();
    if !keys.is_empty() {
        let _ = write!(out, "\nCondition keys: {}\n", code_list(&keys));
    }
    if !action.dependent_actions().is_empty() {
        let deps: Vec<&str> = action.dependent_actions().iter().collect();
        let _ = write!(out, "\nDependent actions: {}\n", code_list(&deps));
    }
    out.push('\n');
    if let Some(url) = &action.api_doc_url() {
        let _ = write!(out, "[API reference]({url}) · ");
    }
    let _ = write!(out, "[Service Authorization Reference]({})", a.service.doc_url);
    out
}

fn code_list(items: &[&str]) -> String {
    items.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

fn wildcard(pattern: &str, matched: &[ActionRef<'_>]) -> String {
    if matched.is_empty() {
        return format!("`{pattern}` matches no known action.");
    }
    let mut by_level: BTreeMap<AccessLevel, usize> = BTreeMap::new();
    for a in matched {
        *by_level.entry(a.action.access_level()).or_default() += 1;
    }
    let levels: Vec<String> = by_level.iter().map(|(level, n)| format!("{level}: {n}")).collect();
    let noun = if matched.len() == 1 { "action" } else { "actions" };
    let mut out = format!("`{pattern}` matches {} {noun} ({}).\n\n", matched.len(), levels.join(", "));
    for a in matched.iter().take(LISTED) {
        let _ = writeln!(out, "- `{}` ({})", a.full_name(), a.action.access_level());
    }
    if matched.len() > LISTED {
        let _ = writeln!(out, "- and {} more", matched.len() - LISTED);
    }
    out
}

pub(crate) fn key_type(t: KeyType) -> &'static str {
    match t {
        KeyType::String => "String",
        KeyType::ArrayOfString => "ArrayOfString",
        KeyType::Arn => "ARN",
        KeyType::ArrayOfArn => "ArrayOfARN",
        KeyType::Bool => "Bool",
        KeyType::ArrayOfBool => "ArrayOfBool",
        KeyType::Numeric => "Numeric",
        KeyType::ArrayOfNumeric => "ArrayOfNumeric",
        KeyType::Date => "Date",
        KeyType::IpAddress => "IPAddress",
        KeyType::Binary => "Binary",
        KeyType::Unknown => "unknown type",
    }
}

/// The statement's actions, from the policy model, or from the tokens while the text is broken.
pub(crate) fn statement_actions(analysis: &Analysis, cursor: &Cursor) -> Vec<String> {
    if let Some(statement) = analysis.document.statement_at(cursor.offset)
        && let Some((list, false)) = statement.actions()
    {
        return list.items.iter().map(|s| s.value.to_string()).collect();
    }
    cursor
        .statement()
        .and_then(|members| members.iter().find(|(k, _)| k == "Action"))
        .map(|(_, values)| values.clone())
        .unwrap_or_default()
}

/// The catalog actions a statement names, wildcards expanded (bounded: a hover lists a few).
pub(crate) fn resolve_actions(names: &[String], limit: usize) -> Vec<ActionRef<'static>> {
    let catalog = catalog::catalog();
    let mut out = Vec::new();
    for name in names {
        if name == "*" {
            continue;
        }
        out.extend(catalog.matching_actions(name));
        if out.len() >= limit {
            out.truncate(limit);
            break;
        }
    }
    out
}

fn condition_key(analysis: &Analysis, cursor: &Cursor, key: &str) -> Option<String> {
    let catalog = catalog::catalog();
    let mut out = if let Some(global) = catalog.global_key(key) {
        let mut s = format!(
            "**{key}** — global condition key · {} · {}\n\n{}\n",
            key_type(global.key_type),
            if global.multivalued { "multivalued (use `ForAllValues:`/`ForAnyValue:`)" } else { "single-valued" },
            global.description
        );
        if global.always_present {
            s.push_str("\nPresent in every request: `IfExists` and `Null` checks on it are unnecessary.\n");
        }
        if let Some(newer) = &global.deprecated_by {
            let _ = write!(s, "\nDeprecated: use `{newer}` instead.\n");
        }
        s
    } else {
        let (service, ck) = catalog.condition_key(key)?;
        format!(
            "**{key}** — {} condition key · {} · {}\n\n{}\n",
            service.name,
            key_type(ck.key_type),
            if ck.key_type.is_multivalued() {
                "multivalued (use `ForAllValues:`/`ForAnyValue:`)"
            } else {
                "single-valued"
            },
            ck.description
        )
    };
    let actions = resolve_actions(&statement_actions(analysis, cursor), 200);
    if !actions.is_empty() {
        let (supported, other): (Vec<_>, Vec<_>) = actions.iter().partition(|a| a.supports_key(key));
        let names = |list: &[&ActionRef<'_>]| {
            let mut shown: Vec<String> = list.iter().take(10).map(|a| format!("`{}`", a.full_name())).collect();
            if list.len() > 10 {
                shown.push(format!("and {} more", list.len() - 10));
            }
            shown.join(", ")
        };
        if !supported.is_empty() {
            let _ = write!(out, "\nSupported by this statement's {}\n", names(&supported));
        }
        if !other.is_empty() && !key.to_ascii_lowercase().starts_with("aws:") {
            let _ = write!(out, "\nNot documented for {}\n", names(&other));
        }
    }
    Some(out)
}

/// A Resource ARN: its fields, the resource types it matches and the statement's actions that use them.
fn arn(analysis: &Analysis, cursor: &Cursor, value: &str) -> String {
    if value == "*" {
        return "**`*`** — every resource. Required for actions without resource-level permissions; \
                for the others, naming the resources is least privilege."
            .to_owned();
    }
    let fields: Vec<&str> = value.splitn(6, ':').collect();
    if fields.len() < 6 || fields[0] != "arn" {
        return format!("`{value}` is not an ARN: IAM expects `arn:partition:service:region:account:resource`.");
    }
    let show = |s: &str| if s.is_empty() { "*(empty)*".to_owned() } else { format!("`{s}`") };
    let mut out = String::from("**ARN**\n\n| Field | Value |\n|---|---|\n");
    for (name, v) in ["Partition", "Service", "Region", "Account", "Resource"].iter().zip(&fields[1..]) {
        let _ = writeln!(out, "| {name} | {} |", show(v));
    }
    let catalog = catalog::catalog();
    let types: Vec<(&catalog::Service, catalog::ResourceType)> = catalog
        .matching_services(fields[2])
        .into_iter()
        .take(20)
        .flat_map(|s| s.resource_types.iter().filter(|r| r.matches_arn(value)).map(move |r| (s, r)))
        .collect();
    if types.is_empty() {
        out.push_str("\nMatches no resource type of the catalog.\n");
        return out;
    }
    let list: Vec<String> = types.iter().take(20).map(|(s, r)| format!("`{}:{}`", s.prefix, r.name)).collect();
    let _ = write!(out, "\nResource types: {}\n", list.join(", "));
    let actions = resolve_actions(&statement_actions(analysis, cursor), 500);
    let users: Vec<String> = actions
        .iter()
        .filter(|a| a.resource_types().any(|(r, _)| types.iter().any(|(s, t)| *t == r && std::ptr::eq(*s, a.service))))
        .map(|a| format!("`{}`", a.full_name()))
        .collect();
    if !actions.is_empty() {
        if users.is_empty() {
            out.push_str("\nNone of this statement's actions can use it.\n");
        } else {
            let shown: Vec<&str> = users.iter().take(15).map(String::as_str).collect();
            let more = if users.len() > 15 { format!(" and {} more", users.len() - 15) } else { String::new() };
            let _ = write!(out, "\nUsed by this statement's {}{more}\n", shown.join(", "));
        }
    }
    out
}
