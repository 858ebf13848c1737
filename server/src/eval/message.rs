//! AccessDenied messages as AWS writes them:
//! `User: ARN is not authorized to perform: ACTION on resource: ARN because no identity-based
//! policy allows the ACTION action`, `… with an explicit deny in a service control policy`, and
//! the form that names the policy: `… with an explicit deny in an identity-based policy: POLICY-ARN`.

use super::decide::Kind;

/// Why AWS says the request was denied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Reason {
    /// `because no <type> allows the … action`.
    NoAllow(Kind),
    /// `with an explicit deny in a(n) <type>`, with the policy's ARN when AWS names it.
    ExplicitDeny { kind: Option<Kind>, policy_arn: Option<String> },
    /// No reason given (messages of services without the extended form).
    Unstated,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Denial {
    pub principal: Option<String>,
    pub action: Option<String>,
    pub resource: Option<String>,
    pub reason: Reason,
}

const KINDS: &[(&str, Kind)] = &[
    ("identity-based policy", Kind::Identity),
    ("identity-based policies", Kind::Identity),
    ("resource-based policy", Kind::Resource),
    ("resource-based policies", Kind::Resource),
    ("permissions boundary", Kind::PermissionsBoundary),
    ("permissions boundaries", Kind::PermissionsBoundary),
    ("session policy", Kind::Session),
    ("session policies", Kind::Session),
    ("service control policy", Kind::ServiceControl),
    ("service control policies", Kind::ServiceControl),
    ("resource control policy", Kind::ResourceControl),
    ("resource control policies", Kind::ResourceControl),
    ("vpc endpoint policy", Kind::VpcEndpoint),
    ("vpc endpoint policies", Kind::VpcEndpoint),
];

fn kind_at(text: &str) -> Option<(Kind, usize)> {
    let lower = text.to_ascii_lowercase();
    KINDS
        .iter()
        .filter(|(phrase, _)| lower.starts_with(phrase))
        .max_by_key(|(p, _)| p.len())
        .map(|(p, k)| (*k, p.len()))
}

/// The next word-like token after `marker` (quotes, commas and a final period dropped).
fn after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find(&marker.to_ascii_lowercase())? + marker.len();
    let rest = text[at..].trim_start().trim_start_matches(['"', '\'', '`']);
    let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ',')).unwrap_or(rest.len());
    let token = rest[..end].trim_end_matches(['.', ':', ';']);
    (!token.is_empty()).then_some(token)
}

/// Reads what it can from an AccessDenied message; `None` when it is not one.
pub fn parse_denial(message: &str) -> Option<Denial> {
    let message = message.trim();
    let lower = message.to_ascii_lowercase();
    let principal = after(message, "User:").map(str::to_owned);
    let action = after(message, "to perform:").map(str::to_owned);
    let resource = after(message, "on resource:").map(str::to_owned);
    let reason = if let Some(at) = lower.find("because no ") {
        let (kind, _) = kind_at(&message[at + "because no ".len()..])?;
        Reason::NoAllow(kind)
    } else if let Some(at) = lower.find("with an explicit deny") {
        let rest = message[at + "with an explicit deny".len()..].trim_start();
        let rest = ["in an ", "in a ", "in the "]
            .iter()
            .find_map(|p| rest.get(..p.len()).filter(|h| h.eq_ignore_ascii_case(p)).map(|_| &rest[p.len()..]));
        match rest.and_then(|r| kind_at(r).map(|(k, len)| (k, &r[len..]))) {
            Some((kind, tail)) => {
                let policy_arn = tail
                    .trim_start_matches([':', ' '])
                    .split_whitespace()
                    .next()
                    .map(|a| a.trim_matches(['"', '\'', '`']).trim_end_matches(['.', ',', ';']).to_owned());
                Reason::ExplicitDeny { kind: Some(kind), policy_arn: policy_arn.filter(|a| a.starts_with("arn:")) }
            }
            None => Reason::ExplicitDeny { kind: None, policy_arn: None },
        }
    } else if principal.is_some() && action.is_some() {
        Reason::Unstated
    } else {
        return None;
    };
    Some(Denial { principal, action, resource, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_forms() {
        let d = parse_denial("User: arn:aws:iam::123456789012:user/alice is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::b/k\" because no identity-based policy allows the s3:GetObject action").unwrap();
        assert_eq!(d.principal.as_deref(), Some("arn:aws:iam::123456789012:user/alice"));
        assert_eq!(d.action.as_deref(), Some("s3:GetObject"));
        assert_eq!(d.resource.as_deref(), Some("arn:aws:s3:::b/k"));
        assert_eq!(d.reason, Reason::NoAllow(Kind::Identity));
        let d = parse_denial("User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform: ec2:RunInstances with an explicit deny in a service control policy: arn:aws:organizations::1:policy/o-a/service_control_policy/p-1.").unwrap();
        assert_eq!(
            d.reason,
            Reason::ExplicitDeny {
                kind: Some(Kind::ServiceControl),
                policy_arn: Some("arn:aws:organizations::1:policy/o-a/service_control_policy/p-1".into())
            }
        );
        assert!(parse_denial("the weather is fine").is_none());
    }
}
