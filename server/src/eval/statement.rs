//! One statement against a request: does it apply, and if not, which element kept it out.

use crate::policy::{Policy, PrincipalValue, Statement};

use super::condition::{self, KeyOutcome};
use super::request::{Naming, PrincipalKind, Request};
use super::substitute::{Tri, glob, glob_resolved};

/// The element that kept a statement from applying (or left it undecided).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "element", rename_all = "camelCase")]
pub enum Miss {
    Effect,
    Action,
    Resource,
    Principal,
    Condition { operator: String, key: String, note: Option<String> },
}

impl Miss {
    /// Why the element kept the statement out (`No`) or left it undecided (`Unknown`).
    pub fn describe(&self, t: Tri) -> String {
        let unsure = t == Tri::Unknown;
        let element = |name: &str| {
            if unsure { format!("cannot decide the {name}") } else { format!("{name} does not match") }
        };
        match self {
            Miss::Effect => if unsure { "cannot decide Effect" } else { "Effect" }.to_owned(),
            Miss::Action => element("action"),
            Miss::Resource => element("resource"),
            Miss::Principal => element("principal"),
            Miss::Condition { operator, key, note } => match note {
                Some(note) => format!("cannot decide {operator} {key}: {note}"),
                None => format!("condition {operator} on {key} is false"),
            },
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    pub label: String,
    pub index: usize,
    pub allow: bool,
    pub applies: Tri,
    /// For a statement with a `Principal`: how strongly it names the requester.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naming: Option<Naming>,
    /// Every element that did not match (`No`) or could not be decided (`Unknown`).
    pub misses: Vec<(Miss, Tri)>,
}

/// Whether `statement` applies to `request`. `principal_element` is false for policies that take
/// no `Principal` (identity, boundary, session, SCP).
pub fn evaluate(policy: &Policy, statement: &Statement, request: &Request, principal_element: bool) -> StatementTrace {
    let current = policy.is_current_version();
    let mut misses = Vec::new();
    let allow = statement.is_allow();
    if !allow && !statement.is_deny() {
        misses.push((Miss::Effect, Tri::Unknown));
    }
    let action = match statement.actions() {
        Some((list, negated)) => {
            let any = Tri::any(list.items.iter().map(|a| glob(&a.value, &request.action, true)));
            if negated { !any } else { any }
        }
        None => Tri::Unknown,
    };
    if action != Tri::Yes {
        misses.push((Miss::Action, action));
    }
    let resource = match statement.resources() {
        Some((list, negated)) => {
            let any = Tri::any(
                list.items.iter().map(|r| glob_resolved(&r.value, &request.resource.arn, request, current, false)),
            );
            if negated { !any } else { any }
        }
        // Trust and key policies may leave `Resource` out: they apply to the resource they are on.
        None if principal_element => Tri::Yes,
        None => Tri::Unknown,
    };
    if resource != Tri::Yes {
        misses.push((Miss::Resource, resource));
    }
    let mut naming = None;
    if principal_element {
        let (principal, named) = principal_match(statement, request);
        naming = named;
        if principal != Tri::Yes {
            misses.push((Miss::Principal, principal));
        }
    }
    if let Some(cond) = &statement.condition {
        for KeyOutcome { operator, key, result, note } in condition::evaluate(cond, request, current) {
            if result != Tri::Yes {
                misses.push((Miss::Condition { operator, key, note }, result));
            }
        }
    }
    let applies = Tri::all(misses.iter().map(|(_, t)| *t));
    StatementTrace { label: statement.label(), index: statement.index, allow, applies, naming, misses }
}

/// `Principal` applies when it names any identity of the requester, `NotPrincipal` when some
/// identity is not named: so a `Deny` with `NotPrincipal` listing a role but not its session still
/// applies to the session, as the IAM User Guide warns.
fn principal_match(statement: &Statement, request: &Request) -> (Tri, Option<Naming>) {
    let identities = request.principal.identities();
    let (element, negated) = match (&statement.principal, &statement.not_principal) {
        (Some(p), _) => (p, false),
        (None, Some(p)) => (p, true),
        (None, None) => return (Tri::Unknown, None),
    };
    // For each identity: is it named (Yes/No/Unknown)?
    let named = |id: &str, naming: Naming| -> Tri {
        match &element.value {
            PrincipalValue::Str(s) if &*s.value == "*" => Tri::Yes,
            PrincipalValue::Str(_) | PrincipalValue::Other => Tri::Unknown,
            PrincipalValue::Map(entries) => Tri::any(entries.iter().map(|entry| {
                let kind_ok = match &*entry.kind.value {
                    "AWS" => !matches!(request.principal.kind, PrincipalKind::Service | PrincipalKind::Anonymous),
                    "Service" => request.principal.kind == PrincipalKind::Service,
                    "Federated" | "CanonicalUser" => false,
                    _ => return Tri::Unknown,
                };
                Tri::any(entry.values.iter().map(|v| {
                    if &*v.value == "*" {
                        // `"AWS": "*"` names every principal, anonymous ones too.
                        return Tri::from_bool(&*entry.kind.value == "AWS" || kind_ok);
                    }
                    if v.value.contains(['*', '?']) {
                        return Tri::Unknown;
                    }
                    Tri::from_bool(kind_ok && principal_equals(&v.value, id, naming))
                }))
            })),
        }
    };
    let results: Vec<(Tri, Naming)> = identities.iter().map(|(id, n)| (named(id, *n), *n)).collect();
    if negated {
        // An Allow with `NotPrincipal` grants whoever it does not exclude, as `*` would.
        let result = Tri::any(results.iter().map(|(t, _)| !*t));
        (result, (result == Tri::Yes).then_some(Naming::Itself))
    } else {
        let best = results.iter().filter(|(t, _)| *t == Tri::Yes).map(|(_, n)| *n).max();
        let result = Tri::any(results.iter().map(|(t, _)| *t));
        (result, best.filter(|_| result == Tri::Yes))
    }
}

/// An account ID names the account's root ARN, as IAM rewrites it; anything else compares
/// exactly (ARNs with case).
fn principal_equals(written: &str, identity: &str, naming: Naming) -> bool {
    if naming == Naming::Account && written.len() == 12 && written.bytes().all(|b| b.is_ascii_digit()) {
        return identity.split(':').nth(4) == Some(written);
    }
    written == identity
}
