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
}

impl PolicyType {
    pub const ALL: [PolicyType; 5] =
        [PolicyType::Identity, PolicyType::Resource, PolicyType::Trust, PolicyType::Scp, PolicyType::Rcp];

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Resource => "resource",
            PolicyType::Trust => "trust",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
        }
    }

    /// Whether statements name who they apply to (`Principal`).
    pub fn has_principals(self) -> bool {
        matches!(self, PolicyType::Resource | PolicyType::Trust | PolicyType::Rcp)
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
        PolicyType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown policy type `{s}` (expected identity, resource, trust, scp or rcp)"))
    }
}
