//! Completion of keys and values, from the cursor's place in the policy.
//!
//! Every item replaces the whole content of the string under the cursor (not just the part
//! before it), so editors that filter by the edit's range (VS Code, Neovim) agree on the word.

use crate::catalog::{self, KeyType, find_variable};
use std::collections::BTreeMap;

use crate::checks::Analysis;
use crate::host::{Format, Quote};
use crate::policy::{BASE_OPERATORS, ELEMENTS, Operator, OperatorFamily, STATEMENT_ELEMENTS};
use crate::syntax::TextRange;

use super::cursor::{self, Cursor, Slot};
use super::docs;
use super::hover::{resolve_actions, statement_actions};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompletionConfig {
    /// The client accepts snippets (`$1`, `${1:text}`) in `new_text`.
    pub snippets: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Element,
    Value,
    Service,
    Action,
    Wildcard,
    Operator,
    ConditionKey,
    Arn,
    Principal,
    Snippet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// What the item replaces; contains the cursor.
    pub range: TextRange,
    pub new_text: String,
    /// `new_text` is a snippet.
    pub snippet: bool,
    /// Orders items before the client's own filtering.
    pub sort_text: String,
    /// The client should ask for completions again after inserting (after `s3:`).
    pub retrigger: bool,
}

/// What is typed at the cursor and what an item's edit covers.
struct Site<'a> {
    typed: &'a str,
    range: TextRange,
    /// The host syntax items are written in.
    format: Format,
    /// The quotes of the string under the cursor, which items keep; `Quote::None` in a gap (items
    /// are whole scalars, quoted as the host needs) or in a plain YAML scalar.
    quote: Quote,
    /// The string under the cursor has no closing quote yet: items add it.
    unclosed: bool,
    /// A key without its `:` yet.
    needs_colon: bool,
    snippets: bool,
}

impl Site<'_> {
    fn item(&self, kind: CompletionKind, label: impl Into<String>, sort: impl Into<String>) -> CompletionItem {
        let label = label.into();
        CompletionItem {
            new_text: self.written(&label),
            label,
            kind,
            detail: None,
            documentation: None,
            range: self.range,
            snippet: false,
            sort_text: sort.into(),
            retrigger: false,
        }
    }

    /// `value` as the host writes it over the item's range, with the `: ` a key still lacks.
    fn written(&self, value: &str) -> String {
        let mut out = match self.quote.char() {
            None => self.format.scalar(value, Quote::None),
            Some(q) => {
                let mut inside = self.format.inside(value, self.quote);
                // A key's range covers its closing quote when the colon is to be added.
                if self.unclosed || self.needs_colon {
                    inside.push(q);
                }
                inside
            }
        };
        if self.needs_colon {
            out.push_str(": ");
        }
        out
    }

    /// The start of a value the user goes on typing (`s3:`): the cursor stays inside its quotes.
    fn unfinished(&self, value: &str) -> (String, bool) {
        match (self.quote.char(), self.format) {
            (Some(q), _) if self.unclosed && self.snippets => {
                (format!("{}$0{q}", self.format.inside(value, self.quote)), true)
            }
            (Some(_), _) => (self.format.inside(value, self.quote), false),
            // A plain YAML scalar being typed needs no quotes.
            (None, Format::Yaml) => (value.to_owned(), false),
            (None, Format::Json | Format::Hcl) if self.snippets => (format!("\"{value}$0\""), true),
            (None, Format::Json | Format::Hcl) => (format!("\"{value}"), false),
        }
    }

    /// An item inserting `plain` written as the host needs it, or `snippet` (`plain` with
    /// placeholders) written the same way when the client takes snippets.
    fn templated(&self, kind: CompletionKind, label: &str, snippet: &str, plain: &str, sort: &str) -> CompletionItem {
        let mut item = self.item(kind, label, sort);
        let written = self.written(plain);
        let escaped = self.format.inside(plain, self.quote);
        item.new_text = match written.find(&escaped) {
            Some(at) if self.snippets => {
                item.snippet = true;
                format!("{}{snippet}{}", escape_snippet(&written[..at]), escape_snippet(&written[at + escaped.len()..]))
            }
            _ => written,
        };
        item
    }

    /// An item inserting a snippet (when supported) or the plain form, as raw text, not quoted.
    fn raw(&self, kind: CompletionKind, label: &str, snippet: &str, plain: &str, sort: &str) -> CompletionItem {
        let mut item = self.item(kind, label, sort);
        if self.snippets {
            item.new_text = snippet.to_owned();
            item.snippet = true;
        } else {
            item.new_text = plain.to_owned();
        }
        item
    }
}

pub fn completions(analysis: &Analysis, text: &str, offset: usize, config: CompletionConfig) -> Vec<CompletionItem> {
    if text.trim().is_empty() {
        return if analysis.format == Format::Json { empty_document(text, config) } else { Vec::new() };
    }
    if !super::is_served(analysis) && !looks_like_policy(text) {
        return Vec::new();
    }
    let Some(cursor) = cursor::locate(analysis, text, offset) else { return Vec::new() };
    let site = match &cursor.token {
        Some(t) => {
            // Outside a quoted string's quotes nothing is typed in it; a plain scalar's ends
            // are inside it.
            let quoted = Quote::of(text, t.range) != Quote::None;
            let outside = if quoted {
                offset <= t.range.start || (t.closed && offset >= t.range.end)
            } else {
                offset < t.range.start || offset > t.range.end
            };
            if outside {
                return Vec::new();
            }
            let needs_colon = cursor.slot == Slot::Key && !cursor.colon_follows;
            let range = if needs_colon && t.closed {
                TextRange::new(t.content.start, t.range.end)
            } else if t.closed {
                t.content
            } else {
                // An unclosed string runs to its line's end: the edit stops at the end of the
                // word typed, before the `}}` or `],` that follow it.
                let rest = &text[offset.min(t.content.end)..t.content.end];
                let word = rest.find(|c: char| c.is_whitespace() || "\",]}{".contains(c)).unwrap_or(rest.len());
                TextRange::new(t.content.start, offset.min(t.content.end) + word)
            };
            Site {
                typed: cursor.typed(text),
                range,
                format: analysis.format,
                quote: Quote::of(text, t.range),
                unclosed: !t.closed,
                needs_colon,
                snippets: config.snippets,
            }
        }
        None => Site {
            typed: "",
            range: TextRange::empty(offset),
            format: analysis.format,
            quote: Quote::None,
            unclosed: false,
            needs_colon: cursor.slot == Slot::Key,
            snippets: config.snippets,
        },
    };
    let keys = cursor.keys();
    let mut items = match (cursor.slot, keys.as_slice()) {
        (Slot::Key, []) => elements(&site, &cursor, ELEMENTS),
        (Slot::Key, ["Statement"]) => elements(&site, &cursor, STATEMENT_ELEMENTS),
        (Slot::Key, ["Statement", "Condition"]) => operators(&site),
        (Slot::Key, ["Statement", "Condition", _]) => condition_keys(&site, analysis, &cursor),
        (Slot::Key, ["Statement", "Principal" | "NotPrincipal"]) => principal_kinds(&site, &cursor),
        (Slot::Value, ["Version"]) => {
            values(&site, &[("2012-10-17", "current"), ("2008-10-17", "legacy: no policy variables")])
        }
        (Slot::Value, ["Statement"]) if cursor.token.is_none() && site.format == Format::Json => {
            vec![statement_snippet(&site, text, offset)]
        }
        (Slot::Value, ["Statement", "Effect"]) => values(&site, &[("Allow", ""), ("Deny", "")]),
        (Slot::Value, ["Statement", "Action" | "NotAction"]) => actions(&site),
        (Slot::Value, ["Statement", "Resource" | "NotResource"]) => resources(&site, analysis, &cursor),
        (Slot::Value, ["Statement", "Principal" | "NotPrincipal"]) => values(&site, &[("*", "everyone")]),
        (Slot::Value, ["Statement", "Principal" | "NotPrincipal", kind]) => principal_values(&site, kind),
        (Slot::Value, ["Statement", "Condition", operator, key]) => condition_values(&site, operator, key),
        _ => Vec::new(),
    };
    // `Action:` and the cursor right after the colon: YAML needs a blank before the value.
    if cursor.token.is_none() && analysis.format == Format::Yaml && text[..offset].ends_with(':') {
        items.iter_mut().for_each(|i| i.new_text.insert(0, ' '));
    }
    items.sort_by(|a, b| (&a.sort_text, &a.label).cmp(&(&b.sort_text, &b.label)));
    items
}

/// A document broken too early for the policy model still gets completion when it names policy elements.
fn looks_like_policy(text: &str) -> bool {
    text.contains("\"Statement\"") || text.contains("\"Version\"")
}

fn empty_document(text: &str, config: CompletionConfig) -> Vec<CompletionItem> {
    let site = Site {
        typed: "",
        range: TextRange::new(0, text.len()),
        format: Format::Json,
        quote: Quote::None,
        unclosed: false,
        needs_colon: false,
        snippets: config.snippets,
    };
    let policy = |body: &str| {
        format!(
            "{{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {{\n{body}\n        }}\n    ]\n}}\n"
        )
    };
    let identity_snippet = policy(
        "            \"Sid\": \"${1:AllowRead}\",\n            \"Effect\": \"${2|Allow,Deny|}\",\n            \"Action\": [\"${3:s3:GetObject}\"],\n            \"Resource\": \"${4:*}\"$0",
    );
    let identity_plain =
        policy("            \"Effect\": \"Allow\",\n            \"Action\": [],\n            \"Resource\": \"*\"");
    let trust_snippet = policy(
        "            \"Effect\": \"Allow\",\n            \"Principal\": {\"Service\": \"${1:lambda.amazonaws.com}\"},\n            \"Action\": \"sts:AssumeRole\"$0",
    );
    let trust_plain = policy(
        "            \"Effect\": \"Allow\",\n            \"Principal\": {\"Service\": \"lambda.amazonaws.com\"},\n            \"Action\": \"sts:AssumeRole\"",
    );
    let mut identity =
        site.raw(CompletionKind::Snippet, "New identity policy", &identity_snippet, &identity_plain, "0");
    identity.detail = Some("Version and one Allow statement".to_owned());
    let mut trust = site.raw(CompletionKind::Snippet, "New trust policy", &trust_snippet, &trust_plain, "1");
    trust.detail = Some("A role's trust policy for a service".to_owned());
    vec![identity, trust]
}

fn statement_snippet(site: &Site<'_>, text: &str, offset: usize) -> CompletionItem {
    let indent = crate::syntax::Style::line_indent(text, offset);
    let snippet = format!(
        "{{\n{indent}    \"Sid\": \"${{1:Statement}}\",\n{indent}    \"Effect\": \"${{2|Allow,Deny|}}\",\n{indent}    \"Action\": [\"$3\"],\n{indent}    \"Resource\": \"${{4:*}}\"\n{indent}}}"
    );
    let plain = format!(
        "{{\n{indent}    \"Effect\": \"Allow\",\n{indent}    \"Action\": [],\n{indent}    \"Resource\": \"*\"\n{indent}}}"
    );
    let mut item = site.raw(CompletionKind::Snippet, "New statement", &snippet, &plain, "0");
    item.detail = Some("Effect, Action and Resource".to_owned());
    item
}

/// Element keys not yet present, without the partner of a present exclusive pair.
fn elements(site: &Site<'_>, cursor: &Cursor, names: &[&str]) -> Vec<CompletionItem> {
    let present: Vec<&str> = cursor.sibling_keys().collect();
    let partner = |name: &str| match name {
        "Action" => Some("NotAction"),
        "NotAction" => Some("Action"),
        "Resource" => Some("NotResource"),
        "NotResource" => Some("Resource"),
        "Principal" => Some("NotPrincipal"),
        "NotPrincipal" => Some("Principal"),
        _ => None,
    };
    names
        .iter()
        .enumerate()
        .filter(|(_, name)| !present.contains(name) && !partner(name).is_some_and(|p| present.contains(&p)))
        .map(|(i, name)| {
            let mut item = site.item(CompletionKind::Element, *name, format!("{i:02}"));
            item.documentation = docs::element(name).map(str::to_owned);
            // The snippets write JSON values.
            if site.needs_colon && site.snippets && site.format == Format::Json {
                let value = match *name {
                    "Statement" => "[\n\t{\n\t\t$0\n\t}\n]",
                    "Effect" => "\"${1|Allow,Deny|}\"",
                    "Version" => "\"${1:2012-10-17}\"",
                    "Principal" | "NotPrincipal" | "Condition" => "{$0}",
                    "Action" | "NotAction" | "Resource" | "NotResource" => "[\"$0\"]",
                    _ => "\"$0\"",
                };
                item.new_text.push_str(value);
                item.snippet = true;
            }
            item
        })
        .collect()
}

fn values(site: &Site<'_>, list: &[(&str, &str)]) -> Vec<CompletionItem> {
    list.iter()
        .enumerate()
        .map(|(i, (value, detail))| {
            let mut item = site.item(CompletionKind::Value, *value, format!("{i:02}"));
            item.detail = (!detail.is_empty()).then(|| (*detail).to_owned());
            item
        })
        .collect()
}

/// Case-insensitive subsequence match: `gobj` matches `GetObject`.
fn fuzzy(pattern: &str, candidate: &str) -> bool {
    let mut chars = candidate.chars().map(|c| c.to_ascii_lowercase());
    pattern.chars().map(|c| c.to_ascii_lowercase()).all(|p| chars.any(|c| c == p))
}

/// Service prefixes before the `:`; the service's actions and useful wildcards after it.
fn actions(site: &Site<'_>) -> Vec<CompletionItem> {
    let catalog = catalog::catalog();
    let Some((prefix, typed_action)) = site.typed.split_once(':') else {
        return catalog
            .service_names()
            .map(|(prefix, name)| {
                let mut item = site.item(CompletionKind::Service, prefix, "1");
                (item.new_text, item.snippet) = site.unfinished(&format!("{prefix}:"));
                item.detail = Some(name.to_owned());
                item.retrigger = true;
                item
            })
            .collect();
    };
    let Some(service) = catalog.service(prefix) else { return Vec::new() };
    let typed_lower = typed_action.to_ascii_lowercase();
    let mut items: Vec<CompletionItem> = service
        .actions
        .iter()
        .filter(|a| fuzzy(typed_action, a.name()))
        .map(|a| {
            // Names starting with the typed text first, then those containing it, then the rest.
            let name = a.name().to_ascii_lowercase();
            let rank = if name.starts_with(&typed_lower) {
                "1"
            } else if name.contains(&typed_lower) {
                "2"
            } else {
                "3"
            };
            let mut item = site.item(CompletionKind::Action, format!("{}:{}", service.prefix, a.name()), rank);
            item.detail = Some(a.access_level().to_string());
            item.documentation = Some(a.description().to_owned());
            item
        })
        .collect();
    // Wildcards over the verbs several actions share: `s3:Get*`, `s3:List*`.
    let mut verbs: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &service.actions {
        let end =
            a.name().char_indices().skip(1).find(|(_, c)| c.is_ascii_uppercase()).map_or(a.name().len(), |(i, _)| i);
        *verbs.entry(&a.name()[..end]).or_default() += 1;
    }
    let mut wildcards = vec![(String::from("*"), service.actions.len())];
    wildcards.extend(verbs.into_iter().filter(|(_, n)| *n >= 2).map(|(v, n)| (format!("{v}*"), n)));
    for (pattern, n) in wildcards {
        if fuzzy(typed_action, &pattern) {
            let mut item = site.item(CompletionKind::Wildcard, format!("{}:{pattern}", service.prefix), "0");
            item.detail = Some(format!("{n} actions"));
            items.push(item);
        }
    }
    items
}

fn operators(site: &Site<'_>) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    for (i, (base, family, _)) in BASE_OPERATORS.iter().enumerate() {
        let mut names = vec![((*base).to_owned(), 0)];
        if *family != OperatorFamily::Null {
            names.push((format!("{base}IfExists"), 1));
            names.push((format!("ForAnyValue:{base}"), 2));
            names.push((format!("ForAllValues:{base}"), 2));
        }
        for (name, rank) in names {
            let Some(op) = Operator::parse(&name) else { continue };
            let mut item = site.item(CompletionKind::Operator, name, format!("{rank}{i:02}"));
            item.detail = Some(docs::operator_detail(&op));
            item.documentation = Some(docs::operator(&op));
            if site.needs_colon && site.snippets && site.format == Format::Json {
                item.new_text.push_str("{\"$1\": \"$2\"}");
                item.snippet = true;
            }
            items.push(item);
        }
    }
    items
}

/// Keys matching what is typed: those starting with it first, then those containing it; within
/// each, keys the statement's actions support, then global keys, then the rest of their
/// services' keys.
fn condition_keys(site: &Site<'_>, analysis: &Analysis, cursor: &Cursor) -> Vec<CompletionItem> {
    let catalog = catalog::catalog();
    let mut ranked: BTreeMap<String, (u8, String, KeyType, String)> = BTreeMap::new();
    let mut add = |name: &str, rank: u8, key_type: KeyType, doc: &str| {
        let entry =
            ranked.entry(name.to_ascii_lowercase()).or_insert((rank, name.to_owned(), key_type, doc.to_owned()));
        if rank < entry.0 {
            *entry = (rank, name.to_owned(), key_type, doc.to_owned());
        }
    };
    let names = statement_actions(analysis, cursor);
    let actions = resolve_actions(&names, 2_000);
    let mut services: Vec<&catalog::Service> = Vec::new();
    // The services of actions still being typed (`s3:GetObj`) count too.
    let typed_services = names.iter().filter_map(|n| catalog.service(n.split_once(':')?.0));
    for service in actions.iter().map(|a| a.service).chain(typed_services) {
        if !services.iter().any(|s| std::ptr::eq(*s, service)) {
            services.push(service);
        }
    }
    for service in &services {
        for key in &service.condition_keys {
            let supported = actions.iter().any(|a| std::ptr::eq(a.service, *service) && a.supports_key(key.name));
            let rank = if supported { 0 } else { 2 };
            add(key.name, rank, key.key_type, key.description);
        }
    }
    for key in catalog.global_keys() {
        add(key.name, 1, key.key_type, key.description);
    }
    // Filtered and ranked here, as actions are: clients that take the items as they come
    // (Neovim) would otherwise offer the first key of the list over what was typed.
    let typed = site.typed.to_ascii_lowercase();
    ranked
        .into_iter()
        .filter(|(_, (_, name, _, _))| fuzzy(site.typed, name))
        .map(|(lower, (rank, name, key_type, doc))| {
            let matched = if lower.starts_with(&typed) {
                0
            } else if lower.contains(&typed) {
                1
            } else {
                2
            };
            let mut item = site.item(CompletionKind::ConditionKey, &name, format!("{matched}{rank}"));
            item.detail = Some(super::hover::key_type(key_type).to_owned());
            item.documentation = Some(doc);
            // `aws:ResourceTag/${TagKey}`: the tag key is for the user to write.
            let (snippet, plain) = template(&name, |n, name| format!("${{{n}:{name}}}"), |name| name.to_owned());
            let mut templated = site.templated(CompletionKind::ConditionKey, &name, &snippet, &plain, "");
            if templated.snippet && site.needs_colon && site.format == Format::Json {
                templated.new_text.push_str("\"$0\"");
            }
            item.new_text = templated.new_text;
            item.snippet = templated.snippet;
            item
        })
        .collect()
}

fn condition_values(site: &Site<'_>, operator: &str, key: &str) -> Vec<CompletionItem> {
    let catalog = catalog::catalog();
    let bool_key = catalog.global_key(key).map(|k| k.key_type.base() == KeyType::Bool).unwrap_or(false)
        || catalog.condition_key(key).is_some_and(|(_, k)| k.key_type.base() == KeyType::Bool);
    let family = Operator::parse(operator).map(|o| o.family);
    match family {
        Some(OperatorFamily::Null) => values(site, &[("true", "the key is absent"), ("false", "the key is present")]),
        Some(OperatorFamily::Bool) => values(site, &[("true", ""), ("false", "")]),
        _ if bool_key => values(site, &[("true", ""), ("false", "")]),
        _ => Vec::new(),
    }
}

/// ARN templates of the resource types the statement's actions can target.
fn resources(site: &Site<'_>, analysis: &Analysis, cursor: &Cursor) -> Vec<CompletionItem> {
    let actions = resolve_actions(&statement_actions(analysis, cursor), 500);
    let mut templates: BTreeMap<String, (String, bool)> = BTreeMap::new();
    for a in &actions {
        for (r, required) in a.resource_types() {
            let entry =
                templates.entry(r.arn.to_owned()).or_insert((format!("{}:{}", a.service.prefix, r.name), false));
            entry.1 |= required;
        }
    }
    let mut items = vec![{
        let mut item = site.item(CompletionKind::Arn, "*", "2");
        item.detail = Some("every resource".to_owned());
        item
    }];
    for (arn, (name, required)) in templates {
        let (snippet, plain) = template(
            &arn,
            |n, name| if name == "Partition" { format!("${{{n}:aws}}") } else { format!("${{{n}:{name}}}") },
            |name| if name == "Partition" { "aws".to_owned() } else { "*".to_owned() },
        );
        let mut item = site.templated(CompletionKind::Arn, &arn, &snippet, &plain, if required { "0" } else { "1" });
        item.detail = Some(name);
        items.push(item);
    }
    items
}

/// A catalog template (`arn:${Partition}:s3:::${BucketName}`, `aws:ResourceTag/${TagKey}`) as a
/// snippet, its `${Name}`s made numbered placeholders, and as plain text.
fn template(
    template: &str,
    placeholder: impl Fn(usize, &str) -> String,
    plain_value: impl Fn(&str) -> String,
) -> (String, String) {
    let mut snippet = String::new();
    let mut plain = String::new();
    let mut rest = template;
    let mut n = 0;
    while let Some(start) = find_variable(rest) {
        let Some(len) = rest[start..].find('}') else { break };
        let name = &rest[start + 2..start + len];
        snippet.push_str(&escape_snippet(&rest[..start]));
        plain.push_str(&rest[..start]);
        n += 1;
        snippet.push_str(&placeholder(n, name));
        plain.push_str(&plain_value(name));
        rest = &rest[start + len + 1..];
    }
    snippet.push_str(&escape_snippet(rest));
    plain.push_str(rest);
    (snippet, plain)
}

fn escape_snippet(s: &str) -> String {
    s.replace('\\', "\\\\").replace('$', "\\$").replace('}', "\\}")
}

fn principal_kinds(site: &Site<'_>, cursor: &Cursor) -> Vec<CompletionItem> {
    let present: Vec<&str> = cursor.sibling_keys().collect();
    docs::PRINCIPAL_KINDS
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| !present.contains(k))
        .map(|(i, (kind, doc))| {
            let mut item = site.item(CompletionKind::Principal, *kind, format!("{i}"));
            item.documentation = Some((*doc).to_owned());
            item
        })
        .collect()
}

fn principal_values(site: &Site<'_>, kind: &str) -> Vec<CompletionItem> {
    match kind {
        "Service" => docs::SERVICE_PRINCIPALS
            .iter()
            .map(|(p, name)| {
                let mut item = site.item(CompletionKind::Principal, *p, "0");
                item.detail = Some((*name).to_owned());
                item
            })
            .collect(),
        "AWS" => {
            let mut account = site.templated(
                CompletionKind::Principal,
                "arn:aws:iam::123456789012:root",
                "arn:aws:iam::${1:123456789012}:root",
                "arn:aws:iam::123456789012:root",
                "0",
            );
            account.detail = Some("an account".to_owned());
            let mut role = site.templated(
                CompletionKind::Principal,
                "arn:aws:iam::123456789012:role/name",
                "arn:aws:iam::${1:123456789012}:role/${2:name}",
                "arn:aws:iam::123456789012:role/name",
                "1",
            );
            role.detail = Some("a role".to_owned());
            vec![account, role]
        }
        "Federated" => values(
            site,
            &[
                ("cognito-identity.amazonaws.com", "Amazon Cognito identity pools"),
                ("accounts.google.com", "Google"),
                ("graph.facebook.com", "Facebook"),
                ("www.amazon.com", "Login with Amazon"),
            ],
        ),
        _ => Vec::new(),
    }
}
