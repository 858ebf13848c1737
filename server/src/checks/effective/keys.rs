//! Condition keys some actions of the statement do not support, as IAM Access Analyzer reports
//! them: `UNSUPPORTED_ACTION_FOR_CONDITION_KEY` per service key, naming the listed actions
//! (wildcards are not judged, as in Access Analyzer), and the tag-key checks per service
//! (`ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE` and its Deny and `NotAction`
//! variants).

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
            let key = &*entry.key.value;
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

/// The tag-key checks: for a tag key whose absence fails the condition, each `Action` entry with
/// actions that do not support it (their requests lack the key, so the statement never applies to
/// them), located at the entry with the key as related information, as Access Analyzer locates
/// each such action and the key (with `NotAction`, the statement reaches every service, and some
/// surely lack the key: one finding at the key).
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
        for item in reach.items.iter().filter(|i| !i.opaque) {
            let lacking: Vec<ActionRef<'static>> =
                item.actions.iter().filter(|a| !conditions::supports(**a, blocking)).copied().collect();
            if lacking.is_empty() {
                continue;
            }
            // What lacks the key, and the pronoun for it.
            let (what, them) = match (item.item.value.contains(['*', '?']), lacking.len()) {
                (false, _) => (format!("`{}` does not", item.item.value), "it"),
                (true, 1) => {
                    (format!("`{}` includes {}, which does not", item.item.value, lacking_list(&lacking)), "it")
                }
                (true, _) => {
                    (format!("`{}` includes {}, which do not", item.item.value, lacking_list(&lacking)), "them")
                }
            };
            let (code, message) = if allow {
                (
                    "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                    format!(
                        "{what} support the tag condition key `{key}`, so this Allow statement never allows {them}. Move {them} to a statement without this condition key."
                    ),
                )
            } else {
                (
                    "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                    format!(
                        "{what} support the tag condition key `{key}`, so this Deny statement never denies {them}, even on tagged resources: it is overly permissive. Deny {them} in a statement without this condition key."
                    ),
                )
            };
            out.push(
                ctx.finding(code, item.item.range, message)
                    .with_related(blocking.entry.key.range, format!("the tag condition key `{key}`")),
            );
        }
    }
}

/// "`s3:ListBucket`", "`a` and `b`", "`a`, `b` and 3 more actions".
fn lacking_list(actions: &[ActionRef<'static>]) -> String {
    let names: Vec<String> = actions.iter().take(2).map(|a| format!("`{}`", a.full_name())).collect();
    match (actions.len(), names.as_slice()) {
        (1, [one]) => one.clone(),
        (2, [a, b]) => format!("{a} and {b}"),
        (n, [a, b]) => format!("{a}, {b} and {} more actions", n - 2),
        _ => String::new(),
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
