//! Case-insensitive glob matching for action patterns and condition-key templates.
//!
//! The matcher remembers only the last `*` it passed (the classic two-pointer algorithm), so
//! it runs in O(pattern × text) at worst and never backtracks exponentially.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok {
    Lit(char),
    One,
    Star,
}

impl Tok {
    fn of(c: char) -> Tok {
        match c {
            '*' => Tok::Star,
            '?' => Tok::One,
            c => Tok::Lit(c.to_ascii_lowercase()),
        }
    }
}

/// Whether `text` holds `*` or `?`: a byte search, as the patterns compared are mostly long
/// literals.
pub fn has_wildcard(text: &str) -> bool {
    memchr::memchr2(b'*', b'?', text.as_bytes()).is_some()
}

/// Where `${` first occurs, which opens a policy variable or a catalog placeholder: a byte search
/// for `$`, much cheaper on the short texts of a policy than a general substring search.
pub fn find_variable(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'$', bytes).find(|&i| bytes.get(i + 1) == Some(&b'{'))
}

/// `text` split at the first `byte`, an ASCII character: [`str::split_once`] by a byte search,
/// which costs a third of `str`'s own search for a character on the short texts of a policy.
pub fn split_once_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    debug_assert!(byte.is_ascii());
    let at = memchr::memchr(byte, text.as_bytes())?;
    Some((&text[..at], &text[at + 1..]))
}

/// Whether `text` holds `${` (see [`find_variable`]).
pub fn has_variable(text: &str) -> bool {
    find_variable(text).is_some()
}

/// IAM action-pattern matching: `*` matches any run of characters, `?` exactly one,
/// everything else itself, ignoring ASCII case.
pub fn matches_wildcard(pattern: &str, text: &str) -> bool {
    // Most entries are plain names: no need to compile them.
    if !has_wildcard(pattern) {
        return pattern.eq_ignore_ascii_case(text);
    }
    // An ASCII pattern is its own list of tokens, one per byte: nothing to compile for one match.
    if pattern.is_ascii() {
        let bytes = pattern.as_bytes();
        return glob(bytes.len(), |i| Tok::of(char::from(bytes[i])), text);
    }
    Glob::new(pattern).matches(text)
}

/// A pattern compiled once, for matching it against many names.
pub(crate) struct Glob(Vec<Tok>);

impl Glob {
    pub(crate) fn new(pattern: &str) -> Self {
        Glob(pattern.chars().map(Tok::of).collect())
    }

    pub(crate) fn matches(&self, text: &str) -> bool {
        glob(self.0.len(), |i| self.0[i], text)
    }
}

/// Whether a condition key names a catalog key: equal ignoring case, or an instance of a
/// template whose `${Placeholder}` or `<placeholder>` parts stand for a non-empty value
/// (`aws:ResourceTag/Owner` is an `aws:ResourceTag/${TagKey}`).
pub(crate) fn key_matches(template: &str, key: &str) -> bool {
    if template.eq_ignore_ascii_case(key) {
        return true;
    }
    // The text before the first `$` or `<` is literal: a key must start with it. One pass
    // compares it and finds the `$` or `<`, so most pairs part within a few bytes
    // (`aws:ResourceTag/${TagKey}` rules out `aws:PrincipalOrgID` at the `R`), and a plain
    // template, which holds neither, is ruled out when either text ends.
    let head =
        template.bytes().zip(key.bytes()).position(|(t, k)| matches!(t, b'$' | b'<') || !t.eq_ignore_ascii_case(&k));
    let Some(head) = head.filter(|&head| matches!(template.as_bytes()[head], b'$' | b'<')) else {
        return false;
    };
    // Most templates end in their one placeholder (`aws:ResourceTag/${TagKey}`): the key, which
    // goes on past the head, holds a value for it.
    let rest = &template[head..];
    let close = if rest.starts_with("${") { Some(b'}') } else { rest.starts_with('<').then_some(b'>') };
    if close.is_some_and(|close| memchr::memchr(close, rest.as_bytes()) == Some(rest.len() - 1)) {
        return true;
    }
    if !has_variable(template) && !template.contains('<') {
        return false;
    }
    let toks = key_tokens(template);
    glob(toks.len(), |i| toks[i], key)
}

/// A key template as glob tokens: each closed placeholder is one or more characters.
fn key_tokens(template: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(template.len());
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        let close = match (c, chars.peek()) {
            ('$', Some('{')) => Some('}'),
            ('<', _) => Some('>'),
            _ => None,
        };
        match close {
            Some(close) if template.contains(close) => {
                chars.by_ref().find(|&c| c == close);
                toks.extend([Tok::One, Tok::Star]);
            }
            _ => toks.push(Tok::Lit(c.to_ascii_lowercase())),
        }
    }
    toks
}

/// Matches the pattern of `tokens` tokens given by `token` against `text`.
fn glob(tokens: usize, token: impl Fn(usize) -> Tok, text: &str) -> bool {
    // Action names are ASCII: index their bytes and only collect chars for other text.
    if text.is_ascii() {
        let bytes = text.as_bytes();
        glob_at(tokens, token, bytes.len(), |i| char::from(bytes[i].to_ascii_lowercase()))
    } else {
        let chars: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
        glob_at(tokens, token, chars.len(), |i| chars[i])
    }
}

/// Matches the pattern against a text of `len` lowercased characters given by `at`.
fn glob_at(tokens: usize, token: impl Fn(usize) -> Tok, len: usize, at: impl Fn(usize) -> char) -> bool {
    let (mut p, mut t) = (0, 0);
    // Position after the last `*` seen and the text position it is currently matched up to.
    let mut resume: Option<(usize, usize)> = None;
    while t < len {
        match (p < tokens).then(|| token(p)) {
            Some(Tok::Star) => {
                resume = Some((p + 1, t));
                p += 1;
                continue;
            }
            Some(Tok::One) => {
                p += 1;
                t += 1;
                continue;
            }
            Some(Tok::Lit(c)) if c == at(t) => {
                p += 1;
                t += 1;
                continue;
            }
            _ => {}
        }
        // Mismatch: let the last `*` swallow one more character, or fail.
        let Some((after_star, star_t)) = resume else {
            return false;
        };
        resume = Some((after_star, star_t + 1));
        p = after_star;
        t = star_t + 1;
    }
    (p..tokens).all(|i| token(i) == Tok::Star)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::every_text;

    #[test]
    fn finds_where_a_variable_opens() {
        for text in ["", "$", "{$", "a$b", "$ {", "}{$"] {
            assert_eq!(find_variable(text), None, "{text:?}");
        }
        assert_eq!(find_variable("${a}"), Some(0));
        assert_eq!(find_variable("a$b${c}${d}"), Some(3));
        assert_eq!(find_variable("é$${x}"), Some(3));
        assert!(has_variable("arn:aws:s3:::${aws:username}/*") && !has_variable("arn:aws:s3:::$bucket"));
    }

    #[test]
    fn splits_at_a_byte_as_at_its_character() {
        for text in every_text(&[":", "}", "a", "é", "\u{10000}"], 4) {
            for byte in [b':', b'}'] {
                assert_eq!(split_once_byte(&text, byte), text.split_once(char::from(byte)), "{text:?}");
            }
        }
    }

    #[test]
    fn wildcards() {
        assert!(matches_wildcard("*", ""));
        assert!(matches_wildcard("s3:Get*", "s3:GetObject"));
        assert!(matches_wildcard("S3:GET*", "s3:GetObject"));
        assert!(matches_wildcard("s3:Get?bject", "s3:GetObject"));
        assert!(!matches_wildcard("s3:Get?bject", "s3:GetObjects"));
        assert!(matches_wildcard("*:List*", "ec2:ListImages"));
        assert!(matches_wildcard("s*:Get*", "sqs:GetQueueUrl"));
        assert!(!matches_wildcard("s*:Get*", "ec2:GetConsole"));
        assert!(matches_wildcard("*a*b*c", "xxaxxbxxc"));
        assert!(!matches_wildcard("*a*b*c", "xxaxxbxxcx"));
        assert!(!matches_wildcard("", "a"));
        assert!(matches_wildcard("a**", "a"));
        assert!(matches_wildcard("é?", "éX"));
        assert!(!matches_wildcard("é?", "é"));
    }

    #[test]
    fn ascii_patterns_match_as_compiled_ones() {
        for pattern in every_text(&["a", "B", "*", "?"], 4) {
            let glob = Glob::new(&pattern);
            for text in every_text(&["a", "b", "A", "é"], 4) {
                assert_eq!(matches_wildcard(&pattern, &text), glob.matches(&text), "{pattern:?} {text:?}");
            }
        }
    }

    #[test]
    fn no_exponential_blowup() {
        let pattern = "*a".repeat(40) + "b";
        let text = "a".repeat(5000);
        assert!(!matches_wildcard(&pattern, &text));
    }

    #[test]
    fn key_templates() {
        assert!(key_matches("aws:ResourceTag/${TagKey}", "aws:ResourceTag/Owner"));
        assert!(key_matches("aws:ResourceTag/${TagKey}", "AWS:resourcetag/team/x"));
        assert!(!key_matches("aws:ResourceTag/${TagKey}", "aws:ResourceTag/"));
        assert!(key_matches("s3:ExistingObjectTag/<key>", "s3:ExistingObjectTag/class"));
        assert!(key_matches("s3:VersionId", "s3:versionid"));
        assert!(!key_matches("s3:VersionId", "s3:Version*"));
        assert!(key_matches("kms:EncryptionContext:${Key}", "kms:EncryptionContext:app"));
        assert!(key_matches("events:Metadata/${K}/Matcher", "events:Metadata/x/Matcher"));
        assert!(!key_matches("events:Metadata/${K}/Matcher", "events:Metadata/x"));
        assert!(!key_matches("aws:ResourceTag/${TagKey}", "aws:PrincipalOrgID"));
        assert!(!key_matches("aws:ResourceTag/${TagKey}", "aws:Res"));
        assert!(key_matches("a$b${K}", "A$Bx"), "a `$` that opens no placeholder is literal");
    }

    /// The byte pass before the tokens only rules out keys the tokens would: every template and
    /// key of up to 4 characters of alphabets that hold every case.
    #[test]
    fn key_templates_agree_with_their_tokens() {
        let keys = every_text(&["a", "B", "$", "<", "é"], 4);
        for template in every_text(&["a", "b", "$", "{", "}", "<", ">", "é"], 4) {
            let toks = key_tokens(&template);
            for key in &keys {
                let by_tokens = template.eq_ignore_ascii_case(key) || glob(toks.len(), |i| toks[i], key);
                assert_eq!(key_matches(&template, key), by_tokens, "{template:?} {key:?}");
            }
        }
    }
}
