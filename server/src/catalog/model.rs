//! The catalog's data types: small views whose strings and lists point into the embedded
//! catalog (see [`blob`](super::blob)).

use std::fmt;

use super::arn;
use super::blob::{List, Table};
use super::layout::cmp_ci;
use super::wildcard::{Glob, key_matches};

/// One AWS service (an IAM action prefix) from the Service Authorization Reference; its lists
/// are read in place from the embedded catalog.
#[derive(Clone, Copy, Debug)]
pub struct Service {
    pub prefix: &'static str,
    pub name: &'static str,
    /// The service's Service Authorization Reference page.
    pub doc_url: &'static str,
    /// Sorted case-insensitively by name.
    pub actions: List<Action>,
    /// Sorted case-insensitively by name.
    pub resource_types: List<ResourceType>,
    /// Sorted case-insensitively by name, so lookups can binary-search.
    pub condition_keys: List<ConditionKey>,
    pub(super) action_table: Table,
    pub(super) type_table: Table,
}

impl Service {
    /// The action called `name` (without the `prefix:`), case-insensitively.
    pub fn action(&self, name: &str) -> Option<Action> {
        self.action_table.find(name).map(|i| self.actions.get(i))
    }

    /// The actions an action-name pattern (`Describe*`, `Get?bject`) matches, case-insensitively.
    /// Names are sorted that way, so only those starting with the pattern's literal head are tried
    /// (`Describe*` reads a tenth of EC2's actions).
    pub fn matching_actions<'p>(&self, pattern: &'p str) -> impl Iterator<Item = Action> + use<'p> {
        let head = pattern.find(['*', '?']).unwrap_or(pattern.len());
        // `Describe*`, the common pattern, matches every name that starts with its head.
        let glob = (&pattern[head..] != "*").then(|| Glob::new(pattern));
        self.actions
            .named_with_prefix(&pattern[..head])
            .filter(move |a| glob.as_ref().is_none_or(|g| g.matches(a.name())))
    }

    pub fn resource_type(&self, name: &str) -> Option<ResourceType> {
        self.type_table.find(name).map(|i| self.resource_types.get(i))
    }

    /// A condition key of this service by full name; `ec2:ResourceTag/Env` finds the
    /// `ec2:ResourceTag/${TagKey}` template.
    pub fn condition_key(&self, key: &str) -> Option<ConditionKey> {
        let keys = self.condition_keys;
        let template = || (0..keys.len() as u32).find(|&i| key_matches(keys.name_at(i), key));
        keys.search_name(|name| cmp_ci(name, key)).or_else(template).map(|i| keys.get(i))
    }
}

/// An action together with its service, as lookups return it.
#[derive(Clone, Copy, Debug)]
pub struct ActionRef<'a> {
    pub service: &'a Service,
    pub action: Action,
}

impl<'a> ActionRef<'a> {
    /// `s3:GetObject`, with the catalog's casing.
    pub fn full_name(&self) -> String {
        format!("{}:{}", self.service.prefix, self.action.name())
    }

    /// Resource types this action can target, resolved, with the required marker
    /// (empty: no resource-level permissions, the action needs `"Resource": "*"`).
    pub fn resource_types(&self) -> impl Iterator<Item = (ResourceType, bool)> + 'a {
        let types = self.service.resource_types;
        self.action.resource_types().iter().filter_map(move |r| Some((types.try_get(r.index)?, r.required)))
    }

    /// Whether the service documents `key` for this action: its action-level keys, the keys of
    /// its resource-type rows and those of the resource types themselves. Global `aws:*` keys
    /// count only when listed there (tag keys usually are).
    pub fn supports_key(&self, key: &str) -> bool {
        let listed = |keys: List<&'static str>| keys.iter().any(|k| key_matches(k, key));
        listed(self.action.condition_keys())
            || self.action.resource_types().iter().any(|r| listed(r.condition_keys))
            || self.resource_types().any(|(r, _)| listed(r.condition_keys))
    }
}

/// An action, read in place: a handle whose fields are read from the catalog when asked for, so
/// that copying it, or finding it by name, never touches the text of its description or links.
/// Equal when it is the same catalog entry.
#[derive(Clone, Copy, Debug)]
pub struct Action {
    pub(super) at: u32,
}

impl Action {
    /// Identifies the entry: equal for the same action of the same service.
    pub fn id(&self) -> usize {
        self.at as usize
    }
}

impl PartialEq for Action {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for Action {}

/// One resource-type row of an action in the Service Authorization Reference.
#[derive(Clone, Copy, Debug)]
pub struct ActionResource {
    pub resource_type: &'static str,
    pub required: bool,
    pub condition_keys: List<&'static str>,
    /// The type's index in its service, resolved when the catalog was built.
    pub(super) index: u32,
}

/// Access levels; compound levels in the reference ("Tagging, Write") keep the first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::List => "List",
            Self::Read => "Read",
            Self::Write => "Write",
            Self::PermissionsManagement => "Permissions management",
            Self::Tagging => "Tagging",
        })
    }
}

/// A resource type, read in place; equal when it is the same catalog entry.
#[derive(Clone, Copy, Debug)]
pub struct ResourceType {
    pub name: &'static str,
    /// ARN template with `${Partition}`, `${Region}`, `${Account}` and name placeholders; a few
    /// types have several, joined by ", " (see [`templates`](Self::templates)).
    pub arn: &'static str,
    pub condition_keys: List<&'static str>,
    /// Templates AWS's user guides document and the reference lacks (see `supplement.rs`):
    /// matched like the others, not shown as the type's ARN.
    pub documented: List<&'static str>,
    pub(super) at: u32,
}

impl ResourceType {
    /// Identifies the entry: equal for the same type of the same service.
    pub fn id(&self) -> usize {
        self.at as usize
    }
}

impl PartialEq for ResourceType {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for ResourceType {}

impl ResourceType {
    /// Can some ARN match both the policy `pattern` and this type's template?
    /// See [`arn`](super::arn) for the exact rules.
    pub fn matches_arn(&self, pattern: &str) -> bool {
        arn::cached(self.at, pattern, || self.templates().any(|template| arn::can_match(pattern, template)))
    }

    /// The type's ARN templates: the reference joins alternatives with ", " (Lex V1 and V2 bots,
    /// API Gateway paths); then those the user guides add.
    pub fn templates(&self) -> impl Iterator<Item = &'static str> + use<> {
        alternatives(self.arn).chain(self.documented.iter())
    }
}

/// `text.split(", ")` by a byte search for the comma: `split` set up a substring searcher on
/// every call, and the templates are split for every ARN of a policy that is tried on them.
fn alternatives(text: &'static str) -> impl Iterator<Item = &'static str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        let mut from = 0;
        while let Some(comma) = memchr::memchr(b',', &text.as_bytes()[from..]).map(|i| from + i) {
            if text.as_bytes().get(comma + 1) == Some(&b' ') {
                rest = Some(&text[comma + 2..]);
                return Some(&text[..comma]);
            }
            from = comma + 1;
        }
        rest = None;
        Some(text)
    })
}

#[derive(Clone, Copy, Debug)]
pub struct ConditionKey {
    pub name: &'static str,
    pub key_type: KeyType,
    pub description: &'static str,
}

/// A global (`aws:*`) condition key, kept by hand in `global-condition-keys.json`.
#[derive(Clone, Copy, Debug)]
pub struct GlobalKey {
    pub name: &'static str,
    pub key_type: KeyType,
    pub multivalued: bool,
    pub description: &'static str,
    pub deprecated_by: Option<&'static str>,
    /// AWS documents the key as present in every (signed) request context, so `...IfExists`
    /// and `Null` checks on it are pointless.
    pub always_present: bool,
}

/// Condition key data types as the Service Authorization Reference names them, in the order of
/// [`KEY_TYPES`](super::layout::KEY_TYPES).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyType {
    String,
    ArrayOfString,
    Arn,
    ArrayOfArn,
    Bool,
    ArrayOfBool,
    Numeric,
    ArrayOfNumeric,
    Date,
    IpAddress,
    Binary,
    /// A type a newer catalog introduced; treated leniently.
    Unknown,
}

impl KeyType {
    /// Multivalued keys need `ForAllValues:`/`ForAnyValue:` operators.
    pub fn is_multivalued(self) -> bool {
        matches!(self, Self::ArrayOfString | Self::ArrayOfArn | Self::ArrayOfBool | Self::ArrayOfNumeric)
    }

    /// The element type: `ArrayOfString` -> `String`.
    pub fn base(self) -> KeyType {
        match self {
            Self::ArrayOfString => Self::String,
            Self::ArrayOfArn => Self::Arn,
            Self::ArrayOfBool => Self::Bool,
            Self::ArrayOfNumeric => Self::Numeric,
            other => other,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    pub services: usize,
    pub actions: usize,
    pub resource_types: usize,
    pub condition_keys: usize,
    pub global_condition_keys: usize,
}

/// A package the catalog was generated from.
#[derive(Clone, Copy, Debug)]
pub struct Source {
    pub name: &'static str,
    pub version: &'static str,
    pub license: &'static str,
}

#[cfg(test)]
mod tests {
    use super::alternatives;

    #[test]
    fn alternatives_split_as_split_does() {
        let catalog = super::super::catalog();
        let arns = catalog.services().flat_map(|s| s.resource_types.iter().map(|rt| rt.arn));
        let tricky = ["", ",", ", ", "a,b", "a, b", "a,, b", "a , b,", ", a, ", "a,b, c, d", ",,  ,"];
        for text in tricky.into_iter().chain(arns) {
            assert_eq!(alternatives(text).collect::<Vec<_>>(), text.split(", ").collect::<Vec<_>>(), "{text:?}");
        }
    }
}
