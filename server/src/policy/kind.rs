use std::fmt;
use std::str::FromStr;

/// What a policy is attached to; it decides which elements are required or allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PolicyType {
    /// Attached to a user, group or role.
    #[default]
    Identity,
    /// Attached to a resource (bucket, queue, key…): has a `Principal`.
    Resource,
    /// A role's trust policy: who may assume the role.
    Trust,
    /// An AWS Organizations service control policy.
    Scp,
    /// An AWS Organizations resource control policy.
    Rcp,
    /// A VPC endpoint policy: a resource policy on the endpoint, with a `Principal` (usually `"*"`).
    Endpoint,
    /// A permissions boundary: identity-policy grammar, grants nothing by itself.
    Boundary,
    /// A session policy passed to `AssumeRole*` or `GetFederationToken`: identity-policy grammar.
    Session,
}

impl PolicyType {
    pub const ALL: [PolicyType; 8] = [
        PolicyType::Identity,
        PolicyType::Resource,
        PolicyType::Trust,
        PolicyType::Scp,
        PolicyType::Rcp,
        PolicyType::Endpoint,
        PolicyType::Boundary,
        PolicyType::Session,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Resource => "resource",
            PolicyType::Trust => "trust",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
            PolicyType::Endpoint => "endpoint",
            PolicyType::Boundary => "boundary",
            PolicyType::Session => "session",
        }
    }

    /// As prose: "a role trust policy".
    pub fn describe(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity-based policy",
            PolicyType::Resource => "resource-based policy",
            PolicyType::Trust => "role trust policy",
            PolicyType::Scp => "service control policy (SCP)",
            PolicyType::Rcp => "resource control policy (RCP)",
            PolicyType::Endpoint => "VPC endpoint policy",
            PolicyType::Boundary => "permissions boundary",
            PolicyType::Session => "session policy",
        }
    }

    /// [`describe`](Self::describe) with its indefinite article, for messages.
    pub fn with_article(self) -> String {
        let name = self.describe();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        format!("{article} {name}")
    }

    /// Whether statements name who they apply to (`Principal`).
    pub fn has_principals(self) -> bool {
        matches!(self, PolicyType::Resource | PolicyType::Trust | PolicyType::Rcp | PolicyType::Endpoint)
    }

    /// Whether the policy is written in identity-policy grammar: no `Principal`, `Resource` required.
    pub fn is_identity_grammar(self) -> bool {
        matches!(self, PolicyType::Identity | PolicyType::Boundary | PolicyType::Session)
    }
}

impl fmt::Display for PolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PolicyType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PolicyType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| {
            format!(
                "unknown policy type `{s}` (expected identity, resource, trust, scp, rcp, endpoint, boundary or session)"
            )
        })
    }
}
