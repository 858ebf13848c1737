//! The request being evaluated: who asks, for what, on what, with which context keys.

use std::collections::BTreeMap;

/// What kind of principal sends the request: it decides which identities a `Principal` element
/// can name and which policies apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PrincipalKind {
    User,
    /// A role session (`arn:aws:sts::…:assumed-role/Role/Session`).
    RoleSession,
    /// A federated user session from `GetFederationToken` (`…:federated-user/Name`).
    FederatedUser,
    /// The account's root user.
    Root,
    /// An AWS service principal (`s3.amazonaws.com`).
    Service,
    Anonymous,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RequestPrincipal {
    pub kind: PrincipalKind,
    /// The ARN the request is signed with (the session ARN for sessions), or the service name.
    pub arn: String,
    pub account: Option<String>,
    /// For a role session, the role's ARN; for a federated user, the IAM user's ARN.
    pub parent_arn: Option<String>,
    pub tags: BTreeMap<String, String>,
}

/// How strongly a `Principal` element names the requester, which decides what a same-account
/// resource policy grants on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Naming {
    /// The account (`123456789012` or `…:root`): it delegates to the account's identity policies.
    Account,
    /// The role behind a session, or the IAM user behind a federated session: limited by a
    /// permissions boundary's or a session policy's implicit deny.
    Parent,
    /// The principal itself (user ARN, session ARN, service, or `*`).
    Itself,
}

impl RequestPrincipal {
    /// Parses an ARN, a service principal (`…amazonaws.com`) or `anonymous`/`*`.
    pub fn parse(text: &str) -> Option<RequestPrincipal> {
        let tags = BTreeMap::new();
        if text == "*" || text.eq_ignore_ascii_case("anonymous") {
            return Some(RequestPrincipal {
                kind: PrincipalKind::Anonymous,
                arn: "*".into(),
                account: None,
                parent_arn: None,
                tags,
            });
        }
        if !text.starts_with("arn:") {
            return text.contains('.').then(|| RequestPrincipal {
                kind: PrincipalKind::Service,
                arn: text.into(),
                account: None,
                parent_arn: None,
                tags,
            });
        }
        let parts: Vec<&str> = text.splitn(6, ':').collect();
        let [_, partition, service, _, account, resource] = parts[..] else { return None };
        let account = Some(account.to_owned()).filter(|a| !a.is_empty());
        let (kind, parent_arn) = match (service, resource.split_once('/')) {
            ("iam", None) if resource == "root" => (PrincipalKind::Root, None),
            ("iam", Some(("user", _))) => (PrincipalKind::User, None),
            ("sts", Some(("assumed-role", rest))) => {
                let (role, _session) = rest.rsplit_once('/')?;
                let acct = account.as_deref()?;
                (PrincipalKind::RoleSession, Some(format!("arn:{partition}:iam::{acct}:role/{role}")))
            }
            ("sts", Some(("federated-user", name))) => {
                let acct = account.as_deref()?;
                (PrincipalKind::FederatedUser, Some(format!("arn:{partition}:iam::{acct}:user/{name}")))
            }
            _ => return None,
        };
        Some(RequestPrincipal { kind, arn: text.into(), account, parent_arn, tags })
    }

    /// Every identity a `Principal` element may name to mean this requester, with its strength.
    pub fn identities(&self) -> Vec<(String, Naming)> {
        let mut out = Vec::new();
        if let Some(account) = self.account.as_ref().filter(|_| self.kind != PrincipalKind::Service) {
            let partition = self.arn.split(':').nth(1).unwrap_or("aws");
            out.push((format!("arn:{partition}:iam::{account}:root"), Naming::Account));
        }
        if let Some(parent) = &self.parent_arn {
            out.push((parent.clone(), Naming::Parent));
        }
        out.push((self.arn.clone(), Naming::Itself));
        out
    }

    /// `aws:PrincipalType` as AWS sets it.
    pub fn type_key(&self) -> Option<&'static str> {
        Some(match self.kind {
            PrincipalKind::User => "User",
            PrincipalKind::RoleSession => "AssumedRole",
            PrincipalKind::FederatedUser => "FederatedUser",
            PrincipalKind::Root => "Account",
            PrincipalKind::Service | PrincipalKind::Anonymous => return None,
        })
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RequestResource {
    pub arn: String,
    /// The owning account; taken from the ARN when it has one, else given (S3 bucket ARNs have none).
    pub account: Option<String>,
    pub tags: BTreeMap<String, String>,
}

impl RequestResource {
    pub fn new(arn: &str, account: Option<String>) -> RequestResource {
        let from_arn = arn.split(':').nth(4).filter(|a| !a.is_empty()).map(str::to_owned);
        RequestResource { arn: arn.to_owned(), account: account.or(from_arn), tags: BTreeMap::new() }
    }
}

/// A context key's values: one value, or a set (a multivalued key, possibly empty).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum ContextValue {
    Single(String),
    Multi(Vec<String>),
}

impl ContextValue {
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::Single(v) => std::slice::from_ref(v),
            ContextValue::Multi(vs) => vs,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Request {
    pub principal: RequestPrincipal,
    pub action: String,
    pub resource: RequestResource,
    /// Keys as given (lookups ignore case, as IAM's do); a key not here is absent.
    pub context: BTreeMap<String, ContextValue>,
}

impl Request {
    pub fn new(principal: RequestPrincipal, action: &str, resource: RequestResource) -> Request {
        Request { principal, action: action.to_owned(), resource, context: BTreeMap::new() }
    }

    pub fn with(mut self, key: &str, value: ContextValue) -> Request {
        self.context.insert(key.to_owned(), value);
        self
    }

    /// The key's value: given ones first, then the keys AWS derives from the principal and the
    /// resource (`aws:PrincipalArn`, `aws:PrincipalTag/…`, `aws:ResourceAccount`…).
    pub fn lookup(&self, key: &str) -> Option<ContextValue> {
        if let Some((_, v)) = self.context.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            return Some(v.clone());
        }
        let lower = key.to_ascii_lowercase();
        let p = &self.principal;
        let single = |s: &str| Some(ContextValue::Single(s.to_owned()));
        let tag = |tags: &std::collections::BTreeMap<String, String>, name: &str| {
            tags.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| ContextValue::Single(v.clone()))
        };
        if let Some(name) = lower.strip_prefix("aws:principaltag/") {
            return tag(&p.tags, name);
        }
        if let Some(name) = lower.strip_prefix("aws:resourcetag/") {
            return tag(&self.resource.tags, name);
        }
        match lower.as_str() {
            "aws:principalarn" if p.kind != PrincipalKind::Service && p.kind != PrincipalKind::Anonymous => {
                single(p.parent_arn.as_deref().filter(|_| p.kind == PrincipalKind::RoleSession).unwrap_or(&p.arn))
            }
            "aws:principalaccount" => p.account.as_deref().and_then(single),
            "aws:principaltype" => p.type_key().and_then(single),
            "aws:username" if p.kind == PrincipalKind::User => p.arn.rsplit('/').next().and_then(single),
            "aws:principalservicename" if p.kind == PrincipalKind::Service => single(&p.arn),
            "aws:principalisawsservice" => single(if p.kind == PrincipalKind::Service { "true" } else { "false" }),
            "aws:resourceaccount" => self.resource.account.as_deref().and_then(single),
            _ => None,
        }
    }
}
