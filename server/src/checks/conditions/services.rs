//! Condition keys whose service prefix names no service: `INVALID_SERVICE`.
//!
//! Federation keys are named after their identity provider (`accounts.google.com:`,
//! `token.actions.githubusercontent.com:`), never a service prefix: only a prefix shaped like one
//! (letters, digits and hyphens) that no key of the catalog has is checked.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::catalog::{catalog, retired_service};
use crate::checks::actions::suggest_services;
use crate::checks::edit::replace_string;
use crate::checks::elements::value_range;
use crate::checks::{Context, Finding, Severity};
use crate::policy::Str;

/// Prefixes of the keys services define under another name than their own: `catalog:` (AWS
/// Marketplace Catalog), `cognito-identity-unauth:` (Cognito Identity), `saml:` (STS). Lower case.
fn foreign_prefixes() -> &'static HashSet<String> {
    static PREFIXES: LazyLock<HashSet<String>> = LazyLock::new(|| {
        catalog()
            .services()
            .flat_map(|s| &s.condition_keys)
            .filter_map(|k| k.name.split_once(':').map(|(p, _)| p.to_ascii_lowercase()))
            .filter(|p| catalog().service(p).is_none())
            .collect()
    });
    &PREFIXES
}

/// Reports `prefix`, which the catalog has no service for.
pub(super) fn check(ctx: &Context<'_>, key: &Str, prefix: &str, name: &str, out: &mut Vec<Finding>) {
    let shaped = prefix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !shaped || foreign_prefixes().contains(&prefix.to_ascii_lowercase()) {
        return;
    }
    let range = value_range(ctx.text, key, 0, prefix.len());
    if let Some(date) = retired_service(prefix) {
        let mut finding = ctx.finding(
            "INVALID_SERVICE",
            range,
            format!(
                "`{prefix}` is a retired service: last in the Service Authorization Reference of {date}. No request \
                 has `{}` any more, so the condition never matches.",
                key.value
            ),
        );
        // A retired name is no mistake of the author's, as for actions.
        finding.severity = Severity::Warning;
        out.push(finding);
        return;
    }
    let mut candidates = suggest_services(catalog(), prefix, None);
    // A service that has the key the policy names comes first.
    candidates.sort_by_key(|s| s.condition_key(&format!("{}:{name}", s.prefix)).is_none());
    let mut finding = ctx.finding(
        "INVALID_SERVICE",
        range,
        format!(
            "`{prefix}` is not a service prefix of the Service Authorization Reference (catalog of {}), so no \
             request has `{}` and the condition never matches{}",
            catalog().data_date(),
            key.value,
            candidates.first().map_or(".".to_owned(), |s| format!("; did you mean `{}`?", s.prefix))
        ),
    );
    for s in candidates {
        let fixed = format!("{}:{name}", s.prefix);
        finding = finding.with_fix(format!("Use `{fixed}`"), vec![replace_string(key.range, &fixed)], false);
    }
    out.push(finding);
}
