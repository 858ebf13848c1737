//! Policy variables replaced by the request's values, and three-valued matching of patterns.

use crate::catalog::has_variable;
use crate::checks::pattern::covers;
use crate::checks::variables::variables;

use super::request::{ContextValue, Request};

/// A three-valued answer: the engine says `Unknown` rather than guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Tri {
    Yes,
    No,
    Unknown,
}

impl std::ops::Not for Tri {
    type Output = Tri;

    fn not(self) -> Tri {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b { Tri::Yes } else { Tri::No }
    }

    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Unknown,
        }
    }

    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::No, Tri::No) => Tri::No,
            _ => Tri::Unknown,
        }
    }

    pub fn any(items: impl IntoIterator<Item = Tri>) -> Tri {
        items.into_iter().fold(Tri::No, Tri::or)
    }

    pub fn all(items: impl IntoIterator<Item = Tri>) -> Tri {
        items.into_iter().fold(Tri::Yes, Tri::and)
    }
}

/// A policy string after substitution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// The text, and whether it holds a literal `*`, `?` or `$` that came from `${*}`, `${?}`,
    /// `${$}` or a request value (wildcard matching cannot tell those from wildcards).
    Text { text: String, literal_specials: bool },
    /// A variable without a value in the request and without a default: the value matches nothing.
    Missing,
    /// Something the engine cannot read (a `${` without `}`, a multivalued key, a 2008 policy).
    Unknown,
}

/// Replaces the policy variables in `value`. Policies of version `2008-10-17` take `${…}` as text.
pub fn resolve(value: &str, request: &Request, current_version: bool) -> Resolved {
    let vars = variables(value);
    if vars.is_empty() {
        return Resolved::Text { text: value.to_owned(), literal_specials: false };
    }
    if !current_version {
        return Resolved::Unknown;
    }
    let mut text = String::new();
    let mut literal_specials = false;
    let mut from = 0;
    for var in vars {
        if !var.terminated {
            return Resolved::Unknown;
        }
        text.push_str(&value[from..var.start]);
        from = var.end;
        let (name, default) = match var.body.split_once(',') {
            Some((name, default)) => (name.trim(), Some(default.trim().trim_matches('\''))),
            None => (var.body.trim(), None),
        };
        if matches!(name, "*" | "?" | "$") {
            text.push_str(name);
            literal_specials = true;
            continue;
        }
        let replacement = match request.lookup(name) {
            Some(ContextValue::Single(v)) => v,
            Some(ContextValue::Multi(_)) => return Resolved::Unknown,
            None => match default {
                Some(d) => d.to_owned(),
                None => return Resolved::Missing,
            },
        };
        literal_specials |= replacement.contains(['*', '?', '$']);
        text.push_str(&replacement);
    }
    text.push_str(&value[from..]);
    Resolved::Text { text, literal_specials }
}

/// Whether a `*`/`?` pattern matches a request string.
pub fn glob(pattern: &str, value: &str, ignore_case: bool) -> Tri {
    if value.contains(['*', '?']) || has_variable(value) {
        // A request value with wildcard characters: the containment test reads them as wildcards.
        return if pattern == "*" { Tri::Yes } else { Tri::Unknown };
    }
    Tri::from_bool(covers(pattern, value, ignore_case))
}

/// Resolves `pattern`'s variables and matches it against `value` with wildcards.
pub fn glob_resolved(pattern: &str, value: &str, request: &Request, current: bool, ignore_case: bool) -> Tri {
    match resolve(pattern, request, current) {
        Resolved::Text { text, literal_specials: false } => glob(&text, value, ignore_case),
        Resolved::Text { text, literal_specials: true } => {
            // Only a pattern whose literal characters are all plain compares exactly.
            if text.contains(['*', '?']) { Tri::Unknown } else { Tri::from_bool(text == value) }
        }
        Resolved::Missing => Tri::No,
        Resolved::Unknown => Tri::Unknown,
    }
}
