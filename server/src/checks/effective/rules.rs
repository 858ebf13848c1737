//! Findings about what one statement can never match.

use crate::catalog::ActionRef;
use crate::checks::edit::remove_list_item;
use crate::checks::{Context, Edit, Finding};
use crate::policy::Policy;
use crate::syntax::TextRange;
use rustc_hash::FxHashSet;

use super::layout::{Layout, source, statement_node, verbatim_members};
use super::reach::{ActionItem, Empty, Reach, ResourceKind};
use super::{keys, split};

/// Every finding for one statement.
pub(super) fn statement(ctx: &Context<'_>, policy: &Policy, reach: &Reach<'_>, out: &mut Vec<Finding>) {
    let mut causes: Vec<Finding> = Vec::new();
    let grants = if reach.stmt.is_allow() { "grants" } else { "denies" };
    if reach.empty.is_none() {
        no_applicable_resource(ctx, policy, reach, grants, &mut causes);
        no_applicable_action(ctx, reach, &mut causes);
        conditions(ctx, policy, reach, grants, &mut causes);
    }
    if reach.empty.is_some() || !reach.matches_something {
        out.push(nothing(ctx, reach, &causes));
    }
    out.extend(causes);
}

fn no_applicable_resource(ctx: &Context<'_>, policy: &Policy, reach: &Reach<'_>, grants: &str, out: &mut Vec<Finding>) {
    if reach.open_resources || reach.resources.iter().any(|r| r.kind == ResourceKind::Any) {
        return;
    }
    let Some(resource) = reach.stmt.resource.as_ref() else { return };
    // The live actions are asked of the entries that can be mostly unusable alone.
    let live: FxHashSet<usize> = if reach.items.iter().any(may_be_mostly_unusable) {
        reach.live.iter().map(|(a, _)| a.action.id()).collect()
    } else {
        FxHashSet::default()
    };
    let flags: Vec<Option<Unusable>> = reach.items.iter().map(|item| unusable(item, &live)).collect();
    if flags.iter().all(Option::is_none) {
        return;
    }
    let every_star_only = flags.iter().all(|f| matches!(f, Some(Unusable::StarOnly | Unusable::MostlyStarOnly { .. })));
    let listed = match resource.items.as_slice() {
        [one] => format!("with `{}`", one.value),
        _ => "with the listed resources".to_owned(),
    };
    for (item, flag) in reach.items.iter().zip(&flags) {
        let Some(flag) = flag else { continue };
        let name = &item.item.value;
        let literal = !name.contains(['*', '?']);
        let n = item.actions.len();
        let message = match flag {
            Unusable::StarOnly if literal => format!(
                "`{name}` supports no resource-level permissions, so {listed} it {grants} nothing; use `\"Resource\": \"*\"`"
            ),
            Unusable::StarOnly => format!(
                "None of the {n} actions `{name}` matches supports resource-level permissions, so {listed} it {grants} nothing; use `\"Resource\": \"*\"`"
            ),
            Unusable::MostlyStarOnly { star_only, usable } => format!(
                "{star_only} of the {n} actions `{name}` matches support no resource-level permissions, so {listed} they {} nothing (only {} can use the resources); use `\"Resource\": \"*\"`",
                if reach.stmt.is_allow() { "grant" } else { "deny" },
                usable_list(usable)
            ),
            Unusable::OtherTypes => {
                let types = resource_types(&item.actions);
                let subject =
                    if literal { format!("`{name}` applies") } else { format!("The actions `{name}` matches apply") };
                format!("{subject} only to {types}, so {listed} it {grants} nothing")
            }
        };
        let mut finding = ctx.finding("NO_APPLICABLE_RESOURCE", item.item.range, message);
        let within = resource.items.iter().all(|s| resource.range.contains_range(s.range));
        if every_star_only && within {
            let edit = Edit::replace(resource.range, "\"*\"");
            finding = finding.with_fix("Use \"Resource\": \"*\"", vec![edit], false);
        } else if matches!(flag, Unusable::StarOnly)
            && let Some(edits) = move_to_star(ctx, policy, reach, item)
        {
            finding =
                finding.with_fix("Move these actions to their own statement with \"Resource\": \"*\"", edits, false);
        }
        out.push(finding);
    }
}

/// Why an `Action` entry cannot use the statement's resources.
enum Unusable {
    /// None of its actions has resource-level permissions.
    StarOnly,
    /// A wildcard most of whose actions lack resource-level permissions, and at most one in ten
    /// can use the resources (`ec2:Describe*` beside an instance ARN: only
    /// `ec2:DescribeInstanceAttribute` can).
    MostlyStarOnly { star_only: usize, usable: Vec<ActionRef<'static>> },
    /// Its actions need resource types none of the resources is.
    OtherTypes,
}

/// Whether an entry can be [`Unusable::MostlyStarOnly`]: it applies, so one of its actions is
/// live, and at most one in ten may be, so it has ten or more.
fn may_be_mostly_unusable(item: &ActionItem<'_>) -> bool {
    item.applicable && item.actions.len() >= 10
}

fn unusable(item: &ActionItem<'_>, live: &FxHashSet<usize>) -> Option<Unusable> {
    if item.opaque || item.actions.is_empty() {
        return None;
    }
    let n = item.actions.len();
    if !item.applicable {
        let star_only = item.actions.iter().filter(|a| a.action.resource_types().is_empty()).count();
        return Some(if star_only == n { Unusable::StarOnly } else { Unusable::OtherTypes });
    }
    if !may_be_mostly_unusable(item) {
        return None;
    }
    let is_live = |a: &ActionRef<'static>| live.contains(&(a.action.id()));
    let usable = item.actions.iter().filter(|a| is_live(a)).count();
    let dead_star_only = item.actions.iter().filter(|a| a.action.resource_types().is_empty() && !is_live(a)).count();
    (dead_star_only * 2 > n && usable * 10 <= n).then(|| Unusable::MostlyStarOnly {
        star_only: dead_star_only,
        usable: item.actions.iter().filter(|a| is_live(a)).copied().collect(),
    })
}

/// "`object` or `accesspointobject`", "the resource types a, b, c and 4 more".
fn resource_types(actions: &[ActionRef<'static>]) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut star = false;
    for action in actions {
        star |= action.action.resource_types().is_empty();
        for (rt, _) in action.resource_types() {
            let name = format!("`{}`", rt.name);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    const SHOWN: usize = 5;
    let mut text = match names.len() {
        1 => format!("the resource type {}", names[0]),
        n if n <= SHOWN => format!("the resource types {}", names.join(", ")),
        n => format!("the resource types {} and {} more", names[..SHOWN].join(", "), n - SHOWN),
    };
    if star {
        text = format!("`*` or {text}");
    }
    text
}

/// Removes the entry from `Action` and adds a statement with it and `"Resource": "*"` after this
/// one, keeping `Effect`, `Principal` and `Condition`.
fn move_to_star(ctx: &Context<'_>, policy: &Policy, reach: &Reach<'_>, item: &ActionItem<'_>) -> Option<Vec<Edit>> {
    let actions = reach.stmt.action.as_ref()?;
    let index = actions.items.iter().position(|s| std::ptr::eq(s, item.item))?;
    if !actions.is_array
        || actions.items.len() < 2
        || !actions.items.iter().all(|s| actions.range.contains_range(s.range))
    {
        return None;
    }
    let (node, Some(_)) = statement_node(ctx, policy, reach.stmt)? else { return None };
    let layout = Layout::of(ctx.text, node, ctx.style());
    let members: Vec<(String, String)> = verbatim_members(ctx.text, node)
        .into_iter()
        .filter(|(_, _, element)| *element != "Sid")
        .map(|(key, value, element)| match element {
            "Action" => (key, source(ctx.text, item.item.range)),
            "Resource" => (key, "\"*\"".to_owned()),
            _ => (key, value),
        })
        .collect();
    let ranges: Vec<TextRange> = actions.items.iter().map(|s| s.range).collect();
    let insert = format!("{}{}", layout.statement_separator(), layout.object(&members));
    Some(vec![remove_list_item(ctx.text, &ranges, index), Edit::insert(reach.stmt.range.end, insert)])
}

fn no_applicable_action(ctx: &Context<'_>, reach: &Reach<'_>, out: &mut Vec<Finding>) {
    if reach.opaque() || !reach.items.iter().any(|i| i.applicable) {
        return;
    }
    let Some(resource) = reach.stmt.resource.as_ref() else { return };
    let ranges: Vec<TextRange> = resource.items.iter().map(|s| s.range).collect();
    let removable = resource.is_array && resource.items.iter().all(|s| resource.range.contains_range(s.range));
    for (index, r) in reach.resources.iter().enumerate() {
        if r.used || r.kind != ResourceKind::Arn {
            continue;
        }
        let message = format!(
            "No action of this statement can use `{}`, so it {} nothing here; add actions that apply to it or remove it",
            r.item.value,
            if reach.stmt.is_allow() { "grants" } else { "denies" }
        );
        let mut finding = ctx.finding("NO_APPLICABLE_ACTION", r.item.range, message);
        if removable {
            finding = finding.with_fix("Remove the resource", vec![remove_list_item(ctx.text, &ranges, index)], false);
        }
        out.push(finding);
    }
}

fn conditions(ctx: &Context<'_>, policy: &Policy, reach: &Reach<'_>, grants: &str, out: &mut Vec<Finding>) {
    let reported = keys::unsupported_actions(ctx, reach, out);
    keys::unsupported_tag_keys(ctx, reach, out);
    if reach.opaque() || reach.live.is_empty() || reach.blocking.is_empty() {
        return;
    }
    let mut all_supported = true;
    for (i, blocking) in reach.blocking.iter().enumerate() {
        let bit = 1u64 << i.min(63);
        if reach.live.iter().any(|(_, mask)| mask & bit != 0) {
            continue;
        }
        all_supported = false;
        out.extend(keys::missing_action(ctx, reach, blocking));
        // Reported per action or per service already.
        if keys::is_tag_key(blocking.key()) || reported.iter().any(|e| std::ptr::eq(*e, blocking.entry)) {
            continue;
        }
        let actions: Vec<ActionRef<'static>> = reach.live.iter().map(|(a, _)| *a).collect();
        let message = format!(
            "`{}` is not supported by {}, and `{}` is false when the key is absent, so this statement {grants} nothing",
            blocking.key(),
            action_list(&actions),
            blocking.block.operator.value
        );
        out.push(ctx.finding("UNSUPPORTED_ACTION_FOR_CONDITION_KEY", blocking.entry.key.range, message));
    }
    if all_supported && !reach.matches_something {
        let Some(condition) = reach.stmt.condition.as_ref() else { return };
        let mut lacks: Vec<String> = Vec::new();
        for (i, blocking) in reach.blocking.iter().enumerate() {
            let bit = 1u64 << i.min(63);
            let missing: Vec<ActionRef<'static>> =
                reach.live.iter().filter(|(_, mask)| mask & bit == 0).map(|(a, _)| *a).collect();
            if !missing.is_empty() {
                lacks.push(format!("{} cannot have `{}`", action_list(&missing), blocking.key()));
            }
        }
        let message = format!(
            "No action supports every condition key of this statement ({}), so it {grants} nothing; write one statement per condition",
            lacks.join("; ")
        );
        let mut finding = ctx.finding("NO_ACTION_SATISFIES_CONDITIONS", condition.key, message);
        for blocking in &reach.blocking {
            finding = finding.with_related(blocking.entry.key.range, format!("`{}` must be present", blocking.key()));
        }
        if let Some(edit) = split::split(ctx, policy, reach) {
            finding = finding.with_fix(split::TITLE, vec![edit], false);
        }
        out.push(finding);
    }
}

/// "`a`", "`a` and `b`", "3 of them".
fn usable_list(actions: &[ActionRef<'static>]) -> String {
    let names: Vec<String> = actions.iter().map(|a| format!("`{}`", a.full_name())).collect();
    match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] if names.len() <= 3 => format!("{} and {last}", init.join(", ")),
        _ => format!("{} of them", names.len()),
    }
}

/// "`a`", "`a` or `b`", "any of the 12 actions of this statement".
fn action_list(actions: &[ActionRef<'static>]) -> String {
    let names: Vec<String> = actions.iter().map(|a| format!("`{}`", a.full_name())).collect();
    match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] if names.len() <= 3 => format!("{} or {last}", init.join(", ")),
        _ => format!("any of the {} actions of this statement", names.len()),
    }
}

/// `STATEMENT_GRANTS_NOTHING` / `STATEMENT_DENIES_NOTHING`, pointing at the causes and offering
/// their fixes.
fn nothing(ctx: &Context<'_>, reach: &Reach<'_>, causes: &[Finding]) -> Finding {
    let stmt = reach.stmt;
    let (code, verb) = if stmt.is_allow() {
        ("STATEMENT_GRANTS_NOTHING", "grants no permission")
    } else {
        ("STATEMENT_DENIES_NOTHING", "denies nothing")
    };
    let mut related: Vec<(TextRange, String)> = Vec::new();
    let reason = match reach.empty {
        Some(Empty::NotActionStar) => {
            let item = stmt.not_action.iter().flat_map(|l| &l.items).find(|s| super::reach::is_star(&s.value));
            related.extend(item.map(|s| (s.range, "excludes every action".to_owned())));
            "`\"NotAction\": \"*\"` leaves no action".to_owned()
        }
        Some(Empty::NotResourceStar) => {
            let item = stmt.not_resource.iter().flat_map(|l| &l.items).find(|s| super::reach::is_star(&s.value));
            related.extend(item.map(|s| (s.range, "excludes every resource".to_owned())));
            "`\"NotResource\": \"*\"` leaves no resource".to_owned()
        }
        Some(Empty::NoActions) => {
            related.extend(stmt.action.as_ref().map(|a| (a.key, "lists no action".to_owned())));
            "its `Action` is empty".to_owned()
        }
        Some(Empty::NoResources) => {
            related.extend(stmt.resource.as_ref().map(|r| (r.key, "lists no resource".to_owned())));
            "its `Resource` is empty".to_owned()
        }
        None => {
            related.extend(causes.iter().map(|f| (f.range, f.message.clone())));
            if !reach.items.iter().any(|i| i.applicable) {
                "none of its actions can use the listed resources".to_owned()
            } else {
                "no action that can use its resources can satisfy its conditions".to_owned()
            }
        }
    };
    let range = stmt.effect.as_ref().map_or(stmt.range, |e| e.range);
    let mut finding = ctx.finding(code, range, format!("This statement {verb}: {reason}"));
    for (range, message) in related {
        finding = finding.with_related(range, message);
    }
    for fix in causes.iter().flat_map(|f| &f.fixes) {
        if !finding.fixes.iter().any(|f| f.title == fix.title && f.edits == fix.edits) {
            finding.fixes.push(fix.clone());
        }
    }
    finding
}
