//! `Principal` and `NotPrincipal`: where they may appear, and the shape of each value.

mod claims;
mod federated;
mod oidc;
mod rules;
mod service;
mod trust;
mod values;

pub(super) use rules::RULES;

use crate::policy::{PolicyType, PrincipalValue, Statement};

use super::edit::replace_string;
use super::elements::node_at;
use super::memo::Local;
use super::suggest::closest;
use super::{Context, Edit, Finding, Stmt};
use crate::policy::{Policy, Principal};
use crate::syntax::NodeKind;

/// The keys IAM accepts inside a principal object.
const KEYS: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];

pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    let (policy, statement, out) = (stmt.policy, stmt.statement, &mut local.findings);
    placement(ctx, policy, statement, out);
    if policy.policy_type == PolicyType::Trust {
        trust::check(ctx, statement, out);
        oidc::check(ctx, statement, out);
        claims::check(ctx, statement, out);
    }
    if policy.policy_type.has_principals() {
        service::check(ctx, policy.policy_type, statement, out);
    }
    for principal in [&statement.principal, &statement.not_principal].into_iter().flatten() {
        shape(ctx, policy, principal, out);
    }
}

/// Across the statements of a trust policy.
pub(super) fn document(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for policy in ctx.document.policies.iter().filter(|p| p.policy_type == PolicyType::Trust) {
        trust::roles_anywhere(ctx, &policy.statements, out);
    }
}

/// Whether the policy type allows or requires a principal, and `Allow` with `NotPrincipal`.
fn placement(ctx: &Context<'_>, policy: &Policy, statement: &Statement, out: &mut Vec<Finding>) {
    if let Some(not) = &statement.not_principal
        && statement.is_allow()
    {
        out.push(ctx.finding(
            "ALLOW_WITH_NOT_PRINCIPAL",
            not.key,
            "`NotPrincipal` in an `Allow` statement allows every principal except those listed, anonymous users included.",
        ));
    }
    if !policy.type_explicit {
        return;
    }
    let kind = policy.policy_type;
    if kind.is_identity_grammar() {
        for p in [&statement.principal, &statement.not_principal].into_iter().flatten() {
            let element = &ctx.text[p.key.start..p.key.end];
            let member = p.key.cover(p.range);
            let edit = statement_member_removal(ctx, policy, member);
            let finding = ctx.finding(
                "UNSUPPORTED_PRINCIPAL",
                p.key,
                format!("{element} is not allowed in {}: IAM rejects the policy.", kind.with_article()),
            );
            out.push(match edit {
                Some(edit) => finding.with_fix(format!("Remove {element}"), vec![edit], false),
                None => finding,
            });
        }
    }
    if matches!(kind, PolicyType::Resource | PolicyType::Rcp)
        && let Some(PrincipalValue::Map(entries)) = statement.principal.as_ref().map(|p| &p.value)
    {
        for entry in entries.iter().filter(|e| &*e.kind.value == "Federated") {
            out.push(ctx.finding(
                "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
                entry.kind.range,
                format!(
                    "{} does not support a federated identity provider in the principal element: only a role's \
                     trust policy can trust one. Use a supported principal.",
                    capitalized(&kind.with_article())
                ),
            ));
        }
    }
    if kind.has_principals() && statement.principal.is_none() && statement.not_principal.is_none() {
        let range = statement
            .effect
            .as_ref()
            .map_or(crate::syntax::TextRange::new(statement.range.start, statement.range.start + 1), |e| e.range);
        out.push(ctx.finding(
            "MISSING_PRINCIPAL",
            range,
            format!(
                "{} has no `Principal`: statements of {} must say who they apply to, and IAM rejects it.",
                statement.label(),
                kind.with_article()
            ),
        ));
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Deletes a statement member (key and value) with its comma.
fn statement_member_removal(ctx: &Context<'_>, policy: &Policy, member: crate::syntax::TextRange) -> Option<Edit> {
    let root = ctx.parse.roots.get(policy.root)?;
    let object = super::elements::object_around(root, member)?;
    let members = object.as_object()?;
    let index = members.iter().position(|m| m.range() == member)?;
    Some(super::edit::remove_member(ctx.text, members, index))
}

/// The value's form, then each principal type and value.
fn shape(ctx: &Context<'_>, policy: &Policy, principal: &Principal, out: &mut Vec<Finding>) {
    let entries = match &principal.value {
        PrincipalValue::Str(s) if &*s.value == "*" => return,
        PrincipalValue::Str(s) => {
            let mut finding = ctx.finding(
                "INVALID_PRINCIPAL_FORMAT",
                s.range,
                format!(
                    "A principal string can only be `\"*\"`; `{}` must be inside a principal type such as `{{\"AWS\": ...}}`.",
                    s.value
                ),
            );
            if let Some(kind) = values::kind_of(&s.value) {
                let fixed = format!("{{\"{kind}\": {}}}", super::edit::json_string(&s.value));
                finding = finding.with_fix(format!("Change to `{fixed}`"), vec![Edit::replace(s.range, fixed)], false);
            }
            out.push(finding);
            return;
        }
        PrincipalValue::Other => {
            let raw = &ctx.text[principal.range.start..principal.range.end];
            let star_array = ctx
                .parse
                .roots
                .get(policy.root)
                .and_then(|root| node_at(root, principal.range))
                .and_then(|n| n.as_array())
                .is_some_and(|items| items.len() == 1 && items[0].as_str() == Some("*"));
            let finding = ctx.finding(
                "INVALID_PRINCIPAL_FORMAT",
                principal.range,
                format!("`{raw}` is not a principal: IAM expects `\"*\"` or an object such as `{{\"AWS\": ...}}`."),
            );
            out.push(if star_array {
                finding.with_fix("Change to `\"*\"`", vec![replace_string(principal.range, "*")], false)
            } else {
                finding
            });
            return;
        }
        PrincipalValue::Map(entries) => entries,
    };
    if entries.is_empty() {
        out.push(ctx.finding(
            "EMPTY_OBJECT_PRINCIPAL",
            principal.range,
            "The principal object is empty, so it names nobody and the statement applies to no request.",
        ));
    }
    for entry in entries {
        let key = &*entry.kind.value;
        if !KEYS.contains(&key) {
            let mut finding = ctx.finding(
                "INVALID_PRINCIPAL_KEY",
                entry.kind.range,
                format!("`{key}` is not a principal type (`AWS`, `Service`, `Federated` or `CanonicalUser`): IAM rejects it."),
            );
            let mut candidates = closest(key, KEYS.iter().copied(), 3);
            candidates.truncate(2);
            for k in candidates {
                finding =
                    finding.with_fix(format!("Change to `{k}`"), vec![replace_string(entry.kind.range, k)], false);
            }
            out.push(finding);
        }
        let node = ctx.parse.roots.get(policy.root).and_then(|root| node_at(root, entry.range));
        match node.map(|n| &n.kind) {
            Some(NodeKind::Array(items)) if items.is_empty() => out.push(ctx.finding(
                "EMPTY_ARRAY_PRINCIPAL",
                entry.range,
                format!("`{key}` lists no principal, so it names nobody."),
            )),
            Some(NodeKind::Array(items))
                if items.iter().all(|n| n.as_str().is_some() || matches!(n.kind, NodeKind::Unknown(_))) => {}
            Some(NodeKind::String(_) | NodeKind::Unknown(_)) | None => {}
            Some(_) => {
                let raw = &ctx.text[entry.range.start..entry.range.end];
                out.push(ctx.finding(
                    "INVALID_PRINCIPAL_FORMAT",
                    entry.range,
                    format!("`{raw}` is not a principal: `{key}` takes a string or an array of strings."),
                ));
            }
        }
        for value in &entry.values {
            out.extend(values::check(ctx, policy, key, value));
        }
    }
}
