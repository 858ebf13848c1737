//! Condition operators: `[ForAllValues:|ForAnyValue:]Base[IfExists]`.

/// A parsed condition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub qualifier: Option<Qualifier>,
    /// The base operator's canonical name, without qualifier and `IfExists`.
    pub base: &'static str,
    pub family: OperatorFamily,
    /// `StringNotEquals`, `NotIpAddress`, `ArnNotLike`…: true when no value matches.
    pub negated: bool,
    pub if_exists: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    ForAllValues,
    ForAnyValue,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::ForAllValues => "ForAllValues",
            Qualifier::ForAnyValue => "ForAnyValue",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperatorFamily {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

/// How an operator evaluates when the request has no value for the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbsentKey {
    Matches,
    Fails,
    /// `Null`: matches when the value is `"true"`.
    NullCheck,
}

/// Every base operator: name, family, negated.
pub const BASE_OPERATORS: &[(&str, OperatorFamily, bool)] = &[
    ("StringEquals", OperatorFamily::String, false),
    ("StringNotEquals", OperatorFamily::String, true),
    ("StringEqualsIgnoreCase", OperatorFamily::String, false),
    ("StringNotEqualsIgnoreCase", OperatorFamily::String, true),
    ("StringLike", OperatorFamily::String, false),
    ("StringNotLike", OperatorFamily::String, true),
    ("NumericEquals", OperatorFamily::Numeric, false),
    ("NumericNotEquals", OperatorFamily::Numeric, true),
    ("NumericLessThan", OperatorFamily::Numeric, false),
    ("NumericLessThanEquals", OperatorFamily::Numeric, false),
    ("NumericGreaterThan", OperatorFamily::Numeric, false),
    ("NumericGreaterThanEquals", OperatorFamily::Numeric, false),
    ("DateEquals", OperatorFamily::Date, false),
    ("DateNotEquals", OperatorFamily::Date, true),
    ("DateLessThan", OperatorFamily::Date, false),
    ("DateLessThanEquals", OperatorFamily::Date, false),
    ("DateGreaterThan", OperatorFamily::Date, false),
    ("DateGreaterThanEquals", OperatorFamily::Date, false),
    ("Bool", OperatorFamily::Bool, false),
    ("BinaryEquals", OperatorFamily::Binary, false),
    ("IpAddress", OperatorFamily::IpAddress, false),
    ("NotIpAddress", OperatorFamily::IpAddress, true),
    ("ArnEquals", OperatorFamily::Arn, false),
    ("ArnNotEquals", OperatorFamily::Arn, true),
    ("ArnLike", OperatorFamily::Arn, false),
    ("ArnNotLike", OperatorFamily::Arn, true),
    ("Null", OperatorFamily::Null, false),
];

impl Operator {
    /// Parses an operator exactly as IAM spells it (operator names are case-sensitive).
    pub fn parse(text: &str) -> Option<Operator> {
        let (qualifier, rest) = if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Some(Qualifier::ForAllValues), rest)
        } else if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Some(Qualifier::ForAnyValue), rest)
        } else {
            (None, text)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let &(base, family, negated) = BASE_OPERATORS.iter().find(|(name, ..)| *name == base)?;
        Some(Operator { qualifier, base, family, negated, if_exists })
    }

    /// The canonical spelling, e.g. `ForAnyValue:StringLikeIfExists`.
    pub fn name(&self) -> String {
        let mut s = String::new();
        if let Some(q) = self.qualifier {
            s.push_str(q.as_str());
            s.push(':');
        }
        s.push_str(self.base);
        if self.if_exists {
            s.push_str("IfExists");
        }
        s
    }

    /// What the operator yields when the request context has no value for the key.
    pub fn when_key_absent(&self) -> AbsentKey {
        if self.family == OperatorFamily::Null {
            return AbsentKey::NullCheck;
        }
        if self.if_exists {
            return AbsentKey::Matches;
        }
        match self.qualifier {
            // Vacuous truth over an empty set of values.
            Some(Qualifier::ForAllValues) => AbsentKey::Matches,
            Some(Qualifier::ForAnyValue) => AbsentKey::Fails,
            None if self.negated => AbsentKey::Matches,
            None => AbsentKey::Fails,
        }
    }

    /// Whether values are matched with `*` and `?` wildcards.
    pub fn is_like(&self) -> bool {
        self.base.ends_with("Like")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_qualifiers_and_if_exists() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(op.qualifier, Some(Qualifier::ForAnyValue));
        assert_eq!(op.base, "StringLike");
        assert!(op.if_exists && op.is_like());
        assert_eq!(op.name(), "ForAnyValue:StringLikeIfExists");
        assert_eq!(Operator::parse("stringequals"), None);
        assert_eq!(Operator::parse("StringEqual"), None);
    }

    #[test]
    fn absent_key_semantics() {
        let absent = |s: &str| Operator::parse(s).unwrap().when_key_absent();
        assert_eq!(absent("StringEquals"), AbsentKey::Fails);
        assert_eq!(absent("StringEqualsIfExists"), AbsentKey::Matches);
        assert_eq!(absent("StringNotEquals"), AbsentKey::Matches);
        assert_eq!(absent("NotIpAddress"), AbsentKey::Matches);
        assert_eq!(absent("ForAllValues:StringEquals"), AbsentKey::Matches);
        assert_eq!(absent("ForAnyValue:StringNotEquals"), AbsentKey::Fails);
        assert_eq!(absent("Null"), AbsentKey::NullCheck);
    }
}
