use std::sync::Arc;

use crate::syntax::TextRange;

use super::PolicyType;

/// Every policy found in a document. IAM expects exactly one; more are kept so each can be
/// analysed and the document repaired.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub policies: Vec<Policy>,
}

impl Document {
    pub fn is_policy(&self) -> bool {
        !self.policies.is_empty()
    }

    pub fn statements(&self) -> impl Iterator<Item = &Statement> {
        self.policies.iter().flat_map(|p| &p.statements)
    }

    /// The statement whose object contains `offset`.
    pub fn statement_at(&self, offset: usize) -> Option<&Statement> {
        self.statements().find(|s| s.range.contains_inclusive(offset))
    }
}

#[derive(Debug, Clone)]
pub struct Policy {
    /// Index of this policy's value among the document's top-level values.
    pub root: usize,
    pub range: TextRange,
    pub version: Option<Str>,
    pub id: Option<Str>,
    pub statements: Vec<Statement>,
    pub policy_type: PolicyType,
    /// Whether the type was given by the user rather than inferred.
    pub type_explicit: bool,
    /// Why the type is what it is: set explicitly, or which path convention or content decided it.
    pub type_reason: String,
    /// Where a template holds it (`MyRole.AssumeRolePolicyDocument`); `None` in a policy file.
    pub origin: Option<String>,
}

impl Policy {
    /// The `Version` in force: policy variables and some operators need `2012-10-17`.
    pub fn is_current_version(&self) -> bool {
        self.version.as_ref().is_some_and(|v| &*v.value == "2012-10-17")
    }
}

/// A string value with the range of its literal, quotes included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    /// Shared with the syntax tree.
    pub value: Arc<str>,
    pub range: TextRange,
}

impl Str {
    /// The range of the string's content, quotes excluded.
    pub fn inner_range(&self) -> TextRange {
        if self.range.len() >= 2 { TextRange::new(self.range.start + 1, self.range.end - 1) } else { self.range }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Statement {
    /// Position among all statements of its policy, from 0.
    pub index: usize,
    pub range: TextRange,
    pub sid: Option<Str>,
    pub effect: Option<Str>,
    pub principal: Option<Principal>,
    pub not_principal: Option<Principal>,
    pub action: Option<StrList>,
    pub not_action: Option<StrList>,
    pub resource: Option<StrList>,
    pub not_resource: Option<StrList>,
    pub condition: Option<Condition>,
    /// Some value is computed at deployment (an intrinsic function in a template): what the
    /// statement allows or denies as a whole cannot be known, only its known values judged.
    pub computed: bool,
}

impl Statement {
    pub fn is_allow(&self) -> bool {
        self.effect.as_ref().is_some_and(|e| &*e.value == "Allow")
    }

    pub fn is_deny(&self) -> bool {
        self.effect.as_ref().is_some_and(|e| &*e.value == "Deny")
    }

    /// `Action` or `NotAction`, with whether it is the negated form.
    pub fn actions(&self) -> Option<(&StrList, bool)> {
        self.action.as_ref().map(|a| (a, false)).or(self.not_action.as_ref().map(|a| (a, true)))
    }

    /// `Resource` or `NotResource`, with whether it is the negated form.
    pub fn resources(&self) -> Option<(&StrList, bool)> {
        self.resource.as_ref().map(|r| (r, false)).or(self.not_resource.as_ref().map(|r| (r, true)))
    }

    /// "Sid" when it has one, else "Statement N" (1-based), for messages and symbols.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.value.is_empty() => sid.value.to_string(),
            _ => format!("Statement {}", self.index + 1),
        }
    }
}

/// `Action`, `NotAction`, `Resource` or `NotResource`: a string or an array of strings, as a list.
/// Repeated keys are combined, as IAM's legacy parser did.
#[derive(Debug, Clone)]
pub struct StrList {
    /// The (last) key.
    pub key: TextRange,
    /// The (last) value.
    pub range: TextRange,
    /// Whether the (last) value was written as an array.
    pub is_array: bool,
    /// String items only; other JSON types are reported by the grammar checks.
    pub items: Vec<Str>,
}

#[derive(Debug, Clone)]
pub struct Principal {
    pub key: TextRange,
    pub range: TextRange,
    pub value: PrincipalValue,
}

#[derive(Debug, Clone)]
pub enum PrincipalValue {
    /// `"Principal": "*"` (or any other bare string, which is invalid).
    Str(Str),
    /// `{"AWS": [...], "Service": ...}`
    Map(Vec<PrincipalEntry>),
    /// Any other JSON type.
    Other,
}

#[derive(Debug, Clone)]
pub struct PrincipalEntry {
    /// `AWS`, `Service`, `Federated`, `CanonicalUser`, or whatever was written.
    pub kind: Str,
    pub range: TextRange,
    pub values: Vec<Str>,
}

#[derive(Debug, Clone)]
pub struct Condition {
    pub key: TextRange,
    pub range: TextRange,
    pub blocks: Vec<ConditionBlock>,
}

/// One operator block: `"StringEquals": { "aws:SourceVpc": "vpc-1" }`.
#[derive(Debug, Clone)]
pub struct ConditionBlock {
    /// The operator as written, with its key range.
    pub operator: Str,
    pub range: TextRange,
    pub entries: Vec<ConditionEntry>,
}

/// One key of an operator block with its values.
#[derive(Debug, Clone)]
pub struct ConditionEntry {
    pub key: Str,
    pub range: TextRange,
    pub is_array: bool,
    pub values: Vec<CondValue>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CondValue {
    /// The string's value, or the number or boolean as written.
    pub text: String,
    pub range: TextRange,
    pub kind: ValueKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    String,
    Number,
    Bool,
    /// null, an object or a nested array: never a valid condition value.
    Other,
}
