//! The IAM console's policy summary, offline: per service, which access levels a policy grants
//! fully or in part, how many of the service's actions, on which resources and under which
//! conditions; plus what the catalog does not recognize and the console's warnings.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::catalog::{AccessLevel, catalog};
use crate::checks::Analysis;
use crate::checks::effective::statement_reach;
use crate::policy::Statement;

/// The console's message for a policy that grants nothing.
pub const GRANTS_NOTHING: &str = "This policy does not grant any permissions. To grant access, policies must have an \
                                  action that has an applicable resource or condition.";
/// The console's message for a policy with some elements that grant nothing.
pub const SOME_GRANT_NOTHING: &str = "This policy defines some actions, resources, or conditions that do not provide \
                                      permissions. To grant access, policies must have an action that has an \
                                      applicable resource or condition.";

/// Findings that mean some element of the policy grants nothing.
const INEFFECTIVE: &[&str] = &[
    "NO_APPLICABLE_RESOURCE",
    "NO_APPLICABLE_ACTION",
    "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
    "NO_ACTION_SATISFIES_CONDITIONS",
    "STATEMENT_GRANTS_NOTHING",
    "STATEMENT_DENIES_NOTHING",
    "ALLOW_SHADOWED_BY_DENY",
];

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PolicySummary {
    /// Services the `Allow` statements reach, by name.
    pub allow: Vec<ServiceSummary>,
    /// Services the `Deny` statements reach.
    pub deny: Vec<ServiceSummary>,
    /// Action prefixes the catalog does not know (or cannot judge).
    pub unrecognized_services: Vec<String>,
    /// The console's warnings that apply.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ServiceSummary {
    pub prefix: String,
    pub name: String,
    /// Actions matched, out of `total`.
    pub granted: usize,
    pub total: usize,
    /// One entry per access level the policy touches.
    pub levels: Vec<LevelAccess>,
    /// Resource entries the matched actions can use; `*` is all resources.
    pub resources: Vec<String>,
    /// Condition operators and keys of the statements, `StringEquals: s3:prefix`.
    pub conditions: Vec<String>,
    /// Entries of this service that name no action.
    pub unrecognized_actions: Vec<String>,
    /// Resource entries of this service that match no resource type the catalog knows.
    pub unrecognized_resources: Vec<String>,
    /// Allowed actions that need several resource types at once, with the required types no
    /// statement allowing them lists (`ec2:RunInstances` beside only an instance ARN): such
    /// requests are still denied.
    pub needs_more_resources: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelAccess {
    /// `List`, `Read`, `Write`, `Permissions management`, `Tagging`.
    pub level: String,
    pub granted: usize,
    pub total: usize,
}

impl LevelAccess {
    pub fn is_full(&self) -> bool {
        self.granted == self.total
    }
}

impl ServiceSummary {
    /// "Full access", or "Full: List, Read  Limited: Write".
    pub fn access_text(&self) -> String {
        if self.granted == self.total && self.total > 0 {
            return "Full access".to_owned();
        }
        let full: Vec<&str> = self.levels.iter().filter(|l| l.is_full()).map(|l| l.level.as_str()).collect();
        let limited: Vec<&str> = self.levels.iter().filter(|l| !l.is_full()).map(|l| l.level.as_str()).collect();
        let mut parts = Vec::new();
        if !full.is_empty() {
            parts.push(format!("Full: {}", full.join(", ")));
        }
        if !limited.is_empty() {
            parts.push(format!("Limited: {}", limited.join(", ")));
        }
        if parts.is_empty() { "None".to_owned() } else { parts.join("  ") }
    }
}

/// Everything a service accumulates over the statements of one effect.
#[derive(Default)]
struct Acc {
    actions: HashSet<usize>,
    by_level: BTreeMap<AccessLevel, usize>,
    resources: BTreeSet<String>,
    conditions: BTreeSet<String>,
    unrecognized_actions: BTreeSet<String>,
    unrecognized_resources: BTreeSet<String>,
    /// Per multi-resource action: the required types no allowing statement covers so far.
    required: BTreeMap<String, BTreeSet<String>>,
}

/// The summary of every policy in the analysed document.
/// Why a policy that does not parse yet gets no summary: its first JSON syntax error and where
/// it is (1-based line and column in characters); `None` without syntax errors.
pub fn parse_error(analysis: &Analysis, text: &str) -> Option<String> {
    let error = analysis.findings.iter().find(|f| f.code == "JSON_SYNTAX_ERROR")?;
    let start = error.range.start.min(text.len());
    let before = text.get(..start).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    Some(format!("the policy does not parse yet: {} (line {line}, column {column})", error.message))
}

pub fn summary(analysis: &Analysis) -> PolicySummary {
    summarize(analysis.document.statements(), analysis)
}

/// The summary of one statement, for hover.
pub fn statement_summary(analysis: &Analysis, stmt: &Statement) -> PolicySummary {
    summarize(std::iter::once(stmt), analysis)
}

fn summarize<'a>(statements: impl Iterator<Item = &'a Statement>, analysis: &Analysis) -> PolicySummary {
    let mut allow: BTreeMap<String, Acc> = BTreeMap::new();
    let mut deny: BTreeMap<String, Acc> = BTreeMap::new();
    let mut unrecognized = BTreeSet::new();
    let mut allows = 0;
    let mut granting = 0;
    let mut ranges = Vec::new();
    for stmt in statements {
        ranges.push(stmt.range);
        let Some(reach) = statement_reach(stmt) else { continue };
        let accs = if stmt.is_allow() { &mut allow } else { &mut deny };
        if stmt.is_allow() {
            allows += 1;
            granting += usize::from(!reach.matches_nothing);
        }
        let conditions = condition_texts(stmt);
        let mut touched = BTreeSet::new();
        for action in &reach.actions {
            let acc = accs.entry(action.service.prefix.to_owned()).or_default();
            if acc.actions.insert(action.action.id()) {
                *acc.by_level.entry(action.action.access_level()).or_default() += 1;
            }
            touched.insert(action.service.prefix.to_owned());
        }
        for prefix in &touched {
            let acc = accs.entry(prefix.clone()).or_default();
            acc.resources.extend(reach.resources.get(prefix).into_iter().flatten().cloned());
            acc.conditions.extend(conditions.iter().cloned());
        }
        if stmt.is_allow() {
            for (action, uncovered) in &reach.required_types {
                let acc = accs.entry(action.service.prefix.to_owned()).or_default();
                let missing: BTreeSet<String> = uncovered.iter().cloned().collect();
                acc.required
                    .entry(action.full_name())
                    .and_modify(|m| m.retain(|t| missing.contains(t)))
                    .or_insert(missing);
            }
        }
        for entry in reach.invalid.iter().chain(&reach.unjudged) {
            let prefix = entry.split_once(':').map_or(entry.as_str(), |(p, _)| p);
            match catalog().service(prefix).filter(|_| reach.invalid.contains(entry)) {
                Some(service) => {
                    accs.entry(service.prefix.to_owned()).or_default().unrecognized_actions.insert(entry.clone());
                }
                None if !prefix.contains(['*', '?']) => {
                    unrecognized.insert(prefix.to_owned());
                }
                None => {}
            }
        }
        for arn in &reach.unrecognized_resources {
            let field = arn.split(':').nth(2).unwrap_or_default();
            if let Some(service) = catalog().service(field) {
                accs.entry(service.prefix.to_owned()).or_default().unrecognized_resources.insert(arn.clone());
            }
        }
    }
    let mut warnings = Vec::new();
    if allows > 0 && granting == 0 {
        warnings.push(GRANTS_NOTHING.to_owned());
    } else if analysis
        .findings
        .iter()
        .any(|f| INEFFECTIVE.contains(&f.code) && ranges.iter().any(|r| r.contains_range(f.range)))
    {
        warnings.push(SOME_GRANT_NOTHING.to_owned());
    }
    PolicySummary {
        allow: services(allow),
        deny: services(deny),
        unrecognized_services: unrecognized.into_iter().collect(),
        warnings,
    }
}

fn condition_texts(stmt: &Statement) -> Vec<String> {
    let Some(condition) = &stmt.condition else { return Vec::new() };
    condition
        .blocks
        .iter()
        .flat_map(|b| b.entries.iter().map(move |e| format!("{}: {}", b.operator.value, e.key.value)))
        .collect()
}

fn services(accs: BTreeMap<String, Acc>) -> Vec<ServiceSummary> {
    let mut out: Vec<ServiceSummary> = accs
        .into_iter()
        .filter_map(|(prefix, acc)| {
            let service = catalog().service(&prefix)?;
            let mut totals: BTreeMap<AccessLevel, usize> = BTreeMap::new();
            for action in &service.actions {
                *totals.entry(action.access_level()).or_default() += 1;
            }
            Some(ServiceSummary {
                prefix: service.prefix.to_owned(),
                name: service.name.to_owned(),
                granted: acc.actions.len(),
                total: service.actions.len(),
                levels: acc
                    .by_level
                    .iter()
                    .map(|(level, granted)| LevelAccess {
                        level: level.to_string(),
                        granted: *granted,
                        total: totals.get(level).copied().unwrap_or_default(),
                    })
                    .collect(),
                resources: acc.resources.into_iter().collect(),
                conditions: acc.conditions.into_iter().collect(),
                unrecognized_actions: acc.unrecognized_actions.into_iter().collect(),
                unrecognized_resources: acc.unrecognized_resources.into_iter().collect(),
                needs_more_resources: needs_more(acc.required),
            })
        })
        .collect();
    out.sort_by_key(|s| s.name.to_ascii_lowercase());
    out
}

/// Actions missing the most resource types first: `ec2:RunInstances` before `ec2:AttachVolume`.
fn needs_more(required: BTreeMap<String, BTreeSet<String>>) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = required
        .into_iter()
        .filter(|(_, missing)| !missing.is_empty())
        .map(|(action, missing)| (action, missing.into_iter().collect()))
        .collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Resources as the console shows them.
fn resource_text(resources: &[String]) -> String {
    if resources.iter().any(|r| r.bytes().all(|b| b == b'*')) {
        "All resources".to_owned()
    } else if resources.is_empty() {
        "None".to_owned()
    } else {
        resources.join(", ")
    }
}

fn condition_text(conditions: &[String]) -> String {
    if conditions.is_empty() { "None".to_owned() } else { conditions.join(", ") }
}

/// Markdown tables, for hover and `iam-lsp summary --format markdown`.
pub fn to_markdown(summary: &PolicySummary) -> String {
    let mut out = String::new();
    for warning in &summary.warnings {
        let _ = writeln!(out, "> ⚠ {warning}\n");
    }
    for (title, services) in [("Allow", &summary.allow), ("Explicit deny", &summary.deny)] {
        if services.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title}** ({})\n", count(services.len()));
        out.push_str("| Service | Access level | Actions | Resource | Request condition |\n|---|---|---|---|---|\n");
        for s in services {
            let _ = writeln!(
                out,
                "| {} (`{}`) | {} | {} of {} | {} | {} |",
                s.name,
                s.prefix,
                s.access_text(),
                s.granted,
                s.total,
                md_escape(&resource_text(&s.resources)),
                md_escape(&condition_text(&s.conditions))
            );
        }
        out.push('\n');
        unrecognized_markdown(&mut out, services);
    }
    if !summary.unrecognized_services.is_empty() {
        let names: Vec<String> = summary.unrecognized_services.iter().map(|s| format!("`{s}`")).collect();
        let _ = writeln!(out, "**Unrecognized services:** {}\n", names.join(", "));
    }
    if out.is_empty() {
        out.push_str("This policy reaches no service.\n");
    }
    out
}

fn unrecognized_markdown(out: &mut String, services: &[ServiceSummary]) {
    for s in services {
        if !s.unrecognized_actions.is_empty() {
            let names: Vec<String> = s.unrecognized_actions.iter().map(|a| format!("`{a}`")).collect();
            let _ = writeln!(out, "**Unrecognized actions** ({}): {}\n", s.name, names.join(", "));
        }
        if !s.unrecognized_resources.is_empty() {
            let names: Vec<String> = s.unrecognized_resources.iter().map(|a| format!("`{a}`")).collect();
            let _ = writeln!(out, "**Unrecognized resource types** ({}): {}\n", s.name, names.join(", "));
        }
        if !s.needs_more_resources.is_empty() {
            let _ = writeln!(out, "**Needs resources no statement allows** ({}): {}\n", s.name, needs_text(s, "`"));
        }
    }
}

/// "`ec2:RunInstances` (image, subnet), `ec2:AttachVolume` (volume) and 3 more".
fn needs_text(s: &ServiceSummary, quote: &str) -> String {
    const SHOWN: usize = 8;
    let items: Vec<String> = s
        .needs_more_resources
        .iter()
        .take(SHOWN)
        .map(|(action, types)| format!("{quote}{action}{quote} ({})", types.join(", ")))
        .collect();
    let more = s.needs_more_resources.len().saturating_sub(SHOWN);
    if more > 0 { format!("{} and {more} more", items.join(", ")) } else { items.join(", ") }
}

/// "1 service", "2 services".
fn count(n: usize) -> String {
    if n == 1 { "1 service".to_owned() } else { format!("{n} services") }
}

fn md_escape(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A plain-text table for the terminal.
pub fn to_text(summary: &PolicySummary) -> String {
    let mut out = String::new();
    for warning in &summary.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    for (title, services) in [("Allow", &summary.allow), ("Explicit deny", &summary.deny)] {
        if services.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title} ({})", count(services.len()));
        let rows: Vec<[String; 5]> = services
            .iter()
            .map(|s| {
                [
                    format!("{} ({})", s.name, s.prefix),
                    s.access_text(),
                    format!("{} of {}", s.granted, s.total),
                    resource_text(&s.resources),
                    condition_text(&s.conditions),
                ]
            })
            .collect();
        let header = ["Service", "Access level", "Actions", "Resource", "Request condition"].map(str::to_owned);
        let mut widths = header.clone().map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        for row in std::iter::once(&header).chain(&rows) {
            let cells: Vec<String> = row.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
            let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
        }
        for s in services {
            for a in &s.unrecognized_actions {
                let _ = writeln!(out, "  unrecognized action in {}: {a}", s.prefix);
            }
            for r in &s.unrecognized_resources {
                let _ = writeln!(out, "  unrecognized resource type in {}: {r}", s.prefix);
            }
            if !s.needs_more_resources.is_empty() {
                let _ = writeln!(out, "  needs resources no statement allows: {}", needs_text(s, ""));
            }
        }
    }
    for s in &summary.unrecognized_services {
        let _ = writeln!(out, "unrecognized service: {s}");
    }
    if out.is_empty() {
        out.push_str("This policy reaches no service.\n");
    }
    out
}
