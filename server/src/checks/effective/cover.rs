//! Statements that other statements of the same policy make pointless: an `Allow` every request of
//! which an unconditional `Deny` refuses, and a statement another unconditional statement of the
//! same effect already covers.
//!
//! Coverage is decided on the patterns themselves (`s3:Get*` covers `s3:GetObject`,
//! `arn:aws:s3:::b/*` covers `arn:aws:s3:::b/x`), so it also holds for actions and resources the
//! catalog does not know yet. Anything not provably covered is left alone.

use std::collections::HashSet;

use crate::checks::edit::remove_list_item;
use crate::checks::{Context, Finding};
use crate::policy::{Policy, Principal, PrincipalValue, Statement, StrList};
use crate::syntax::TextRange;

use super::layout::statement_node;
use super::reach::is_star;

/// `matches_nothing[i]`: statement `i` is already reported as matching nothing.
pub(super) fn run(ctx: &Context<'_>, policy: &Policy, matches_nothing: &[bool], out: &mut Vec<Finding>) {
    let statements = &policy.statements;
    let prepared: Vec<Prepared<'_>> = statements.iter().map(Prepared::new).collect();
    for (i, s) in statements.iter().enumerate() {
        if matches_nothing.get(i).copied().unwrap_or(true) || !(s.is_allow() || s.is_deny()) {
            continue;
        }
        let Some(effect) = s.effect.as_ref() else { continue };
        if s.is_allow()
            && let Some(deny) =
                statements.iter().zip(&prepared).find(|(t, pt)| t.is_deny() && covers(pt, &prepared[i])).map(|(t, _)| t)
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
        let coverer = statements.iter().enumerate().find(|&(j, t)| {
            j != i
                && t.effect.as_ref().map(|e| &e.value) == Some(&effect.value)
                && !matches_nothing.get(j).copied().unwrap_or(true)
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
            && let Some(index) = items.iter().position(|n| n.range == s.range)
        {
            let ranges: Vec<TextRange> = items.iter().map(|n| n.range).collect();
            let safe = same_text(ctx.text, s, t);
            finding = finding.with_fix(
                "Remove the redundant statement",
                vec![remove_list_item(ctx.text, &ranges, index)],
                safe,
            );
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

struct List<'s> {
    negated: bool,
    items: Vec<&'s str>,
    /// Entries without wildcards or variables, lower-cased for actions.
    literals: HashSet<String>,
    /// Entries with wildcards or variables.
    patterns: Vec<&'s str>,
    case_sensitive: bool,
}

impl<'s> List<'s> {
    fn new(list: Option<(&'s StrList, bool)>, case_sensitive: bool) -> Option<List<'s>> {
        let (list, negated) = list?;
        let fold = |v: &str| if case_sensitive { v.to_owned() } else { v.to_ascii_lowercase() };
        let items: Vec<&str> = list.items.iter().map(|s| s.value.as_str()).collect();
        Some(List {
            negated,
            literals: items.iter().filter(|v| literal(v)).map(|v| fold(v)).collect(),
            patterns: items.iter().copied().filter(|v| !literal(v)).collect(),
            items,
            case_sensitive,
        })
    }

    /// Some entry matches everything `p` matches.
    fn covers(&self, p: &str) -> bool {
        let folded = if self.case_sensitive { p.to_owned() } else { p.to_ascii_lowercase() };
        self.literals.contains(&folded) || self.patterns.iter().any(|q| glob_covers(q, p, self.case_sensitive))
    }
}

impl<'s> Prepared<'s> {
    fn new(stmt: &'s Statement) -> Prepared<'s> {
        Prepared { stmt, actions: List::new(stmt.actions(), false), resources: List::new(stmt.resources(), true) }
    }
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
        PrincipalValue::Str(s) => s.value == "*",
        PrincipalValue::Map(entries) => {
            entries.iter().any(|e| e.kind.value == "AWS" && e.values.iter().any(|v| v.value == "*"))
        }
        PrincipalValue::Other => false,
    }
}

fn principal_set(p: &Principal) -> Vec<(String, String)> {
    let mut set: Vec<(String, String)> = match &p.value {
        PrincipalValue::Map(entries) => {
            entries.iter().flat_map(|e| e.values.iter().map(|v| (e.kind.value.clone(), v.value.clone()))).collect()
        }
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
    !value.contains(['*', '?']) && !value.contains("${")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    Lit(u8),
    /// A wildcard or policy variable of the covered pattern: only a `*` of the covering one
    /// absorbs it.
    Wild,
}

/// Does every string `p` matches also match `q`? Sound: `false` when unsure.
fn glob_covers(q: &str, p: &str, case_sensitive: bool) -> bool {
    if is_star(q) {
        return true;
    }
    if q.contains("${") {
        return q == p;
    }
    let norm = |b: u8| if case_sensitive { b } else { b.to_ascii_lowercase() };
    let mut covered = Vec::with_capacity(p.len());
    let mut rest = p.as_bytes();
    while let Some(&b) = rest.first() {
        if rest.starts_with(b"${")
            && let Some(end) = rest.iter().position(|&c| c == b'}')
        {
            covered.push(Tok::Wild);
            rest = &rest[end + 1..];
            continue;
        }
        covered.push(if b == b'*' || b == b'?' { Tok::Wild } else { Tok::Lit(norm(b)) });
        rest = &rest[1..];
    }
    let q: Vec<u8> = q.bytes().collect();
    // reach[j]: the first `i` bytes of `q` can match the first `j` tokens of `p`.
    let mut reach = vec![false; covered.len() + 1];
    reach[0] = true;
    for &c in &q {
        let mut next = vec![false; covered.len() + 1];
        for j in 0..=covered.len() {
            if c == b'*' {
                // A star matches any run of tokens, wildcards included.
                next[j] = reach[j] || (j > 0 && next[j - 1]);
            } else if j > 0 && reach[j - 1] {
                next[j] = match covered[j - 1] {
                    Tok::Lit(b) => c == b'?' || norm(c) == b,
                    Tok::Wild => false,
                };
            }
        }
        reach = next;
    }
    reach[covered.len()]
}

#[cfg(test)]
mod tests {
    use super::glob_covers;

    #[test]
    fn pattern_coverage() {
        assert!(glob_covers("s3:Get*", "s3:GetObject", false));
        assert!(glob_covers("S3:GET*", "s3:GetObject*", false));
        assert!(!glob_covers("s3:GetObject", "s3:Get*", false));
        assert!(!glob_covers("s3:Get?bject", "s3:Get*", false));
        assert!(glob_covers("*", "anything", true));
        assert!(glob_covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/*", true));
        assert!(!glob_covers("arn:aws:s3:::B/*", "arn:aws:s3:::b/x", true));
        assert!(glob_covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}", true));
        assert!(!glob_covers("arn:aws:s3:::b/home", "arn:aws:s3:::b/${aws:username}", true));
        assert!(glob_covers("arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/${aws:username}", true));
    }
}
