//! Condition keys: `INVALID_CONDITION_KEY_FORMAT`, `INVALID_GLOBAL_CONDITION_KEY`,
//! `DEPRECATED_GLOBAL_CONDITION_KEY`, `INVALID_SERVICE_CONDITION_KEY`, `MISSING_TAG_KEY_IN_CONDITION`
//! (and, for an unknown service prefix, `INVALID_SERVICE` in `services`).

use crate::catalog::{KeyType, catalog, find_variable, has_variable, split_once_byte};
use crate::checks::edit::replace_string;
use crate::checks::suggest::distance;
use crate::checks::{Context, Finding};
use crate::policy::Str;

/// What the catalog knows about a key the policy names.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::checks) struct KeyInfo {
    /// The catalog's spelling (a template such as `aws:ResourceTag/${TagKey}` for tag keys).
    pub name: String,
    pub key_type: KeyType,
    pub multivalued: bool,
}

/// Deprecated global keys the catalog does not list (its `deprecated_by` is consulted first):
/// IAM Access Analyzer's list.
const DEPRECATED: &[(&str, &str)] = &[("aws:ARN", "aws:PrincipalArn")];

/// Keys AWS uses in its own managed policies that the Service Authorization Reference does not
/// document: valid in practice, so never reported as unknown.
const UNDOCUMENTED: &[(&str, KeyType)] =
    &[("aws:PrincipalOrgMasterAccountId", KeyType::String), ("lakeformation:GlueARN", KeyType::Unknown)];

/// Checks a key; returns what is known about it when it names a key of the catalog.
pub(super) fn check(ctx: &Context<'_>, key: &Str, out: &mut Vec<Finding>) -> Option<KeyInfo> {
    let text = &*key.value;
    let Some((prefix, name)) = split_once_byte(text, b':').filter(|(p, n)| well_formed(p, n)) else {
        out.push(bad_format(ctx, key));
        return None;
    };
    if prefix.eq_ignore_ascii_case("aws") { global(ctx, key, out) } else { service(ctx, key, prefix, name, out) }
}

/// The catalog's knowledge of a well-formed key, without reporting anything.
pub(in crate::checks) fn lookup(text: &str) -> Option<KeyInfo> {
    let (prefix, _) = split_once_byte(text, b':')?;
    if let Some((name, key_type)) = UNDOCUMENTED.iter().find(|(name, _)| name.eq_ignore_ascii_case(text)) {
        return Some(KeyInfo { name: (*name).to_owned(), key_type: *key_type, multivalued: false });
    }
    if prefix.eq_ignore_ascii_case("aws") {
        let g = catalog().global_key(text)?;
        Some(KeyInfo {
            name: g.name.to_owned(),
            key_type: g.key_type,
            multivalued: g.multivalued || g.key_type.is_multivalued(),
        })
    } else {
        let (_, k) = catalog().condition_key(text)?;
        Some(KeyInfo { name: k.name.to_owned(), key_type: k.key_type, multivalued: k.key_type.is_multivalued() })
    }
}

fn well_formed(prefix: &str, name: &str) -> bool {
    let clean = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
    clean(prefix) && clean(name)
}

fn bad_format(ctx: &Context<'_>, key: &Str) -> Finding {
    let text = &*key.value;
    let mut finding = ctx.finding(
        "INVALID_CONDITION_KEY_FORMAT",
        key.range,
        format!("Condition key `{text}` is not `prefix:name` (like `aws:SourceIp`), so IAM rejects the policy."),
    );
    // White space around a real key, or a separator typed in place of the colon.
    let trimmed = text.trim();
    let mut candidates = vec![trimmed.to_owned(), format!("aws:{trimmed}")];
    for sep in ['_', '.', '-', ';', ' '] {
        if let Some((p, n)) = trimmed.split_once(sep) {
            candidates.push(format!("{p}:{n}"));
        }
    }
    if let Some(fixed) = candidates.into_iter().find(|c| c != text && lookup(c).is_some()) {
        let safe = fixed == trimmed;
        finding = finding.with_fix(format!("Use `{fixed}`"), vec![replace_string(key.range, &fixed)], safe);
    }
    finding
}

fn global(ctx: &Context<'_>, key: &Str, out: &mut Vec<Finding>) -> Option<KeyInfo> {
    let text = &*key.value;
    let replacement = match catalog().global_key(text) {
        Some(g) => g.deprecated_by.map(str::to_owned),
        None => DEPRECATED.iter().find(|(old, _)| old.eq_ignore_ascii_case(text)).map(|(_, new)| (*new).to_owned()),
    };
    if let Some(new) = replacement {
        out.push(
            ctx.finding(
                "DEPRECATED_GLOBAL_CONDITION_KEY",
                key.range,
                format!("Condition key `{text}` is deprecated; AWS recommends `{new}` in its place."),
            )
            .with_fix(format!("Use `{new}`"), vec![replace_string(key.range, &new)], true),
        );
        return lookup(&new);
    }
    if let Some(info) = lookup(text) {
        return Some(info);
    }
    if missing_tag_key(text, |probe| catalog().global_key(probe).map(|g| g.name)) {
        out.push(missing_tag(ctx, key));
        return None;
    }
    let names = catalog().global_keys().iter().map(|g| g.name);
    out.push(with_suggestions(
        ctx.finding(
            "INVALID_GLOBAL_CONDITION_KEY",
            key.range,
            format!("`{text}` is not a global condition key, so no request has it and the condition never matches"),
        ),
        key,
        suggest(text, names),
    ));
    None
}

fn service(ctx: &Context<'_>, key: &Str, prefix: &str, name: &str, out: &mut Vec<Finding>) -> Option<KeyInfo> {
    let text = &*key.value;
    // Federation keys (`saml:`, `accounts.google.com:`, OIDC issuers…) have nothing to check
    // against; other prefixes the catalog does not know are `INVALID_SERVICE`.
    let Some(service) = catalog().service(prefix) else {
        super::services::check(ctx, key, prefix, name, out);
        return None;
    };
    if let Some(info) = lookup(text) {
        return Some(info);
    }
    if missing_tag_key(text, |probe| service.condition_key(probe).map(|k| k.name)) {
        out.push(missing_tag(ctx, key));
        return None;
    }
    let names = service.condition_keys.iter().map(|k| k.name);
    let what = format!(
        "{} ({}) has no condition key `{name}`, so no request has it and the condition never matches",
        service.name, service.prefix
    );
    out.push(with_suggestions(
        ctx.finding("INVALID_SERVICE_CONDITION_KEY", key.range, what),
        key,
        suggest(text, names),
    ));
    None
}

/// `aws:ResourceTag`, `aws:RequestTag/`: a tag-key template's head with nothing after it.
fn missing_tag_key<'a>(text: &str, find: impl Fn(&str) -> Option<&'a str>) -> bool {
    let head = text.trim_end_matches('/');
    find(&format!("{head}/x")).is_some_and(|name| has_variable(name) || name.contains('<'))
}

fn missing_tag(ctx: &Context<'_>, key: &Str) -> Finding {
    let head = key.value.trim_end_matches('/');
    ctx.finding(
        "MISSING_TAG_KEY_IN_CONDITION",
        key.range,
        format!("`{}` names no tag: write the tag key after the slash, as in `{head}/team`.", key.value),
    )
}

fn with_suggestions(finding: Finding, key: &Str, suggestions: Vec<String>) -> Finding {
    let mut message = finding.message.clone();
    match suggestions.first() {
        Some(best) => message.push_str(&format!("; did you mean `{best}`?")),
        None => message.push('.'),
    }
    let mut finding = Finding { message, ..finding };
    for s in suggestions {
        finding = finding.with_fix(format!("Use `{s}`"), vec![replace_string(key.range, &s)], false);
    }
    finding
}

/// The closest keys to a misspelled one, best first: tag-key templates keep the written tag
/// (`aws:ResourceTags/team` → `aws:ResourceTag/team`).
pub(in crate::checks) fn suggest<'a>(written: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let max = (written.len() / 5).clamp(1, 3);
    let mut scored: Vec<(usize, String)> = names
        .filter_map(|name| {
            let head_end = find_variable(name).or_else(|| name.find('<'));
            let candidate = match head_end {
                Some(at) => {
                    let (w_head, w_tail) = written.split_at(written.find('/').map_or(written.len(), |i| i + 1));
                    if w_tail.is_empty() {
                        return None;
                    }
                    (distance(&name[..at], w_head), format!("{}{w_tail}", &name[..at]))
                }
                None => (distance(name, written), name.to_owned()),
            };
            Some(candidate)
        })
        .filter(|(d, _)| *d <= max)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    // Only the best: a rival further away is noise.
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored.retain(|(d, _)| *d == best);
    scored.into_iter().take(3).map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_keys_and_keeps_tag_keys() {
        let names = ["aws:SourceIp", "aws:SourceVpc", "aws:ResourceTag/${TagKey}"];
        assert_eq!(suggest("aws:SourceIP4", names.into_iter())[0], "aws:SourceIp");
        assert_eq!(suggest("aws:ResourceTags/team", names.into_iter()), ["aws:ResourceTag/team"]);
        assert!(suggest("aws:Completely", names.into_iter()).is_empty());
    }

    #[test]
    fn looks_up_templates_case_insensitively() {
        assert_eq!(lookup("AWS:sourceip").map(|k| k.key_type), Some(KeyType::IpAddress));
        assert!(lookup("aws:ResourceTag/owner").is_some());
        assert!(lookup("aws:TagKeys").is_some_and(|k| k.multivalued));
        assert!(lookup("s3:prefix").is_some());
        assert!(lookup("s3:prefixx").is_none());
    }
}
