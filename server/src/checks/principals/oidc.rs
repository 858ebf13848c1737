//! OIDC providers in trust policies: conditions on the provider's own claims, GitHub's `sub`, and
//! set operators on the single-valued audience claim.

use crate::checks::edit::replace_string;
use crate::checks::{Context, Finding};
use crate::policy::{Operator, PrincipalValue, Qualifier, Statement};

use super::federated::{self, Provider};

pub(super) fn check(ctx: &Context<'_>, statement: &Statement, out: &mut Vec<Finding>) {
    audience_qualifiers(ctx, statement, out);
    if !statement.is_allow() {
        return;
    }
    let Some(PrincipalValue::Map(entries)) = statement.principal.as_ref().map(|p| &p.value) else { return };
    let keys: Vec<&str> =
        statement.condition.iter().flat_map(|c| &c.blocks).flat_map(|b| &b.entries).map(|e| &*e.key.value).collect();
    for value in entries.iter().filter(|e| &*e.kind.value == "Federated").flat_map(|e| &e.values) {
        let Ok(Provider::Oidc(issuer)) = federated::parse(&value.value) else { continue };
        let has_key = |claim: Option<&str>| {
            keys.iter().any(|k| {
                k.len() > issuer.len()
                    && k.is_char_boundary(issuer.len())
                    && k[..issuer.len()].eq_ignore_ascii_case(issuer)
                    && k[issuer.len()..].starts_with(':')
                    && claim.is_none_or(|c| k[issuer.len() + 1..].eq_ignore_ascii_case(c))
            })
        };
        if !has_key(None) {
            out.push(ctx.finding(
                "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
                value.range,
                format!(
                    "Using the OpenID Connect principal `{issuer}` without a condition can be overly permissive: add \
                     conditions on its keys (`{issuer}:aud`, `{issuer}:sub`) so that only the intended identities assume the role."
                ),
            ));
        }
        if federated::is_github(issuer) {
            if !has_key(Some("sub")) {
                out.push(ctx.finding(
                    "MISSING_GITHUB_REPO_CONDITION_KEY",
                    value.range,
                    format!(
                        "Without a `{issuer}:sub` condition, GitHub Actions workflows of any repository can assume the \
                         role: add the condition and name the repository and branch in its value."
                    ),
                ));
            }
            github_subjects(ctx, statement, issuer, has_key(Some("ref")), out);
        }
    }
}

/// Wildcards in GitHub's `sub`: in the repository part always too broad; in the branch part unless a
/// `ref` condition names the branch.
fn github_subjects(ctx: &Context<'_>, statement: &Statement, issuer: &str, has_ref: bool, out: &mut Vec<Finding>) {
    let sub = format!("{issuer}:sub");
    for block in statement.condition.iter().flat_map(|c| &c.blocks) {
        let Some(op) = Operator::parse(&block.operator.value) else { continue };
        if !op.is_like() || op.negated {
            continue;
        }
        for entry in block.entries.iter().filter(|e| e.key.value.eq_ignore_ascii_case(&sub)) {
            for value in &entry.values {
                let v = value.text.as_str();
                if !v.contains(['*', '?']) {
                    continue;
                }
                let repository_open = repository_part(v).contains(['*', '?']);
                if !repository_open && has_ref {
                    continue;
                }
                let what = if repository_open { "any repository" } else { "any branch, environment or event" };
                out.push(ctx.finding(
                    "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
                    value.range,
                    format!(
                        "`{v}` matches {what}: using a wildcard in {sub} can allow requests from more sources than \
                         you intended. Name the repository and the branch; if the subject does not include the \
                         branch, specify it in a `{issuer}:ref` condition."
                    ),
                ));
            }
        }
    }
}

/// `repo:org/name` of a subject `repo:org/name:ref:refs/heads/main`; the whole value when it has no
/// such shape.
fn repository_part(subject: &str) -> &str {
    let Some(rest) = subject.strip_prefix("repo:") else { return subject };
    match rest.find(':') {
        Some(i) => &subject[..5 + i],
        None => subject,
    }
}

/// `ForAnyValue`/`ForAllValues` on `<issuer>:aud`.
fn audience_qualifiers(ctx: &Context<'_>, statement: &Statement, out: &mut Vec<Finding>) {
    for block in statement.condition.iter().flat_map(|c| &c.blocks) {
        let Some(op) = Operator::parse(&block.operator.value) else { continue };
        let Some(qualifier) = op.qualifier else { continue };
        let is_audience = |key: &str| {
            key.rsplit_once(':')
                .is_some_and(|(issuer, claim)| claim.eq_ignore_ascii_case("aud") && issuer.contains('.'))
        };
        let only_audiences = block.entries.iter().all(|e| is_audience(&e.key.value));
        let plain = block.operator.value.split_once(':').map_or("", |(_, base)| base).to_owned();
        for entry in block.entries.iter().filter(|e| is_audience(&e.key.value)) {
            let key = &entry.key.value;
            let (code, message) = match qualifier {
                Qualifier::ForAnyValue => (
                    "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE",
                    format!(
                        "Using the ForAnyValue qualifier with the single-valued condition key {key} can be overly \
                         permissive: remove `ForAnyValue:`."
                    ),
                ),
                Qualifier::ForAllValues => (
                    "CONFIRM_AUDIENCE_CLAIM_TYPE",
                    format!(
                        "The \"{key}\" (audience) claim key identifies the recipients that the JSON web token is \
                         intended for. If this claim is single-valued, as it is for most providers, do not use a qualifier."
                    ),
                ),
            };
            let mut finding = ctx.finding(code, block.operator.range, message);
            if only_audiences && !plain.is_empty() {
                finding = finding.with_fix(
                    format!("Change to `{plain}`"),
                    vec![replace_string(block.operator.range, &plain)],
                    qualifier == Qualifier::ForAnyValue,
                );
            }
            out.push(finding);
        }
    }
}
