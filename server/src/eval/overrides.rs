//! Which `Deny` statements of a policy override an `Allow` of the same policy, wholly or in part:
//! what the editor's hover on a statement says. Built on the same coverage tests as
//! `check-no-new-access`, so "every request" is said only when it is proven.

use crate::checks::pattern::covers;
use crate::policy::{Policy, Statement, StrList};

use super::custom::{entries, everyone, list_overlaps, parts, principal_text, statement_covers};
use super::substitute::{Tri, glob};

/// How much of a statement a `Deny` takes away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extent {
    /// Every request the statement matches.
    All,
    /// These (action, resource) pieces of it, each an entry of one of the two statements;
    /// `conditional` when the `Deny` has conditions the statement lacks (it denies only when they
    /// hold).
    Part { pieces: Vec<(String, String)>, conditional: bool },
    /// Their patterns may overlap: the engine cannot tell.
    Maybe,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The `Deny`'s index among the policy's statements.
    pub index: usize,
    pub label: String,
    pub extent: Extent,
}

/// The `Deny` statements of `policy` that override `statement` (an `Allow`), in policy order.
/// Nothing overrides a `Deny`.
pub fn overrides(policy: &Policy, statement: &Statement) -> Vec<Override> {
    if !statement.is_allow() {
        return Vec::new();
    }
    let pieces = parts(statement);
    let mut out = Vec::new();
    for deny in policy.statements.iter().filter(|d| d.is_deny() && d.index != statement.index) {
        let extent = if pieces.iter().all(|(a, r)| statement_covers(deny, statement, *a, *r)) {
            Some(Extent::All)
        } else {
            part(deny, statement, &pieces)
        };
        if let Some(extent) = extent {
            out.push(Override { index: deny.index, label: deny.label(), extent });
        }
    }
    out
}

fn part(deny: &Statement, allow: &Statement, pieces: &[(Option<&str>, Option<&str>)]) -> Option<Extent> {
    // A Deny without a principal element applies to whoever the policy applies to.
    let no_principal = deny.principal.is_none() && deny.not_principal.is_none();
    let principal = if no_principal || everyone(deny) || principal_text(deny) == principal_text(allow) {
        Tri::Yes
    } else {
        Tri::Unknown
    };
    let mut found = Vec::new();
    let mut maybe = principal == Tri::Unknown;
    for (a, r) in pieces {
        let action = narrow(deny.actions(), *a, allow.actions(), true);
        let resource = narrow(deny.resources(), *r, allow.resources(), false);
        match (action, resource) {
            ((Tri::Yes, Some(a)), (Tri::Yes, Some(r))) if principal == Tri::Yes => {
                if !found.contains(&(a.clone(), r.clone())) {
                    found.push((a, r));
                }
            }
            ((Tri::No, _), _) | (_, (Tri::No, _)) => {}
            _ => maybe = true,
        }
    }
    if !found.is_empty() {
        let allow_entries = entries(allow);
        let conditional = entries(deny).iter().any(|e| !allow_entries.contains(e));
        Some(Extent::Part { pieces: found, conditional })
    } else if maybe {
        Some(Extent::Maybe)
    } else {
        None
    }
}

/// Whether the `Deny`'s list meets one entry of the `Allow` (`item`; `None` when the `Allow`'s
/// list is negated, `allow_list`), and where they surely meet, the narrower of the two entries.
fn narrow(
    deny_list: Option<(&StrList, bool)>,
    item: Option<&str>,
    allow_list: Option<(&StrList, bool)>,
    ignore_case: bool,
) -> (Tri, Option<String>) {
    match (deny_list, item) {
        (None, Some(x)) => (Tri::Yes, Some(x.to_owned())),
        (Some((list, false)), Some(x)) => {
            let inner = list.items.iter().find(|d| covers(&d.value, x, ignore_case)).map(|_| x.to_owned());
            let narrower = inner
                .or_else(|| list.items.iter().find(|d| covers(x, &d.value, ignore_case)).map(|d| d.value.to_string()));
            match narrower {
                Some(n) => (Tri::Yes, Some(n)),
                None => (list_overlaps(deny_list, x, ignore_case), None),
            }
        }
        (Some((_, true)), Some(x)) => match list_overlaps(deny_list, x, ignore_case) {
            Tri::Yes => (Tri::Yes, Some(x.to_owned())),
            t => (t, None),
        },
        // The `Allow` lists what it excludes: a literal `Deny` entry it does not exclude is denied.
        (Some((list, false)), None) => {
            let excluded: Vec<&str> = allow_list
                .filter(|(_, negated)| *negated)
                .map(|(l, _)| l.items.iter().map(|i| &*i.value).collect())
                .unwrap_or_default();
            let outside = |d: &str| excluded.iter().all(|e| glob(e, d, ignore_case) == Tri::No);
            if let Some(d) = list.items.iter().find(|d| outside(&d.value)) {
                (Tri::Yes, Some(d.value.to_string()))
            } else if list.items.iter().all(|d| excluded.iter().any(|e| covers(e, &d.value, ignore_case))) {
                (Tri::No, None)
            } else {
                (Tri::Unknown, None)
            }
        }
        _ => (Tri::Unknown, None),
    }
}
