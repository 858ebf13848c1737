//! One `Action`/`NotAction` entry: its format, its service prefix and its action name.

use crate::catalog::{catalog, decidable_service, has_wildcard, retired_action, retired_service};
use crate::checks::edit::{remove_list_item, replace_string};
use crate::checks::effective::{ActionEntry, names_actions, parts};
use crate::checks::elements::{has_white_space, siblings, value_range};
use crate::checks::{Context, Edit, Finding, Severity};
use crate::policy::Str;

use super::suggest;

/// Whether an entry has the `service:action` shape the other checks (redundancy) rely on:
/// exactly one `:`, neither first nor last, and no white space.
pub(super) fn well_formed(value: &str) -> bool {
    value == "*" || parts(value).is_some_and(|(_, name)| !name.is_empty())
}

pub(super) fn check(ctx: &Context<'_>, item: &Str, entry: Option<&ActionEntry>) -> Option<Finding> {
    // Most entries name catalog actions, which the entry the reach reads tells (an `Action`
    // entry's, resolved once per statement; else the reach's cache of entries, the same entries
    // recurring across the statements and policies of a run).
    if names_actions(&item.value, entry) {
        return None;
    }
    decide(ctx, item)
}

fn decide(ctx: &Context<'_>, item: &Str) -> Option<Finding> {
    let value = &*item.value;
    if value.is_empty() {
        return Some(ctx.finding(
            "INVALID_ACTION_FORMAT",
            item.range,
            "An empty string is not an action: IAM expects `service:action`, e.g. `s3:GetObject`.",
        ));
    }
    if has_white_space(value) {
        let fixed: String = value.split_whitespace().collect();
        let finding = ctx.finding(
            "INVALID_ACTION_FORMAT",
            item.range,
            format!("`{value}` contains white space, which IAM does not ignore: the entry matches no action."),
        );
        return Some(if fixed.is_empty() {
            finding
        } else {
            finding.with_fix(format!("Change to `{fixed}`"), vec![replace_string(item.range, &fixed)], true)
        });
    }
    if value == "*" {
        return None;
    }
    let Some((service, action)) = value.split_once(':') else {
        return Some(missing_colon(ctx, item));
    };
    if service.is_empty() || action.is_empty() || action.contains(':') {
        let parts: Vec<&str> = value.split(':').filter(|p| !p.is_empty()).collect();
        let finding = ctx.finding(
            "INVALID_ACTION_FORMAT",
            item.range,
            format!("`{value}` is not `service:action` (one `:` between a service prefix and an action name): it matches no action."),
        );
        return Some(match parts[..] {
            [s, a] => {
                let fixed = format!("{s}:{a}");
                finding.with_fix(format!("Change to `{fixed}`"), vec![replace_string(item.range, &fixed)], false)
            }
            _ => finding,
        });
    }
    let service_range = value_range(ctx.text, item, 0, service.len());
    let action_range = value_range(ctx.text, item, service.len() + 1, value.len());
    if has_wildcard(service) {
        return wildcard_service(ctx, item, service, action_range);
    }
    let Some(svc) = catalog().service(service) else {
        if let Some(date) = retired_service(service) {
            return Some(retired(
                ctx.finding(
                    "INVALID_SERVICE_IN_ACTION",
                    service_range,
                    format!(
                        "`{service}` is a retired service: last in the Service Authorization Reference of {date}. \
                         `{value}` matches no action any more; the entry can be removed."
                    ),
                ),
                ctx,
                item,
            ));
        }
        let mut finding = ctx.finding(
            "INVALID_SERVICE_IN_ACTION",
            service_range,
            format!(
                "`{service}` is not a service prefix of the Service Authorization Reference (catalog of {}), \
                 so `{value}` matches no action.",
                catalog().data_date()
            ),
        );
        for s in suggest::services(catalog(), service, Some(action)) {
            let fixed = format!("{}:{action}", s.prefix);
            finding =
                finding.with_fix(format!("Did you mean `{fixed}`?"), vec![replace_string(item.range, &fixed)], false);
        }
        return Some(finding);
    };
    if !decidable_service(svc.prefix) {
        return None;
    }
    if has_wildcard(action) {
        if svc.matching_actions(action).next().is_some() {
            return None;
        }
        return Some(ctx.finding(
            "INVALID_ACTION",
            action_range,
            format!(
                "`{action}` matches no action of {} (`{}`), so the entry grants or denies nothing.",
                svc.name, svc.prefix
            ),
        ));
    }
    if svc.action(action).is_some() {
        return None;
    }
    if let Some(date) = retired_action(svc.prefix, action) {
        return Some(retired(
            ctx.finding(
                "INVALID_ACTION",
                action_range,
                format!(
                    "`{action}` is a retired action of {} (`{}`): last in the Service Authorization Reference of \
                     {date}. It matches no request any more; the entry can be removed.",
                    svc.name, svc.prefix
                ),
            ),
            ctx,
            item,
        ));
    }
    let mut finding = ctx.finding(
        "INVALID_ACTION",
        action_range,
        format!(
            "{} (`{}`) has no action `{action}` in the Service Authorization Reference (catalog of {}), so the \
             entry grants or denies nothing.",
            svc.name,
            svc.prefix,
            catalog().data_date()
        ),
    );
    for name in suggest::actions(svc, action) {
        let fixed = format!("{}:{name}", svc.prefix);
        finding = finding.with_fix(format!("Did you mean `{fixed}`?"), vec![replace_string(item.range, &fixed)], false);
    }
    Some(finding)
}

/// A retired name is no mistake of the author's and harms nothing, so it is a warning whatever
/// the rule's severity; removing the entry is the fix.
fn retired(mut finding: Finding, ctx: &Context<'_>, item: &Str) -> Finding {
    finding.severity = Severity::Warning;
    match remove_entry(ctx, item) {
        Some(edit) => finding.with_fix(format!("Remove `{}`", item.value), vec![edit], true),
        None => finding,
    }
}

/// Removing an entry of an array that keeps others; it matched nothing, so nothing changes.
fn remove_entry(ctx: &Context<'_>, item: &Str) -> Option<Edit> {
    let ranges = ctx.parse.roots.iter().find_map(|root| siblings(root, item.range)).filter(|r| r.len() > 1)?;
    let index = ranges.iter().position(|r| *r == item.range)?;
    Some(remove_list_item(ctx.text, &ranges, index))
}

/// `iam.CreateUser`, `iamCreateUser`: no `:` at all.
fn missing_colon(ctx: &Context<'_>, item: &Str) -> Finding {
    let value = &*item.value;
    let finding = ctx.finding(
        "INVALID_ACTION_FORMAT",
        item.range,
        format!("`{value}` lacks the `:` between the service prefix and the action name, so it matches no action."),
    );
    let repaired = value
        .split_once(['.', '/', ';'])
        .filter(|(s, a)| !s.is_empty() && !a.is_empty() && !catalog().matching_prefixes(s).is_empty())
        .map(|(s, a)| format!("{s}:{a}"));
    match repaired {
        Some(fixed) => {
            finding.with_fix(format!("Change to `{fixed}`"), vec![replace_string(item.range, &fixed)], false)
        }
        None => finding,
    }
}

/// `s*:GetObject`: tells which services the pattern reaches, and whether any action matches.
fn wildcard_service(
    ctx: &Context<'_>,
    item: &Str,
    service: &str,
    action_range: crate::syntax::TextRange,
) -> Option<Finding> {
    let services = catalog().matching_services(service);
    let service_range = value_range(ctx.text, item, 0, service.len());
    if services.is_empty() {
        return Some(ctx.finding(
            "INVALID_SERVICE_IN_ACTION",
            service_range,
            format!("`{service}` matches no AWS service prefix, so `{}` matches no action.", item.value),
        ));
    }
    if services.iter().all(|s| decidable_service(s.prefix)) && catalog().matching_actions(&item.value).is_empty() {
        return Some(ctx.finding(
            "INVALID_ACTION",
            action_range,
            format!("`{}` matches no action of the services `{service}` reaches.", item.value),
        ));
    }
    const LISTED: usize = 8;
    let mut names: Vec<String> = services.iter().take(LISTED).map(|s| format!("`{}`", s.prefix)).collect();
    if services.len() > LISTED {
        names.push(format!("and {} more", services.len() - LISTED));
    }
    Some(ctx.finding(
        "WILDCARD_IN_SERVICE_NAME",
        service_range,
        format!(
            "The wildcard in the service prefix `{service}` reaches {} services ({}), including any added later.",
            services.len(),
            names.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_is_one_colon_between_two_names_without_white_space() {
        let by_definition = |value: &str| {
            value == "*"
                || (!has_white_space(value)
                    && value.split_once(':').is_some_and(|(s, a)| !s.is_empty() && !a.is_empty() && !a.contains(':')))
        };
        let alphabet = ["s", ":", "*", " ", "\u{A0}", "é", "\t"];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            texts = texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            for text in &texts {
                assert_eq!(well_formed(text), by_definition(text), "{text:?}");
            }
        }
    }
}
