//! Access Analyzer's custom policy checks, offline. Each is sound where it passes: `Pass` is said
//! only when it is proven; what the engine cannot settle is `Undecided`, never `Pass`.

use crate::catalog;
use crate::catalog::has_variable;
use crate::checks::pattern::covers;
use crate::policy::{CondValue, Policy, PolicyType, PrincipalValue, Statement, StrList};

use super::decide::{Named, PolicySet, evaluate};
use super::request::{ContextValue, Request, RequestPrincipal, RequestResource};
use super::substitute::{Tri, glob};

#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "result", rename_all = "camelCase")]
pub enum Verdict {
    Pass,
    Fail {
        reason: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        request: Option<Box<Request>>,
    },
    Undecided {
        reason: String,
    },
}

/// Concrete actions for a name or a wildcard pattern (the catalog's actions that match it).
pub(super) fn expand(action: &str) -> Vec<String> {
    if !action.contains(['*', '?']) {
        return vec![action.to_owned()];
    }
    catalog::catalog().matching_actions(action).iter().map(|a| a.full_name()).collect()
}

/// Whether the strings of two patterns can overlap: `No` only when their literal starts or ends
/// disagree.
fn overlap(a: &str, b: &str, ignore_case: bool) -> Tri {
    if covers(a, b, ignore_case) || covers(b, a, ignore_case) {
        return Tri::Yes;
    }
    let literal = |s: &str| s.find(['*', '?', '$']).unwrap_or(s.len());
    let (ha, hb) = (literal(a), literal(b));
    let n = ha.min(hb);
    let same = |x: &str, y: &str| if ignore_case { x.eq_ignore_ascii_case(y) } else { x == y };
    if !same(&a[..n], &b[..n]) {
        return Tri::No;
    }
    let tail = |s: &str| s.len() - s.rfind(['*', '?', '}']).map_or(s.len(), |at| at + 1).min(s.len());
    let m = tail(a).min(tail(b));
    if !same(&a[a.len() - m..], &b[b.len() - m..]) {
        return Tri::No;
    }
    Tri::Unknown
}

/// Whether a statement's `Action`/`Resource` (or negated form) can match strings of `pattern`.
pub(super) fn list_overlaps(list: Option<(&StrList, bool)>, pattern: &str, ignore_case: bool) -> Tri {
    match list {
        None => Tri::Yes,
        Some((list, false)) => Tri::any(list.items.iter().map(|p| overlap(&p.value, pattern, ignore_case))),
        Some((list, true)) => {
            if list.items.iter().any(|p| covers(&p.value, pattern, ignore_case)) {
                Tri::No
            } else if !pattern.contains(['*', '?', '$']) {
                Tri::Yes
            } else {
                Tri::Unknown
            }
        }
    }
}

/// Whether a statement's list covers every string of `pattern` for sure.
fn list_covers(list: Option<(&StrList, bool)>, pattern: &str, ignore_case: bool) -> bool {
    match list {
        None => true,
        Some((list, false)) => list.items.iter().any(|p| covers(&p.value, pattern, ignore_case)),
        Some((list, true)) => {
            !pattern.contains(['*', '?', '$'])
                && list.items.iter().all(|p| glob(&p.value, pattern, ignore_case) == Tri::No)
        }
    }
}

pub(super) fn everyone(statement: &Statement) -> bool {
    statement.not_principal.is_none()
        && statement.principal.as_ref().is_none_or(|p| match &p.value {
            PrincipalValue::Str(s) => &*s.value == "*",
            PrincipalValue::Map(entries) => {
                entries.iter().any(|e| &*e.kind.value == "AWS" && e.values.iter().any(|v| &*v.value == "*"))
            }
            PrincipalValue::Other => false,
        })
}

/// `CheckAccessNotGranted`: does the policy allow any of `actions` (on any of `resources`, or on
/// any resource when none is given)?
pub fn access_not_granted(policy: &Policy, actions: &[String], resources: &[String]) -> Verdict {
    let any = ["*".to_owned()];
    let resources = if resources.is_empty() { &any[..] } else { resources };
    let mut undecided = None;
    for written in actions {
        let concrete = expand(written);
        if concrete.is_empty() {
            return Verdict::Undecided { reason: format!("`{written}` matches no action the catalog knows") };
        }
        for action in &concrete {
            for resource in resources {
                let denied = policy.statements.iter().any(|s| {
                    s.is_deny()
                        && s.condition.is_none()
                        && everyone(s)
                        && list_covers(s.actions(), action, true)
                        && list_covers(s.resources(), resource, false)
                });
                if denied {
                    continue;
                }
                for s in policy.statements.iter().filter(|s| s.is_allow()) {
                    match list_overlaps(s.actions(), action, true).and(list_overlaps(s.resources(), resource, false)) {
                        Tri::Yes => {
                            let when = if s.condition.is_some() { " when its conditions hold" } else { "" };
                            return Verdict::Fail {
                                reason: format!("{} allows {action} on {resource}{when}", s.label()),
                                request: None,
                            };
                        }
                        Tri::Unknown => {
                            undecided.get_or_insert(format!(
                                "cannot tell whether {} allows {action} on {resource}",
                                s.label()
                            ));
                        }
                        Tri::No => {}
                    }
                }
            }
        }
    }
    match undecided {
        Some(reason) => Verdict::Undecided { reason },
        None => Verdict::Pass,
    }
}

/// Condition keys that limit who can use an allow to known accounts, organizations or networks.
const LIMITING_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:userid",
    "aws:sourceowner",
    "kms:calleraccount",
    "kms:viaservice",
];

/// `CheckNoPublicAccess`: does a resource policy allow anyone (any account) in?
pub fn no_public_access(policy: &Policy) -> Verdict {
    for s in policy.statements.iter().filter(|s| s.is_allow()) {
        let public = s.not_principal.is_some() || (s.principal.is_some() && everyone(s));
        if !public {
            continue;
        }
        let Some(cond) = &s.condition else {
            return Verdict::Fail {
                reason: format!("{} allows everyone, without conditions", s.label()),
                request: None,
            };
        };
        let mut limited = false;
        for block in &cond.blocks {
            let Some(op) = crate::policy::Operator::parse(&block.operator.value) else {
                return Verdict::Undecided {
                    reason: format!("{}: unknown condition operator `{}`", s.label(), block.operator.value),
                };
            };
            let limiting_op = !op.negated && !op.if_exists && op.qualifier.is_none();
            limited |= limiting_op
                && block.entries.iter().any(|e| {
                    LIMITING_KEYS.contains(&e.key.value.to_ascii_lowercase().as_str())
                        && !e.values.is_empty()
                        && e.values.iter().all(|v| !v.text.contains(['*', '?']) && !has_variable(&v.text))
                });
        }
        if !limited {
            return Verdict::Fail {
                reason: format!(
                    "{} allows everyone; its conditions do not limit the account, organization or network",
                    s.label()
                ),
                request: None,
            };
        }
    }
    Verdict::Pass
}

/// A condition entry as a comparable value: (operator, lower-case key, sorted values).
pub(super) fn entries(statement: &Statement) -> Vec<(String, String, Vec<String>)> {
    let mut out: Vec<_> = statement
        .condition
        .iter()
        .flat_map(|c| &c.blocks)
        .flat_map(|b| {
            b.entries.iter().map(|e| {
                let mut values: Vec<String> = e.values.iter().map(|v: &CondValue| v.text.clone()).collect();
                values.sort();
                (b.operator.value.to_string(), e.key.value.to_ascii_lowercase(), values)
            })
        })
        .collect();
    out.sort();
    out
}

pub(super) fn principal_text(statement: &Statement) -> Option<String> {
    let describe = |p: &crate::policy::Principal| match &p.value {
        PrincipalValue::Str(s) => s.value.to_string(),
        PrincipalValue::Map(entries) => {
            let mut items: Vec<String> = entries
                .iter()
                .flat_map(|e| e.values.iter().map(move |v| format!("{}={}", e.kind.value, v.value)))
                .collect();
            items.sort();
            items.join(",")
        }
        PrincipalValue::Other => "?".into(),
    };
    match (&statement.principal, &statement.not_principal) {
        (Some(p), _) => Some(describe(p)),
        (None, Some(p)) => Some(format!("not:{}", describe(p))),
        (None, None) => None,
    }
}

/// Whether `outer` applies to every request `inner` applies to, for the part of `inner` with one
/// action item and one resource item (each index `None` for a negated list).
pub(super) fn statement_covers(
    outer: &Statement,
    inner: &Statement,
    action: Option<&str>,
    resource: Option<&str>,
) -> bool {
    let part_covered =
        |outer_list: Option<(&StrList, bool)>, inner_list: Option<(&StrList, bool)>, item: Option<&str>, case: bool| {
            match (item, inner_list) {
                (Some(item), _) => list_covers(outer_list, item, case),
                // `inner` is negated: `outer` must exclude no more than it does.
                (None, Some((inner_list, true))) => match outer_list {
                    None => true,
                    Some((o, false)) => o.items.iter().any(|p| &*p.value == "*"),
                    Some((o, true)) => {
                        o.items.iter().all(|p| inner_list.items.iter().any(|i| covers(&i.value, &p.value, case)))
                    }
                },
                (None, _) => outer_list.is_none(),
            }
        };
    let outer_entries = entries(outer);
    let inner_entries = entries(inner);
    part_covered(outer.actions(), inner.actions(), action, true)
        && part_covered(outer.resources(), inner.resources(), resource, false)
        && outer_entries.iter().all(|e| inner_entries.contains(e))
        && (principal_text(outer).is_none_or(|p| p == "*" || p == "AWS=*")
            || principal_text(outer) == principal_text(inner))
}

/// The parts of a statement: each action item with each resource item (`None` for a negated list).
pub(super) fn parts(s: &Statement) -> Vec<(Option<&str>, Option<&str>)> {
    let actions = items(s.actions());
    let resources = items(s.resources());
    actions.iter().flat_map(|a| resources.iter().map(move |r| (*a, *r))).collect()
}

fn items(list: Option<(&StrList, bool)>) -> Vec<Option<&str>> {
    match list {
        Some((list, false)) => list.items.iter().map(|i| Some(&*i.value)).collect(),
        _ => vec![None],
    }
}

/// `CheckNoNewAccess`: does `new` allow any request `old` does not? `Pass` when every allow of
/// `new` is covered by an allow of `old` and every deny of `old` by a deny of `new`; `Fail` with a
/// concrete request when one is found; `Undecided` otherwise.
pub fn no_new_access(old: &Policy, new: &Policy, policy_type: PolicyType) -> Verdict {
    let mut uncovered: Vec<(&Statement, Option<&str>, Option<&str>)> = Vec::new();
    for s in new.statements.iter().filter(|s| s.is_allow()) {
        for (a, r) in parts(s) {
            if !old.statements.iter().filter(|o| o.is_allow()).any(|o| statement_covers(o, s, a, r)) {
                uncovered.push((s, a, r));
            }
        }
    }
    let mut lost_denies = Vec::new();
    for d in old.statements.iter().filter(|d| d.is_deny()) {
        for (a, r) in parts(d) {
            if !new.statements.iter().filter(|n| n.is_deny()).any(|n| statement_covers(n, d, a, r)) {
                lost_denies.push((d, a, r));
            }
        }
    }
    if uncovered.is_empty() && lost_denies.is_empty() {
        return Verdict::Pass;
    }
    for (s, a, r) in uncovered.iter().chain(&lost_denies) {
        for request in candidates(s, *a, *r, policy_type, new) {
            let (was, now) = (decide(old, policy_type, &request), decide(new, policy_type, &request));
            if now.is_allowed() && (was.is_denied() && !matches!(was, super::Decision::Undecided { .. })) {
                return Verdict::Fail {
                    reason: format!(
                        "{} allows {} on {}, which the old version denies",
                        s.label(),
                        request.action,
                        request.resource.arn
                    ),
                    request: Some(Box::new(request)),
                };
            }
        }
    }
    let (s, ..) = uncovered.first().or(lost_denies.first()).map(|(s, a, r)| (*s, *a, *r)).expect("one is not empty");
    Verdict::Undecided {
        reason: format!("{} may grant access the old version does not; no concrete request shows it", s.label()),
    }
}

fn decide(policy: &Policy, policy_type: PolicyType, request: &Request) -> super::Decision {
    let named = Named { name: "policy".into(), policy: policy.clone() };
    let set = if policy_type.has_principals() {
        PolicySet { resource: Some(named), ..PolicySet::default() }
    } else {
        PolicySet { identity: vec![named], ..PolicySet::default() }
    };
    evaluate(&set, request).decision
}

/// A pattern turned into one string it matches.
fn instance(pattern: &str) -> String {
    pattern.replace(['*', '?'], "x")
}

/// Requests a statement part applies to, built from its action, resource, principal and
/// conditions: with every condition satisfied, and with no context.
fn candidates(
    s: &Statement,
    action: Option<&str>,
    resource: Option<&str>,
    policy_type: PolicyType,
    new: &Policy,
) -> Vec<Request> {
    let actions: Vec<String> = match action {
        Some(a) => expand(a).into_iter().take(3).collect(),
        None => catalog::catalog()
            .services()
            .flat_map(|svc| svc.actions.iter().map(move |a| format!("{}:{}", svc.prefix, a.name())))
            .filter(|a| s.actions().is_some_and(|(l, _)| l.items.iter().all(|p| glob(&p.value, a, true) == Tri::No)))
            .take(3)
            .collect(),
    };
    // Each policy variable of the resource takes the value `x`, set in the context.
    let mut variables = Vec::new();
    let resource = match resource {
        Some(r) => {
            let mut text = String::new();
            let mut from = 0;
            for var in crate::checks::variables::variables(r) {
                let name = var.body.split(',').next().unwrap_or("").trim();
                if !var.terminated || matches!(name, "*" | "?" | "$") {
                    return Vec::new();
                }
                text.push_str(&r[from..var.start]);
                text.push('x');
                variables.push(name.to_owned());
                from = var.end;
            }
            text.push_str(&r[from..]);
            instance(&text)
        }
        None => "arn:aws:s3:::probe-bucket/probe".to_owned(),
    };
    let principal = if policy_type.has_principals() {
        let named = s.principal.as_ref().and_then(|p| match &p.value {
            PrincipalValue::Map(entries) => {
                entries.iter().find(|e| &*e.kind.value == "AWS").and_then(|e| e.values.first()).map(|v| v.value.clone())
            }
            _ => None,
        });
        named.filter(|n| n.starts_with("arn:")).unwrap_or_else(|| "arn:aws:iam::111122223333:user/probe".into())
    } else {
        "arn:aws:iam::111122223333:user/probe".into()
    };
    let Some(principal) = RequestPrincipal::parse(&principal) else { return Vec::new() };
    let account = principal.account.clone();
    let mut out = Vec::new();
    for action in actions {
        let mut base = Request::new(principal.clone(), &action, RequestResource::new(&resource, account.clone()));
        for name in &variables {
            base.context.insert(name.clone(), ContextValue::Single("x".into()));
        }
        let mut satisfied = base.clone();
        for block in s.condition.iter().flat_map(|c| &c.blocks) {
            let Some(op) = crate::policy::Operator::parse(&block.operator.value) else { continue };
            for e in &block.entries {
                if let Some(value) = satisfying(&op, &e.values) {
                    satisfied.context.insert(e.key.value.to_string(), value);
                }
            }
        }
        // The same, with the keys of `new`'s denies set so that they do not apply.
        let mut past_denies = satisfied.clone();
        for block in
            new.statements.iter().filter(|d| d.is_deny()).flat_map(|d| d.condition.iter().flat_map(|c| &c.blocks))
        {
            let Some(op) = crate::policy::Operator::parse(&block.operator.value) else { continue };
            for e in &block.entries {
                if let Some(value) = failing(&op, &e.values) {
                    past_denies.context.entry(e.key.value.to_string()).or_insert(value);
                }
            }
        }
        out.push(past_denies);
        out.push(satisfied);
        out.push(base);
    }
    out
}

/// A context value that makes a positive operator hold (`None`: leave the key out).
pub(super) fn satisfying(op: &crate::policy::Operator, values: &[CondValue]) -> Option<ContextValue> {
    use crate::policy::OperatorFamily as F;
    let first = values.first()?.text.as_str();
    if op.negated {
        return None;
    }
    let single =
        |v: String| Some(if op.qualifier.is_some() { ContextValue::Multi(vec![v]) } else { ContextValue::Single(v) });
    match op.family {
        F::Null => (!first.eq_ignore_ascii_case("true")).then(|| ContextValue::Single("x".into())),
        F::String | F::Arn => single(instance(first)),
        F::Numeric => {
            let n: f64 = first.parse().ok()?;
            let v = match op.base {
                "NumericLessThan" => n - 1.0,
                "NumericGreaterThan" => n + 1.0,
                _ => n,
            };
            single(v.to_string())
        }
        F::Date => {
            let ms = super::parse_date(first)?;
            let v = match op.base {
                "DateLessThan" => ms - 1000,
                "DateGreaterThan" => ms + 1000,
                _ => ms,
            };
            single((v.div_euclid(1000)).to_string())
        }
        F::IpAddress => single(first.split('/').next()?.to_owned()),
        F::Bool | F::Binary => single(first.to_owned()),
    }
}

/// A context value that makes an operator fail (`None`: none is known).
fn failing(op: &crate::policy::Operator, values: &[CondValue]) -> Option<ContextValue> {
    use crate::policy::OperatorFamily as F;
    let first = values.first()?.text.as_str();
    let value = match (op.family, op.negated) {
        (F::String | F::Arn, true) => instance(first),
        (F::String, false) => "iam-lsp-no-match".to_owned(),
        (F::Bool, _) => if first.eq_ignore_ascii_case("true") { "false" } else { "true" }.to_owned(),
        (F::IpAddress, true) => first.split('/').next()?.to_owned(),
        _ => return None,
    };
    Some(if op.qualifier.is_some() { ContextValue::Multi(vec![value]) } else { ContextValue::Single(value) })
}
