//! Statements that other statements of the same policy make pointless: an `Allow` every request of
//! which an unconditional `Deny` refuses, and a statement another unconditional statement of the
//! same effect already covers.
//!
//! Coverage is decided on the patterns themselves (`s3:Get*` covers `s3:GetObject`,
//! `arn:aws:s3:::b/*` covers `arn:aws:s3:::b/x`), so it also holds for actions and resources the
//! catalog does not know yet. Anything not provably covered is left alone.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::hash::Hasher;
use std::sync::Arc;

use crate::checks::edit::remove_element;
use crate::checks::memo::Summary;
use crate::checks::pattern;
use crate::checks::{Context, Finding};
use crate::policy::{Policy, Principal, PrincipalValue, Statement, StrList};
use rustc_hash::{FxHashSet, FxHasher};

use super::layout::statement_node;
use super::reach::is_star;

/// `summaries[i]`: what the statement rules found of statement `i` (whether it matches nothing,
/// its heads).
pub(super) fn run(ctx: &Context<'_>, policy: &Policy, summaries: &[Summary], out: &mut Vec<Finding>) {
    let statements = &policy.statements;
    if statements.len() < 2 {
        return;
    }
    let matches_nothing = |i: usize| summaries.get(i).is_none_or(|s| s.matches_nothing);
    let prepared: Vec<Prepared<'_>> = statements.iter().map(Prepared::new).collect();
    let heads: Vec<Option<Arc<StatementHeads>>> = statements
        .iter()
        .enumerate()
        .map(|(i, s)| summaries.get(i).and_then(|m| m.heads.clone()).or_else(|| StatementHeads::of(s).map(Arc::new)))
        .collect();
    let allows = Index::new(&prepared, &heads, Statement::is_allow);
    let denies = Index::new(&prepared, &heads, Statement::is_deny);
    for (i, s) in statements.iter().enumerate() {
        if matches_nothing(i) || !(s.is_allow() || s.is_deny()) {
            continue;
        }
        let Some(effect) = s.effect.as_ref() else { continue };
        if s.is_allow()
            && let Some(deny) =
                denies.candidates(&prepared[i]).find(|&j| covers(&prepared[j], &prepared[i])).map(|j| &statements[j])
        {
            let message = format!(
                "Every request this statement allows is denied by `{}` without conditions, so it grants nothing",
                deny.label()
            );
            let related = deny.effect.as_ref().map_or(deny.range, |e| e.range);
            out.push(
                ctx.finding("ALLOW_SHADOWED_BY_DENY", effect.range, message)
                    .with_related(related, "denies every action and resource of the Allow"),
            );
            continue;
        }
        let same_effect = if s.is_allow() { &allows } else { &denies };
        let coverer = same_effect.candidates(&prepared[i]).map(|j| (j, &statements[j])).find(|&(j, _)| {
            j != i
                && !matches_nothing(j)
                && covers(&prepared[j], &prepared[i])
                // Of two statements covering each other, the later one is redundant.
                && (j < i || !covers(&prepared[i], &prepared[j]) || s.condition.is_some())
        });
        let Some((_, t)) = coverer else { continue };
        let verb = if s.is_allow() { "allows" } else { "denies" };
        let message = format!(
            "`{}` already {verb} every action and resource of this statement without conditions; remove this one",
            t.label()
        );
        let mut finding = ctx
            .finding("REDUNDANT_STATEMENT", effect.range, message)
            .with_related(t.effect.as_ref().map_or(t.range, |e| e.range), format!("covers `{}`", s.label()));
        if let Some((_, Some(items))) = statement_node(ctx, policy, s)
            && let Ok(index) = items.binary_search_by_key(&s.range.start, |n| n.range.start)
        {
            let safe = same_text(ctx.text, s, t);
            finding =
                finding.with_fix("Remove the redundant statement", vec![remove_element(ctx.text, items, index)], safe);
        }
        out.push(finding);
    }
}

/// Exact duplicates (white space and `Sid` aside) are removed unattended.
fn same_text(text: &str, s: &Statement, t: &Statement) -> bool {
    let strip = |stmt: &Statement| {
        let mut body = text[stmt.range.start..stmt.range.end].to_owned();
        if let Some(sid) = &stmt.sid {
            body = body.replace(&text[sid.range.start..sid.range.end], "");
        }
        body.chars().filter(|c| !c.is_whitespace()).collect::<String>()
    };
    s.sid.is_none() == t.sid.is_none() && strip(s) == strip(t)
}

/// A statement's `Action` and `Resource` lists prepared for coverage tests: exact entries in a
/// set, patterns apart, so comparing two statements of thousands of actions stays linear.
struct Prepared<'s> {
    stmt: &'s Statement,
    actions: Option<List<'s>>,
    resources: Option<List<'s>>,
}

impl<'s> Prepared<'s> {
    fn new(stmt: &'s Statement) -> Prepared<'s> {
        Prepared { stmt, actions: List::new(stmt.actions(), true), resources: List::new(stmt.resources(), false) }
    }
}

struct List<'s> {
    negated: bool,
    items: Vec<&'s str>,
    /// Built the first time the list is asked to cover another: most statements never are.
    entries: OnceCell<Entries<'s>>,
    ignore_case: bool,
}

struct Entries<'s> {
    /// Entries without wildcards or variables, lower-cased for actions.
    literals: FxHashSet<Cow<'s, str>>,
    /// Entries with wildcards or variables.
    patterns: Vec<&'s str>,
}

impl<'s> List<'s> {
    fn new(list: Option<(&'s StrList, bool)>, ignore_case: bool) -> Option<List<'s>> {
        let (list, negated) = list?;
        let items: Vec<&str> = list.items.iter().map(|s| &*s.value).collect();
        Some(List { negated, items, entries: OnceCell::new(), ignore_case })
    }

    /// Some entry matches everything `p` matches.
    fn covers(&self, p: &str) -> bool {
        let entries = self.entries.get_or_init(|| Entries {
            literals: self.items.iter().filter(|v| literal(v)).map(|v| fold(v, self.ignore_case)).collect(),
            patterns: self.items.iter().copied().filter(|v| !literal(v)).collect(),
        });
        entries.literals.contains(&fold(p, self.ignore_case))
            || entries.patterns.iter().any(|q| pattern::covers(q, p, self.ignore_case))
    }
}

/// Action names compare ignoring case, ARNs with case.
fn fold(value: &str, ignore_case: bool) -> Cow<'_, str> {
    if ignore_case && value.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(value.to_ascii_lowercase())
    } else {
        Cow::Borrowed(value)
    }
}

/// Which statements of one effect may cover a given one, so that a policy of thousands of
/// statements is not compared pair by pair. A statement covering another covers its first action
/// and its first resource, which only an entry equal to it, a pattern whose literal head starts
/// it, or a `NotAction`/`NotResource` list can; such statements are found by looking up the heads.
struct Index {
    actions: Heads,
    resources: Heads,
    /// The statements indexed: without conditions (only they cover anything), of the effect.
    all: Vec<usize>,
}

#[derive(Default)]
struct Heads {
    /// The [`head_key`]s of the literal text of entries before their first wildcard or variable,
    /// ascending, beside the statement of each entry in `statements`: a key's statements are
    /// a run of both, ascending and each once. (Sorted once, not hashed into a map: that would
    /// allocate a list per distinct head, and most entries are literals, all distinct.) A
    /// collision of keys only adds a candidate, which [`covers`] then rejects.
    keys: Vec<u64>,
    statements: Vec<usize>,
    /// The lengths of those heads, ascending: the prefixes of a head worth looking up.
    lengths: Vec<usize>,
    /// Statements whose list is a complement.
    negated: Vec<usize>,
}

/// How many candidates are tried for one statement: enough for any real policy, and it keeps a
/// generated one of many near-identical statements from taking quadratic time (past it, the
/// analysis says nothing).
const MAX_CANDIDATES: usize = 1_000;

impl Index {
    /// `heads[j]`: statement `j`'s, `None` for those no index holds.
    fn new(prepared: &[Prepared<'_>], heads: &[Option<Arc<StatementHeads>>], effect: fn(&Statement) -> bool) -> Index {
        let all: Vec<usize> = (0..prepared.len()).filter(|&j| heads[j].is_some() && effect(prepared[j].stmt)).collect();
        let of = |j: usize| heads[j].as_deref();
        Index {
            actions: Heads::new(all.iter().filter_map(|&j| Some((j, of(j)?.actions.as_ref()?)))),
            resources: Heads::new(all.iter().filter_map(|&j| Some((j, of(j)?.resources.as_ref()?)))),
            all,
        }
    }

    /// Statements that may cover `s`, in policy order.
    fn candidates<'p>(&self, s: &Prepared<'p>) -> impl Iterator<Item = usize> {
        let first =
            |list: &Option<List<'p>>| list.as_ref().filter(|l| !l.negated).and_then(|l| l.items.first().copied());
        let by_action = first(&s.actions).map(|p| self.actions.lookup(p, true));
        let by_resource = first(&s.resources).map(|p| self.resources.lookup(p, false));
        let size = |lists: &Vec<&[usize]>| lists.iter().map(|l| l.len()).sum::<usize>();
        let lists = match (by_action, by_resource) {
            (Some(a), Some(r)) => {
                if size(&a) <= size(&r) {
                    a
                } else {
                    r
                }
            }
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => vec![self.all.as_slice()],
        };
        merged(lists).take(MAX_CANDIDATES)
    }
}

/// The union of ascending lists, ascending and without repeats.
fn merged(mut lists: Vec<&[usize]>) -> impl Iterator<Item = usize> + '_ {
    let mut last = None;
    std::iter::from_fn(move || {
        loop {
            let (at, &next) =
                lists.iter().enumerate().filter_map(|(at, l)| Some((at, l.first()?))).min_by_key(|&(_, v)| *v)?;
            lists[at] = &lists[at][1..];
            if last != Some(next) {
                last = Some(next);
                return Some(next);
            }
        }
    })
}

impl Heads {
    fn new<'h>(lists: impl Iterator<Item = (usize, &'h ListHeads)>) -> Heads {
        let mut heads = Heads::default();
        let mut pairs = Vec::new();
        for (j, list) in lists {
            match list {
                ListHeads::Negated => heads.negated.push(j),
                ListHeads::Keys { keys, lengths } => {
                    pairs.extend(keys.iter().map(|&key| (key, j)));
                    for &length in lengths {
                        if let Err(at) = heads.lengths.binary_search(&length) {
                            heads.lengths.insert(at, length);
                        }
                    }
                }
            }
        }
        // Runs already in order, one per statement: the stable sort merges them.
        pairs.sort();
        (heads.keys, heads.statements) = pairs.into_iter().unzip();
        heads
    }

    /// Lists of the statements with an entry that may cover `p`: one whose head is a prefix of
    /// `p`'s own.
    fn lookup(&self, p: &str, ignore_case: bool) -> Vec<&[usize]> {
        let head = &p[..pattern::literal_head(p)];
        // At most one list per head length: one allocation.
        let mut found = Vec::with_capacity(1 + self.lengths.len());
        found.push(self.negated.as_slice());
        let ends = self.lengths.iter().copied().take_while(|&end| end <= head.len());
        for end in ends.filter(|&end| head.is_char_boundary(end)) {
            let key = head_key(&head.as_bytes()[..end], ignore_case);
            let start = self.keys.partition_point(|&k| k < key);
            let run = self.keys[start..].iter().take_while(|&&k| k == key).count();
            if run > 0 {
                found.push(&self.statements[start..start + run]);
            }
        }
        found
    }
}

/// One statement's `Action` and `Resource` entries as the index files them: found with the
/// statement rules, and so kept across edits that leave the statement alone (an analysis then
/// hashes the entries of the statements edited only).
#[derive(Debug)]
pub(crate) struct StatementHeads {
    actions: Option<ListHeads>,
    resources: Option<ListHeads>,
}

#[derive(Debug)]
enum ListHeads {
    Negated,
    /// The distinct [`head_key`]s of the entries, ascending, and the distinct lengths of their
    /// heads, ascending.
    Keys {
        keys: Vec<u64>,
        lengths: Vec<usize>,
    },
}

impl StatementHeads {
    /// `None` for a statement no index holds: with conditions (only those without cover
    /// anything), or neither `Allow` nor `Deny`.
    pub(crate) fn of(stmt: &Statement) -> Option<StatementHeads> {
        (stmt.condition.is_none() && (stmt.is_allow() || stmt.is_deny())).then(|| StatementHeads {
            actions: ListHeads::of(stmt.actions(), true),
            resources: ListHeads::of(stmt.resources(), false),
        })
    }
}

impl ListHeads {
    fn of(list: Option<(&StrList, bool)>, ignore_case: bool) -> Option<ListHeads> {
        let (list, negated) = list?;
        if negated {
            return Some(ListHeads::Negated);
        }
        let mut keys = Vec::with_capacity(list.items.len());
        let mut lengths = Vec::new();
        for item in &list.items {
            let head = &item.value.as_bytes()[..pattern::literal_head(&item.value)];
            if let Err(at) = lengths.binary_search(&head.len()) {
                lengths.insert(at, head.len());
            }
            keys.push(head_key(head, ignore_case));
        }
        keys.sort_unstable();
        keys.dedup();
        Some(ListHeads::Keys { keys, lengths })
    }
}

/// A hash of a head, lower-cased for actions: keying heads by it spares a folded copy of each.
fn head_key(head: &[u8], ignore_case: bool) -> u64 {
    let mut h = FxHasher::default();
    pattern::hash_folded(&mut h, head, ignore_case);
    h.finish()
}

/// Does `t`, unconditionally, match every request `s` can match?
fn covers(t: &Prepared<'_>, s: &Prepared<'_>) -> bool {
    t.stmt.condition.is_none()
        && principals_cover(t.stmt, s.stmt)
        && lists_cover(t.actions.as_ref(), s.actions.as_ref())
        && lists_cover(t.resources.as_ref(), s.resources.as_ref())
}

fn principals_cover(t: &Statement, s: &Statement) -> bool {
    if t.not_principal.is_some() || s.not_principal.is_some() {
        return false;
    }
    match (&t.principal, &s.principal) {
        (None, None) => true,
        (Some(tp), _) if everyone(tp) => true,
        (Some(tp), Some(sp)) => principal_set(tp) == principal_set(sp) && !principal_set(tp).is_empty(),
        _ => false,
    }
}

fn everyone(p: &Principal) -> bool {
    match &p.value {
        PrincipalValue::Str(s) => &*s.value == "*",
        PrincipalValue::Map(entries) => {
            entries.iter().any(|e| &*e.kind.value == "AWS" && e.values.iter().any(|v| &*v.value == "*"))
        }
        PrincipalValue::Other => false,
    }
}

fn principal_set(p: &Principal) -> Vec<(String, String)> {
    let mut set: Vec<(String, String)> = match &p.value {
        PrincipalValue::Map(entries) => entries
            .iter()
            .flat_map(|e| e.values.iter().map(|v| (e.kind.value.to_string(), v.value.to_string())))
            .collect(),
        _ => Vec::new(),
    };
    set.sort();
    set.dedup();
    set
}

/// `Action`/`NotAction` (or `Resource`/`NotResource`) of `t` matches everything those of `s` do.
fn lists_cover(t: Option<&List<'_>>, s: Option<&List<'_>>) -> bool {
    let (Some(t), Some(s)) = (t, s) else { return false };
    if s.items.is_empty() || t.items.is_empty() {
        return false;
    }
    match (t.negated, s.negated) {
        (false, false) => s.items.iter().all(|p| t.covers(p)),
        (false, true) => t.items.iter().any(|q| is_star(q)),
        // `t` excludes a set: `s`'s literal entries must avoid every excluded pattern.
        (true, false) => s.items.iter().all(|p| literal(p) && !t.covers(p)),
        // Both complements: `t` excludes less than `s`.
        (true, true) => t.items.iter().all(|q| s.covers(q)),
    }
}

fn literal(value: &str) -> bool {
    pattern::literal_head(value) == value.len()
}
