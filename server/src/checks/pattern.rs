//! Containment between two IAM patterns: does every string one matches also match the other?
//! Shared by the redundant-entry rules (`s3:Get*` makes `s3:GetObject` pointless) and the
//! statement-coverage rules.
//!
//! `*` matches any run of characters, `?` exactly one, and a policy variable (`${aws:username}`)
//! is replaced by request text of unknown content. The answer is sound but not complete: a
//! wildcard or variable of the covered pattern is covered only by a `*` (a `?` also by a `?`, a
//! variable also by the same variable), so `true` is always right and `false` may be unsure.

use std::cell::OnceCell;
use std::hash::Hasher;

use memchr::memmem::Finder;

use crate::catalog::ascii_lowercase;

/// Whether every string `inner` can match is also matched by `outer`. Action names compare
/// ignoring ASCII case, ARNs with case.
pub(crate) fn covers(outer: &str, inner: &str, ignore_case: bool) -> bool {
    match Outer::new(outer) {
        Some(outer) => outer.covers(&Inner::new(inner), ignore_case),
        // A literal covers only itself.
        None => first_special(inner.as_bytes()).is_none() && same(outer.as_bytes(), inner.as_bytes(), ignore_case),
    }
}

/// A pattern with a wildcard or variable, prepared to be tried on many entries: the literal text
/// before its first wildcard and after its last, which most entries of a list fail to match, and
/// the segments between its stars are found once.
pub(crate) struct Outer<'a> {
    text: &'a str,
    /// Bytes before the first wildcard or variable.
    head: usize,
    /// Bytes after the last.
    tail: usize,
    /// The literal text between its stars, when `*` is its only wildcard, each prepared for the
    /// substring searches of many entries; found when first needed, as most entries fail on the
    /// head or tail.
    segments: OnceCell<Option<Vec<Finder<'a>>>>,
}

/// An entry prepared to be compared with many patterns: where its first wildcard or variable
/// starts and its last ends, found when first needed.
pub(crate) struct Inner<'a> {
    text: &'a str,
    specials: OnceCell<(Option<usize>, Option<usize>)>,
}

impl<'a> Inner<'a> {
    pub(crate) fn new(text: &'a str) -> Inner<'a> {
        Inner { text, specials: OnceCell::new() }
    }

    fn specials(&self) -> (Option<usize>, Option<usize>) {
        *self.specials.get_or_init(|| {
            let s = self.text.as_bytes();
            (first_special(s), last_special(s))
        })
    }
}

impl<'a> Outer<'a> {
    /// `None` for a literal.
    pub(crate) fn new(text: &'a str) -> Option<Outer<'a>> {
        let o = text.as_bytes();
        let head = first_special(o)?;
        let tail = o.len() - last_special(o).map_or(0, |at| at + 1);
        Some(Outer { text, head, tail, segments: OnceCell::new() })
    }

    fn segments(&self) -> Option<&[Finder<'a>]> {
        let o = self.text.as_bytes();
        let stars_only = || specials(o).all(|(start, _)| o[start] == b'*');
        let between = || {
            let mut parts: Vec<&str> = self.text.split('*').collect();
            parts.pop();
            parts.into_iter().skip(1).filter(|s| !s.is_empty()).map(Finder::new).collect()
        };
        self.segments.get_or_init(|| stars_only().then(between)).as_deref()
    }

    /// [`covers`] for this pattern.
    pub(crate) fn covers(&self, inner: &Inner<'_>, ignore_case: bool) -> bool {
        let (o, i, head, tail) = (self.text.as_bytes(), inner.text.as_bytes(), self.head, self.tail);
        // The literal text around the wildcards must be literal text of `inner`: this settles
        // most pairs of a long list without the general search below.
        if i.len() < head + tail
            || !same(&o[..head], &i[..head], ignore_case)
            || !same(&o[o.len() - tail..], &i[i.len() - tail..], ignore_case)
        {
            return false;
        }
        let (first, last) = inner.specials();
        if first.is_some_and(|at| at < head) || last.is_some_and(|end| end >= i.len() - tail) {
            return false;
        }
        match self.segments() {
            Some(segments) => segments_in_order(segments, &i[head..i.len() - tail], ignore_case),
            None => search(&tokens(self.text, ignore_case), &tokens(inner.text, ignore_case)),
        }
    }
}

fn same(a: &[u8], b: &[u8], ignore_case: bool) -> bool {
    if ignore_case { a.eq_ignore_ascii_case(b) } else { a == b }
}

/// Where `needle` first occurs in `haystack`: a substring search for ARNs, which compare with
/// case (a window-by-window comparison called `memcmp` at every byte of long same-service lists).
fn find(haystack: &[u8], needle: &Finder<'_>, ignore_case: bool) -> Option<usize> {
    if ignore_case {
        let needle = needle.needle();
        haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
    } else {
        needle.find(haystack)
    }
}

/// With only `*` for wildcards, `outer` (`segments`: the texts between its stars) covers `inner`
/// (whose ends are already matched) when the literal segments between its stars occur in
/// `middle`, in order, each inside one literal run of it: the stars absorb the rest, `inner`'s
/// own wildcards and variables included. The leftmost occurrence of each segment is always the
/// best choice.
fn segments_in_order(segments: &[Finder<'_>], middle: &[u8], ignore_case: bool) -> bool {
    // The literal runs of `middle` between its wildcards and variables, in order, as [start, end).
    let mut specials = specials(middle);
    let (mut next_start, mut done) = (0, false);
    let mut runs = std::iter::from_fn(|| {
        if done {
            return None;
        }
        Some(match specials.next() {
            Some((start, end)) => (std::mem::replace(&mut next_start, end + 1), start),
            None => {
                done = true;
                (next_start, middle.len())
            }
        })
    });
    let Some(mut run) = runs.next() else { return false };
    for segment in segments {
        loop {
            if let Some(found) = find(&middle[run.0..run.1], segment, ignore_case) {
                run.0 += found + segment.needle().len();
                break;
            }
            let Some(next) = runs.next() else { return false };
            run = next;
        }
    }
    true
}

/// The length of the literal text before the first wildcard or variable (all of a literal).
pub(super) fn literal_head(pattern: &str) -> usize {
    first_special(pattern.as_bytes()).unwrap_or(pattern.len())
}

/// Feeds `text` to `state`, lower-cased when `ignore_case`: equal for texts equal ignoring ASCII
/// case, as [`covers`] compares action names. Eight bytes at a time, without a folded copy.
pub(super) fn hash_folded(state: &mut impl Hasher, text: &[u8], ignore_case: bool) {
    let mut words = text.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        state.write_u64(if ignore_case { ascii_lowercase(word) } else { word });
    }
    for &b in words.remainder() {
        state.write_u8(if ignore_case { b.to_ascii_lowercase() } else { b });
    }
    // As `str`'s own hash does, so that no text hashes as a prefix of another.
    state.write_u8(0xff);
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Token<'a> {
    Char(char),
    Star,
    One,
    Variable(&'a str),
}

/// Where the first wildcard or variable starts: [`specials`]' first, found by jumping from one
/// `*`, `?` or `$` to the next (most entries are long literals).
fn first_special(s: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = memchr::memchr3(b'*', b'?', b'$', &s[at..]) {
        let start = at + i;
        if s[start] != b'$' {
            return Some(start);
        }
        if s[start + 1..].starts_with(b"{") {
            if memchr::memchr(b'}', &s[start..]).is_some() {
                return Some(start);
            }
            // No `}` closes this `${` or any later one.
            return memchr::memchr2(b'*', b'?', &s[start..]).map(|i| start + i);
        }
        at = start + 1;
    }
    None
}

/// Where the last wildcard or variable ends (its last byte).
fn last_special(s: &[u8]) -> Option<usize> {
    specials(s).last().map(|(_, end)| end)
}

/// The wildcards and variables of a pattern, as (first byte, last byte), in one pass: a variable
/// ends at the first `}` after its `${`; without one, `${` is plain text.
fn specials(s: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    // Once a `${` finds no `}`, no later one can.
    let mut closed = true;
    std::iter::from_fn(move || {
        while at < s.len() {
            let start = at;
            at += 1;
            if matches!(s[start], b'*' | b'?') {
                return Some((start, start));
            }
            if closed && s[start..].starts_with(b"${") {
                match s[start..].iter().position(|&b| b == b'}') {
                    Some(end) => {
                        at = start + end + 1;
                        return Some((start, start + end));
                    }
                    None => closed = false,
                }
            }
        }
        None
    })
}

fn tokens(s: &str, ignore_case: bool) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(s.len());
    let literal = |out: &mut Vec<Token<'_>>, text: &str| {
        out.extend(text.chars().map(|c| Token::Char(if ignore_case { c.to_ascii_lowercase() } else { c })));
    };
    let mut at = 0;
    for (start, end) in specials(s.as_bytes()) {
        literal(&mut out, &s[at..start]);
        out.push(match s.as_bytes()[start] {
            b'*' => Token::Star,
            b'?' => Token::One,
            _ => Token::Variable(&s[start..=end]),
        });
        at = end + 1;
    }
    literal(&mut out, &s[at..]);
    out
}

/// The general case, by dynamic programming over both token lists.
fn search(outer: &[Token<'_>], inner: &[Token<'_>]) -> bool {
    // reach[b]: the tokens of `outer` seen so far can stand for `inner[..b]`.
    let mut reach = vec![false; inner.len() + 1];
    let mut next = vec![false; inner.len() + 1];
    reach[0] = true;
    for &o in outer {
        next[0] = o == Token::Star && reach[0];
        for b in 1..=inner.len() {
            next[b] = match o {
                // A star absorbs any run of the inner pattern, its wildcards and variables too.
                Token::Star => reach[b] || next[b - 1],
                Token::One => reach[b - 1] && matches!(inner[b - 1], Token::Char(_) | Token::One),
                Token::Char(_) | Token::Variable(_) => reach[b - 1] && inner[b - 1] == o,
            };
        }
        std::mem::swap(&mut reach, &mut next);
    }
    reach[inner.len()]
}

#[cfg(test)]
mod tests {
    use super::covers;
    use crate::testing::every_text;

    #[test]
    fn wildcards() {
        assert!(covers("s3:Get*", "s3:GetObject", true));
        assert!(covers("s3:get*", "S3:GetObject*", true));
        assert!(!covers("s3:get*", "S3:GetObject", false));
        assert!(covers("*", "s3:*", true));
        assert!(!covers("s3:GetObject", "s3:Get*", true));
        assert!(!covers("s3:Get?", "s3:Get*", true));
        assert!(covers("s3:Get?", "s3:GetX", true));
        assert!(covers("s3:Get?", "s3:Get?", true));
        assert!(!covers("s3:Get?bject", "s3:Get*", false));
        assert!(covers("s3:*Object", "s3:Get*Object", true));
        assert!(!covers("s3:*Object", "s3:Get*", true));
        assert!(covers("a*b*c", "a1b2b3c", false));
        assert!(!covers("a*b*c", "a1c", false));
        assert!(covers("a*b*c*d", "a-b-b-c-d", false));
        assert!(!covers("a*bc*d", "a-b*c-d", false), "a segment cannot span a wildcard");
        assert!(covers("a*bc*d", "a-b*bc-d", false));
        assert!(covers("A*BC*D", "a-x?bc*-d", true));
        assert!(!covers("a*b", "a*", false));
        assert!(covers("a?c", "aéc", false));
        assert!(!covers("a??c", "aéc", false));
    }

    #[test]
    fn shortcuts_agree_with_the_general_search() {
        use super::{search, tokens};
        // Every mix of short patterns, and longer ones with several segments between stars.
        let mut outers = every_text(&["a", "B", "*", "?", "${v}"], 3);
        outers.extend(every_text(&["a", "*"], 6));
        let mut inners = every_text(&["a", "b", "*", "?", "${v}"], 3);
        inners.extend(every_text(&["a", "*", "?", "${a}"], 4));
        for o in &outers {
            for i in &inners {
                for ignore_case in [false, true] {
                    let general = search(&tokens(o, ignore_case), &tokens(i, ignore_case));
                    assert_eq!(covers(o, i, ignore_case), general, "{o:?} covers {i:?} (ignore case: {ignore_case})");
                }
            }
        }
    }

    #[test]
    fn first_special_agrees_with_specials() {
        for s in every_text(&["a", "*", "?", "$", "{", "}"], 5) {
            assert_eq!(
                super::first_special(s.as_bytes()),
                super::specials(s.as_bytes()).next().map(|(start, _)| start),
                "{s:?}"
            );
        }
    }

    #[test]
    fn arns_compare_with_case() {
        assert!(covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/x", false));
        assert!(covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/*", false));
        assert!(!covers("arn:aws:s3:::B/*", "arn:aws:s3:::b/x", false));
    }

    #[test]
    fn variables_stand_for_unknown_text() {
        assert!(covers("arn:aws:s3:::*", "arn:aws:s3:::${aws:username}", false));
        assert!(covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/x", false));
        assert!(!covers("arn:aws:s3:::${aws:username}", "arn:aws:s3:::bob", false));
        assert!(!covers("arn:aws:s3:::b/home", "arn:aws:s3:::b/${aws:username}", false));
        assert!(!covers("arn:aws:s3:::b/?{aws:username}", "arn:aws:s3:::b/${aws:username}", false));
        assert!(!covers("arn:aws:s3:::b/$*", "arn:aws:s3:::b/${aws:username}", false));
        assert!(covers("arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/${aws:username}", false));
        assert!(covers("arn:aws:s3:::${aws:username}/*", "arn:aws:s3:::${aws:username}/x", false));
        assert!(covers("arn:*:s3:::b/*/x", "arn:aws:s3:::b/${aws:userid}/x", false));
        assert!(!covers("arn:*:s3:::b/*id}/x", "arn:aws:s3:::b/${aws:userid}/x", false));
        assert!(!covers("x*a*y", "x${a}y", false), "a variable's name is not its text");
        assert!(covers("x*a*y", "x${a}ay", false));
        assert!(!covers("arn:aws:s3:::${aws:username}/*", "arn:aws:s3:::${aws:userid}/x", false));
        // An unterminated `${` is plain text.
        assert!(covers("a${b", "a${b", false));
    }
}
