//! Can a policy ARN pattern and a resource type's ARN template describe a common ARN?
//!
//! Policy pattern: `*` matches any run of characters, `:` and `/` included; `?` exactly one;
//! a policy variable such as `${aws:username}` is unknown until request time, so it acts as
//! `*`, except the escapes `${*}`, `${?}` and `${$}`, which are the literal characters.
//!
//! Template: each `${Placeholder}` stands for one non-empty value. In the partition, service,
//! region and account fields it never contains `:`. In the resource part it may contain `:`
//! and `/`, because real names do (log groups `/aws/lambda/x`, Lambda qualifiers `fn:1`,
//! API Gateway paths); the exception is `${BucketName}`, since S3 bucket names contain
//! neither. So `arn:aws:s3:::bucket/*` can be an `object` but not a `bucket`, while
//! `arn:aws:s3:::*` can be either. Literals compare ignoring ASCII case, which can only
//! widen a match: this answers "could these overlap", never "these certainly differ".
//!
//! Both sides become small automata; a search over pairs of positions decides whether they
//! accept a common string, in O(pattern × template) steps.

use std::sync::LazyLock;

use super::wildcard::{has_variable, split_once_byte};
use crate::cache::Answers;

/// How many (resource type, pattern) answers are kept: a corpus asks about the same ARNs against
/// the same types over and over (a third of the instructions of checking 1,645 managed
/// policies went to deciding such pairs again), and the bound keeps memory flat.
const MAX_PAIRS: usize = 16_384;

/// The answer for `pattern` against the resource type `id`, decided once by `decide`.
pub(crate) fn cached(id: u32, pattern: &str, decide: impl FnOnce() -> bool) -> bool {
    static PAIRS: LazyLock<Answers<u32>> = LazyLock::new(|| Answers::new(MAX_PAIRS));
    PAIRS.answer(id, pattern, decide)
}

/// Which characters a wildcard or placeholder may consume.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Any,
    NoColon,
    /// Neither `:` nor `/`.
    Segment,
}

impl Class {
    fn allows(self, c: char) -> bool {
        match self {
            Class::Any => true,
            Class::NoColon => c != ':',
            Class::Segment => c != ':' && c != '/',
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok {
    Lit(char),
    /// Exactly one character of the class.
    One(Class),
    /// Any run (possibly empty) of characters of the class.
    Star(Class),
}

pub(crate) fn can_match(pattern: &str, template: &str) -> bool {
    // Most patterns spell their first fields out: those compare field by field, which rejects
    // most pairs at once and leaves the automata only the rest. The fields before the pattern's
    // first wildcard or variable hold no `:` on either side (a template's placeholder there never
    // does), so a common ARN has its first colons where both have them.
    if let (Some((p_fields, p_rest)), Some((t_fields, t_rest))) = (leading_fields(pattern), leading_fields(template)) {
        let literal = p_fields.iter().take_while(|f| !f.contains(['*', '?']) && !has_variable(f)).count();
        let mut literal_fields = true;
        for (p, t) in p_fields[..literal].iter().zip(&t_fields) {
            match placeholder_field(t) {
                Field::Literal if !p.eq_ignore_ascii_case(t) => return false,
                Field::Placeholder if p.is_empty() => return false,
                Field::Literal | Field::Placeholder => {}
                Field::Mixed => literal_fields = false,
            }
        }
        if literal_fields && literal == 5 {
            return literal_heads_agree(p_rest, t_rest)
                && intersects(&pattern_tokens(p_rest), &template_tokens(t_rest, 5));
        }
        if literal_fields && literal > 0 {
            let after = |arn: &'_ str| memchr::memchr_iter(b':', arn.as_bytes()).nth(literal - 1).map(|at| at + 1);
            if let (Some(p_at), Some(t_at)) = (after(pattern), after(template)) {
                return intersects(&pattern_tokens(&pattern[p_at..]), &template_tokens(&template[t_at..], literal));
            }
        }
    }
    intersects(&pattern_tokens(pattern), &template_tokens(template, 0))
}

/// Whether the literal text both resource parts start with agrees, ignoring ASCII case, up to the
/// first wildcard, variable or placeholder of either: `instance/*` against `volume/${VolumeId}`
/// is settled here, without building the automata.
fn literal_heads_agree(pattern: &str, template: &str) -> bool {
    let pattern = pattern.bytes().take_while(|b| !matches!(b, b'*' | b'?' | b'$'));
    let template = template.bytes().take_while(|&b| b != b'$');
    pattern.zip(template).all(|(p, t)| p.eq_ignore_ascii_case(&t))
}

/// The first five `:`-separated fields and the resource part after them.
fn leading_fields(arn: &str) -> Option<([&str; 5], &str)> {
    let mut colons = memchr::memchr_iter(b':', arn.as_bytes());
    let (mut fields, mut start) = ([""; 5], 0);
    for field in &mut fields {
        let end = colons.next()?;
        *field = &arn[start..end];
        start = end + 1;
    }
    Some((fields, &arn[start..]))
}

/// Field `n` of an ARN or ARN template split at every `:` (0 is `arn`, 2 the service): a byte
/// search, as the fields are short and splitting by a character costs more than they do.
pub fn arn_field(arn: &str, n: usize) -> Option<&str> {
    let mut colons = memchr::memchr_iter(b':', arn.as_bytes());
    let start = if n == 0 { 0 } else { colons.nth(n - 1)? + 1 };
    Some(&arn[start..colons.next().unwrap_or(arn.len())])
}

enum Field {
    Literal,
    /// Exactly one `${Placeholder}`: any non-empty value.
    Placeholder,
    /// Text and placeholders: left to the automata.
    Mixed,
}

fn placeholder_field(field: &str) -> Field {
    if !has_variable(field) {
        Field::Literal
    } else if field.starts_with("${") && memchr::memchr(b'}', field.as_bytes()) == Some(field.len() - 1) {
        Field::Placeholder
    } else {
        Field::Mixed
    }
}

fn pattern_tokens(pattern: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(pattern.len());
    let mut rest = pattern;
    // Once a `${` finds no `}`, no later one can: stop searching (a pattern of many `${` would
    // otherwise take quadratic time).
    let mut closed = true;
    loop {
        // Up to the next `$`, every character is a token of its own.
        let (run, at_dollar) = rest.split_at(memchr::memchr(b'$', rest.as_bytes()).unwrap_or(rest.len()));
        toks.extend(run.chars().map(|c| match c {
            '*' => Tok::Star(Class::Any),
            '?' => Tok::One(Class::Any),
            c => Tok::Lit(c.to_ascii_lowercase()),
        }));
        if at_dollar.is_empty() {
            return toks;
        }
        let var = at_dollar.strip_prefix("${").filter(|_| closed).and_then(|r| split_once_byte(r, b'}'));
        closed &= var.is_some() || !at_dollar.starts_with("${");
        match var {
            Some((name, after)) => {
                toks.push(match name {
                    "*" | "?" | "$" => Tok::Lit(name.chars().next().unwrap_or('$')),
                    _ => Tok::Star(Class::Any),
                });
                rest = after;
            }
            None => {
                toks.push(Tok::Lit('$'));
                rest = &at_dollar[1..];
            }
        }
    }
}

/// Tokens of a template, or of its tail after `colons` colons.
fn template_tokens(template: &str, mut colons: usize) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(template.len());
    let mut rest = template;
    loop {
        let (run, at_dollar) = rest.split_at(memchr::memchr(b'$', rest.as_bytes()).unwrap_or(rest.len()));
        toks.extend(run.chars().map(|c| {
            colons += usize::from(c == ':');
            Tok::Lit(c.to_ascii_lowercase())
        }));
        if at_dollar.is_empty() {
            return toks;
        }
        match at_dollar.strip_prefix("${").and_then(|r| split_once_byte(r, b'}')) {
            Some((name, after)) => {
                let class = placeholder_class(name, colons);
                toks.extend([Tok::One(class), Tok::Star(class)]);
                rest = after;
            }
            None => {
                toks.push(Tok::Lit('$'));
                rest = &at_dollar[1..];
            }
        }
    }
}

/// What a template's placeholder may hold: no `:` in the first five fields, neither `:` nor `/`
/// in an S3 bucket name, anything in the rest of the resource part.
fn placeholder_class(name: &str, colons: usize) -> Class {
    if colons < 5 {
        Class::NoColon
    } else if name.ends_with("BucketName") {
        Class::Segment
    } else {
        Class::Any
    }
}

/// One character consumed by one side: a literal or any member of a class.
fn compatible(a: Tok, b: Tok) -> bool {
    match (a, b) {
        (Tok::Lit(x), Tok::Lit(y)) => x == y,
        (Tok::Lit(x), Tok::One(k) | Tok::Star(k)) | (Tok::One(k) | Tok::Star(k), Tok::Lit(x)) => k.allows(x),
        // Any two classes share ordinary name characters.
        _ => true,
    }
}

/// Do the pattern's tokens `a` and the template's `b` accept a common string? The pairs of
/// positions reachable are those of [`search`]; here the template positions reachable with the
/// first `i` pattern tokens consumed are the bits of one word, and each pattern token advances
/// all of them at once: a few word operations per pattern token, where the search visited every
/// pair. Every catalog template is shorter than the word; a longer one is searched.
fn intersects(a: &[Tok], b: &[Tok]) -> bool {
    if b.len() >= 128 {
        return search(a, b);
    }
    let masks = Masks::of(b);
    // The positions one step right of which is free at pattern token `t`: a template star matches
    // nothing, and a pattern star consumes any template character of its class.
    let free = |t: Option<Tok>| match t {
        Some(t @ Tok::Star(_)) => masks.star | masks.plain(t),
        _ => masks.star,
    };
    let mut reach = close(1, free(a.first().copied()));
    for (i, &t) in a.iter().enumerate() {
        if !matches!(t, Tok::Star(_)) {
            // One character both consume: a plain template token moves on, a star stays.
            reach = ((reach & masks.plain(t)) << 1) | (reach & masks.stars(t));
        }
        // A pattern star also matches nothing: its positions are those after it too.
        reach = close(reach, free(a.get(i + 1).copied()));
        if reach == 0 {
            return false;
        }
    }
    reach & (1 << b.len()) != 0
}

/// `from` and every position reachable from it by steps `j` to `j + 1` where bit `j` of `free` is
/// set: adding a run of set bits to its lowest bit of `from` carries through to just past the run.
fn close(from: u128, free: u128) -> u128 {
    from | (((from & free) + free) ^ free)
}

/// Which template positions hold what, one bit per position, for [`intersects`].
struct Masks<'b> {
    star: u128,
    one: u128,
    /// Each ASCII literal's positions are `ascii[index[c] - 1]`, and `index[c]` is 0 for a
    /// character the template lacks: clearing a table of 128 position sets took more instructions
    /// than most searches. Other characters are found by a scan.
    index: [u8; 128],
    ascii: Vec<u128>,
    literal: u128,
    colon: u128,
    slash: u128,
    /// Placeholder tokens by class: `[Any, NoColon, Segment]`.
    one_of: [u128; 3],
    star_of: [u128; 3],
    tokens: &'b [Tok],
}

impl<'b> Masks<'b> {
    fn of(b: &'b [Tok]) -> Masks<'b> {
        let mut m = Masks {
            star: 0,
            one: 0,
            index: [0; 128],
            ascii: Vec::new(),
            literal: 0,
            colon: 0,
            slash: 0,
            one_of: [0; 3],
            star_of: [0; 3],
            tokens: b,
        };
        for (j, &t) in b.iter().enumerate() {
            let bit = 1u128 << j;
            match t {
                Tok::Lit(c) => {
                    m.literal |= bit;
                    if let Some(slot) = m.index.get_mut(c as usize) {
                        if *slot == 0 {
                            // At most 127 tokens (longer templates are searched), so an index fits.
                            m.ascii.push(0);
                            *slot = m.ascii.len() as u8;
                        }
                        m.ascii[usize::from(*slot) - 1] |= bit;
                    }
                    m.colon |= if c == ':' { bit } else { 0 };
                    m.slash |= if c == '/' { bit } else { 0 };
                }
                Tok::One(k) => {
                    m.one |= bit;
                    m.one_of[k as usize] |= bit;
                }
                Tok::Star(k) => {
                    m.star |= bit;
                    m.star_of[k as usize] |= bit;
                }
            }
        }
        m
    }

    fn literal(&self, c: char) -> u128 {
        match self.index.get(c as usize) {
            Some(0) => 0,
            Some(&slot) => self.ascii[usize::from(slot) - 1],
            None => self.tokens.iter().enumerate().filter(|(_, t)| **t == Tok::Lit(c)).fold(0, |m, (j, _)| m | 1 << j),
        }
    }

    /// The template's literals and `?`-like placeholders compatible with `t`.
    fn plain(&self, t: Tok) -> u128 {
        match t {
            Tok::Lit(c) => self.literal(c) | self.of_classes(&self.one_of, c),
            Tok::One(k) | Tok::Star(k) => self.one | self.literal & !self.excluded(k),
        }
    }

    /// The template's placeholder runs compatible with the non-star `t`.
    fn stars(&self, t: Tok) -> u128 {
        match t {
            Tok::Lit(c) => self.of_classes(&self.star_of, c),
            Tok::One(_) | Tok::Star(_) => self.star,
        }
    }

    /// The placeholders among `by_class` whose class allows `c`.
    fn of_classes(&self, by_class: &[u128; 3], c: char) -> u128 {
        [Class::Any, Class::NoColon, Class::Segment]
            .iter()
            .filter(|k| k.allows(c))
            .fold(0, |m, &k| m | by_class[k as usize])
    }

    /// The literal positions a class does not allow.
    fn excluded(&self, class: Class) -> u128 {
        match class {
            Class::Any => 0,
            Class::NoColon => self.colon,
            Class::Segment => self.colon | self.slash,
        }
    }
}

/// [`intersects`] by depth-first search over position pairs, each pair one index into a bit set of
/// those already seen.
fn search(a: &[Tok], b: &[Tok]) -> bool {
    let width = b.len() + 1;
    let end = a.len() * width + b.len();
    // One bit per pair of positions.
    let mut seen = vec![0u64; (end + 1).div_ceil(64)];
    let mut stack = Vec::with_capacity(a.len() + b.len());
    stack.push(0usize);
    while let Some(at) = stack.pop() {
        let (word, bit) = (at / 64, 1u64 << (at % 64));
        if seen[word] & bit != 0 {
            continue;
        }
        seen[word] |= bit;
        if at == end {
            return true;
        }
        let (i, j) = (at / width, at % width);
        let (ta, tb) = (a.get(i).copied(), b.get(j).copied());
        // A star may match nothing.
        if let Some(Tok::Star(_)) = ta {
            stack.push(at + width);
        }
        if let Some(Tok::Star(_)) = tb {
            stack.push(at + 1);
        }
        // Both consume one common character; a star stays where it is.
        if let (Some(x), Some(y)) = (ta, tb) {
            let (x_star, y_star) = (matches!(x, Tok::Star(_)), matches!(y, Tok::Star(_)));
            if !(x_star && y_star) && compatible(x, y) {
                let (down, right) = (if x_star { 0 } else { width }, usize::from(!y_star));
                stack.push(at + down + right);
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{Class, Tok, can_match, pattern_tokens, placeholder_class, template_tokens};
    use crate::testing::every_text;

    /// The tokens of a pattern by their definition, one character at a time.
    fn pattern_tokens_by_characters(pattern: &str) -> Vec<Tok> {
        let (mut toks, mut rest, mut closed) = (Vec::new(), pattern, true);
        while let Some(c) = rest.chars().next() {
            let var = rest.strip_prefix("${").filter(|_| closed).and_then(|r| r.split_once('}'));
            closed &= var.is_some() || !rest.starts_with("${");
            if let Some((name, after)) = var {
                toks.push(match name {
                    "*" | "?" | "$" => Tok::Lit(name.chars().next().unwrap_or('$')),
                    _ => Tok::Star(Class::Any),
                });
                rest = after;
                continue;
            }
            toks.push(match c {
                '*' => Tok::Star(Class::Any),
                '?' => Tok::One(Class::Any),
                c => Tok::Lit(c.to_ascii_lowercase()),
            });
            rest = &rest[c.len_utf8()..];
        }
        toks
    }

    /// The tokens of a template by their definition, one character at a time.
    fn template_tokens_by_characters(template: &str, mut colons: usize) -> Vec<Tok> {
        let (mut toks, mut rest) = (Vec::new(), template);
        while let Some(c) = rest.chars().next() {
            if let Some((name, after)) = rest.strip_prefix("${").and_then(|r| r.split_once('}')) {
                let class = placeholder_class(name, colons);
                toks.extend([Tok::One(class), Tok::Star(class)]);
                rest = after;
                continue;
            }
            colons += usize::from(c == ':');
            toks.push(Tok::Lit(c.to_ascii_lowercase()));
            rest = &rest[c.len_utf8()..];
        }
        toks
    }

    #[test]
    fn tokens_agree_with_reading_one_character_at_a_time() {
        let pieces = ["a", "B", "$", "{", "}", "*", "?", ":", "é", "${x}", "${BucketName}"];
        for text in &every_text(&pieces, 4) {
            assert_eq!(pattern_tokens(text), pattern_tokens_by_characters(text), "{text:?}");
            for colons in [0, 4, 5] {
                assert_eq!(template_tokens(text, colons), template_tokens_by_characters(text, colons), "{text:?}");
            }
        }
    }

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const INSTANCE: &str = "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}";
    const VOLUME: &str = "arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}";
    const LOG_GROUP: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";

    #[test]
    fn s3_buckets_and_objects() {
        assert!(can_match("arn:aws:s3:::bucket/*", OBJECT));
        assert!(!can_match("arn:aws:s3:::bucket/*", BUCKET));
        assert!(can_match("arn:aws:s3:::bucket", BUCKET));
        assert!(!can_match("arn:aws:s3:::bucket", OBJECT));
        assert!(can_match("arn:aws:s3:::*", BUCKET));
        assert!(can_match("arn:aws:s3:::*", OBJECT));
        assert!(can_match("arn:aws:s3:::bucket/a/b/c.txt", OBJECT));
        assert!(can_match("arn:aws:s3:::bucket-*", BUCKET));
        assert!(!can_match("arn:aws:s3:::bucket/", OBJECT), "object names are non-empty");
        assert!(can_match("*", BUCKET));
    }

    #[test]
    fn ec2_and_fields() {
        let p = "arn:aws:ec2:us-east-2:111122223333:instance/*";
        assert!(can_match(p, INSTANCE));
        assert!(!can_match(p, VOLUME));
        assert!(can_match("arn:aws:ec2:*:*:instance/i-123", INSTANCE));
        assert!(can_match("arn:aws:ec2:*", INSTANCE));
        assert!(!can_match("arn:aws:s3:::*", INSTANCE));
        assert!(!can_match("arn:aws:ec2:us-east-2:111122223333:instance", INSTANCE));
        // A region never contains ':', so the account field cannot be skipped.
        assert!(!can_match("arn:aws:ec2:us-east-2:instance/i-1", INSTANCE));
    }

    #[test]
    fn resource_part_names_can_hold_separators() {
        assert!(can_match("arn:aws:logs:*:*:log-group:/aws/lambda/*", LOG_GROUP));
        let func = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";
        assert!(can_match("arn:aws:lambda:us-east-1:123456789012:function:fn:*", func));
    }

    #[test]
    fn bit_parallel_intersection_agrees_with_the_search() {
        use super::{intersects, search};
        let a = [Tok::Lit('a'), Tok::Lit(':'), Tok::Lit('é'), Tok::One(Class::Any), Tok::Star(Class::Any)];
        let a: Vec<Tok> = a.into_iter().chain([Tok::Star(Class::Segment)]).collect();
        let b = [Tok::Lit('a'), Tok::Lit(':'), Tok::Lit('/'), Tok::Lit('é'), Tok::One(Class::NoColon)];
        let b: Vec<Tok> =
            b.into_iter().chain([Tok::Star(Class::NoColon), Tok::One(Class::Any), Tok::Star(Class::Any)]).collect();
        let b: Vec<Tok> = b.into_iter().chain([Tok::Star(Class::Segment)]).collect();
        let sequences = |alphabet: &[Tok], longest: usize| {
            let mut all = vec![Vec::new()];
            let mut last = vec![Vec::new()];
            for _ in 0..longest {
                last = last
                    .iter()
                    .flat_map(|s: &Vec<Tok>| alphabet.iter().map(move |&t| [s.clone(), vec![t]].concat()))
                    .collect();
                all.extend(last.iter().cloned());
            }
            all
        };
        let (patterns, templates) = (sequences(&a, 3), sequences(&b, 3));
        for p in &patterns {
            for t in &templates {
                assert_eq!(intersects(p, t), search(p, t), "{p:?} against {t:?}");
            }
        }
        // Past one word the search decides; at its edge the word does.
        let long: Vec<Tok> = std::iter::repeat_n(Tok::Lit('a'), 127).chain([Tok::Star(Class::Any)]).collect();
        let pattern = [Tok::Star(Class::Any), Tok::Lit('a')];
        assert!(intersects(&pattern, &long[..127]) && intersects(&pattern, &long));
        assert!(!intersects(&[Tok::Lit('b'), Tok::Star(Class::Any)], &long[..127]));
    }

    #[test]
    fn field_by_field_comparison_agrees_with_the_automata() {
        use super::{intersects, pattern_tokens, template_tokens};
        let templates = [BUCKET, OBJECT, INSTANCE, VOLUME, LOG_GROUP, "arn:aws:iam::aws:policy/${PolicyNameWithPath}"];
        let patterns = [
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket",
            "arn:aws:s3:us-east-1::bucket",
            "arn:aws:ec2:us-east-2:111122223333:instance/*",
            "arn:aws:ec2::111122223333:volume/v-1",
            "arn:aws:EC2:us-east-2:111122223333:Volume/v-1",
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x:*",
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::111122223333:policy/x",
            "arn:aws-cn:s3:::b/k",
            "arn:aws:s3:::",
            "arn:aws:ec2:us-east-2:111122223333:vol*",
            "arn:aws:ec2:us-east-2:111122223333:instance",
            "arn:aws:ec2:us-east-2:111122223333:INSTANCE/${aws:username}",
            "arn:aws:iam::aws:pol?cy/x",
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:*:*:volume/v-1",
            "arn:aws:logs:*:*:log-group:/aws/lambda/*",
            "arn:aws:s3:*:*:bucket",
            "arn:aws:ec2:us-east-2:*:instance/*",
            "arn:aws:iam::*:policy/x",
            "arn:*:iam::aws:policy/x",
            "arn:aws:*:*:*:*",
            "arn:aws:s3:::*",
            "arn:aws:ec2:${aws:region}:*:instance/*",
            "arn:aws:ec2:*:instance/i-1",
            "arn:aws:ec2:*",
            "arn:aws:iam::",
            "arn:aws:logs:us-east-1:*:log-group:x:*",
        ];
        for t in templates {
            for p in patterns {
                let slow = intersects(&pattern_tokens(p), &template_tokens(t, 0));
                assert_eq!(can_match(p, t), slow, "{p} against {t}");
            }
        }
    }

    #[test]
    fn policy_variables() {
        let user = "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}";
        assert!(can_match("arn:aws:iam::*:user/${aws:username}", user));
        assert!(can_match("arn:aws:s3:::home/${aws:userid}/*", OBJECT));
        assert!(!can_match("arn:aws:s3:::a${*}b", BUCKET.replace("${BucketName}", "ab").as_str()));
        assert!(can_match("arn:aws:s3:::a${*}b", BUCKET.replace("${BucketName}", "a*b").as_str()));
        assert!(can_match("ARN:AWS:S3:::Bucket", BUCKET));
    }
}
