//! Condition keys some actions of the statement do not support, as IAM Access Analyzer reports
//! them: `UNSUPPORTED_ACTION_FOR_CONDITION_KEY` per service key, naming the listed actions
//! (wildcards are not judged, as in Access Analyzer), and the tag-key checks per service
//! (`ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE` and its Deny and `NotAction`
//! variants).

use std::collections::BTreeMap;

use crate::catalog::ActionRef;
use crate::checks::{Context, Finding};
use crate::policy::{AbsentKey, ConditionEntry, Operator};

use super::conditions::{self, Blocking};
use super::reach::Reach;

/// Whether the key is `aws:RequestTag/…`, `aws:ResourceTag/…` or `aws:TagKeys`.
pub(super) fn is_tag_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.starts_with("aws:requesttag/") || lower.starts_with("aws:resourcetag/") || lower == "aws:tagkeys"
}

/// A service's own tag key (`ec2:ResourceTag/…`, `ecs:RequestTag/…`, `…:TagKeys`). Access Analyzer
/// does not report these as unsupported per action (its real findings on AWS managed policies, in
/// `tests/corpus/access-analyzer`, never do, where the catalog lists actions without them): tag keys
/// have the tag checks.
fn is_service_tag_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.contains(":resourcetag/") || lower.contains(":requesttag/") || lower.ends_with(":tagkeys")
}

/// `UNSUPPORTED_ACTION_FOR_CONDITION_KEY`: one finding per service key, naming the actions written
/// without wildcards that do not support it. `…IfExists` and `Null` are how a policy says the key
/// may be absent, so they are not judged. Returns the entries reported.
pub(super) fn unsupported_actions<'s>(
    ctx: &Context<'_>,
    reach: &Reach<'s>,
    out: &mut Vec<Finding>,
) -> Vec<&'s ConditionEntry> {
    let mut reported = Vec::new();
    let Some(condition) = reach.stmt.condition.as_ref() else { return reported };
    for block in &condition.blocks {
        let Some(op) = Operator::parse(&block.operator.value) else { continue };
        if op.when_key_absent() == AbsentKey::NullCheck || op.if_exists {
            continue;
        }
        for entry in &block.entries {
            let key = entry.key.value.as_str();
            if key.to_ascii_lowercase().starts_with("aws:")
                || is_service_tag_key(key)
                || !conditions::action_dependent(key)
            {
                continue;
            }
            let blocking = Blocking { block, entry };
            let unsupported: Vec<(ActionRef<'static>, &crate::policy::Str)> = reach
                .items
                .iter()
                .filter(|i| !i.opaque && !i.item.value.contains(['*', '?']))
                .filter_map(|i| match &*i.actions {
                    [one] if !conditions::supports(*one, &blocking) => Some((*one, i.item)),
                    _ => None,
                })
                .collect();
            if unsupported.is_empty() {
                continue;
            }
            let names: Vec<String> = unsupported.iter().map(|(a, _)| format!("`{}`", a.full_name())).collect();
            let mut finding = ctx.finding(
                "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
                entry.key.range,
                format!(
                    "The following actions: {} are not supported by the condition key `{key}`. The condition will not be evaluated for these actions; move them to a statement without this condition key.",
                    names.join(", ")
                ),
            );
            for (action, item) in &unsupported {
                finding =
                    finding.with_related(item.range, format!("`{}` does not support `{key}`", action.full_name()));
            }
            out.push(finding);
            reported.push(entry);
        }
    }
    reported
}

/// The tag-key checks: for a tag key whose absence fails the condition, the services of the
/// statement none of whose actions supports it (with `NotAction`, the statement reaches every
/// service, and some surely lack the key).
pub(super) fn unsupported_tag_keys(ctx: &Context<'_>, reach: &Reach<'_>, out: &mut Vec<Finding>) {
    let allow = reach.stmt.is_allow();
    let not_action = reach.stmt.not_action.is_some();
    for blocking in reach.blocking.iter().filter(|b| is_tag_key(b.key())) {
        let key = blocking.key();
        if not_action {
            let (code, message) = if allow {
                (
                    "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                    format!(
                        "Using the effect Allow with NotAction and the tag condition key `{key}` allows only the actions that support it: many services do not, and their actions are not allowed by this statement. Use Action instead of NotAction."
                    ),
                )
            } else {
                (
                    "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                    format!(
                        "Using the effect Deny with NotAction and the tag condition key `{key}` can be overly permissive: the key does not apply to the actions of many services, which this statement does not deny. Use Action instead of NotAction."
                    ),
                )
            };
            out.push(ctx.finding(code, blocking.entry.key.range, message));
            continue;
        }
        let mut services: BTreeMap<&str, bool> = BTreeMap::new();
        for item in reach.items.iter().filter(|i| !i.opaque) {
            for action in item.actions.iter() {
                let supported = services.entry(action.service.prefix.as_str()).or_insert(false);
                *supported |= conditions::supports(*action, blocking);
            }
        }
        let lacking: Vec<String> =
            services.into_iter().filter(|(_, supported)| !supported).map(|(prefix, _)| format!("`{prefix}`")).collect();
        if lacking.is_empty() {
            continue;
        }
        let list = lacking.join(", ");
        let (code, message) = if allow {
            (
                "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                format!(
                    "Using the effect Allow with the tag condition key `{key}` and actions for services with the following prefixes does not affect the policy: {list}. Actions for the listed services are not allowed by this statement; move them to a statement without this condition key."
                ),
            )
        } else {
            (
                "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                format!(
                    "Using the effect Deny with the tag condition key `{key}` and actions for services with the following prefixes can be overly permissive: {list}. Actions for the listed services are not denied by this statement; move them to a statement without this condition key."
                ),
            )
        };
        out.push(ctx.finding(code, blocking.entry.key.range, message));
    }
}

/// `MISSING_ACTION_FOR_CONDITION_KEY`: a service key that no action of the statement supports,
/// and that exactly one action of the catalog supports (`iam:PassedToService` and
/// `iam:PassRole`): that action is missing from `Action`. Offers to add it.
pub(super) fn missing_action(ctx: &Context<'_>, reach: &Reach<'_>, blocking: &Blocking<'_>) -> Option<Finding> {
    let key = blocking.key();
    let (prefix, _) = key.split_once(':')?;
    if prefix.eq_ignore_ascii_case("aws") || reach.stmt.not_action.is_some() {
        return None;
    }
    let service = crate::catalog::catalog().service(prefix)?;
    let mut supporting = service
        .actions
        .iter()
        .map(|action| ActionRef { service, action })
        .filter(|a| conditions::supports(*a, blocking));
    let action = supporting.next()?;
    if supporting.next().is_some() {
        return None;
    }
    let name = action.full_name();
    let list = reach.stmt.action.as_ref()?;
    let quoted = format!("\"{name}\"");
    let edit = match list.items.as_slice() {
        [.., last] if list.is_array && list.range.contains_range(last.range) => {
            crate::checks::Edit::insert(last.range.end, format!(", {quoted}"))
        }
        [one] if !list.is_array && one.range == list.range => crate::checks::Edit::replace(
            one.range,
            format!("[{}, {quoted}]", &ctx.text[one.range.start..one.range.end]),
        ),
        _ => return None,
    };
    Some(
        ctx.finding(
            "MISSING_ACTION_FOR_CONDITION_KEY",
            blocking.entry.key.range,
            format!(
                "The `{name}` action must be in the action block to allow setting values for the condition key `{key}`. Add `{name}` to the action block."
            ),
        )
        .with_fix(format!("Add `{name}` to the action block"), vec![edit], false),
    )
}
