//! Hover text for principal values: whom each one lets in, as IAM reads it, and the condition
//! keys that keep a federated trust from admitting strangers.

use crate::catalog;

use super::docs;

/// The Markdown for `value` under the principal type `kind` (`AWS`, `Service`, …).
/// Under `NotPrincipal` the statement applies to everyone else, which the text then says.
pub(super) fn hover(kind: &str, value: &str, not_principal: bool) -> Option<String> {
    if not_principal && value == "*" {
        return Some(
            "**`*`** in `NotPrincipal` — excludes every principal, so the statement applies to no request.".to_owned(),
        );
    }
    let mut out = match kind {
        "AWS" => aws(value),
        "Service" => service(value)?,
        "Federated" => federated(value),
        "CanonicalUser" => canonical_user(value),
        _ => return None,
    };
    if not_principal {
        out.push_str("\n\nIn `NotPrincipal` the statement applies to every principal *except* this one.");
        if kind == "AWS" {
            out.push_str(
                " With `Deny`, also list the account (`arn:aws:iam::ACCOUNT:root`) and, for a role, its sessions \
                 (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`): a request is checked against each of them, \
                 so the deny still hits one left out.",
            );
        }
    }
    Some(out)
}

/// `"Principal": "*"` and `{"AWS": "*"}`, which IAM treats alike.
const EVERYONE: &str = "**`*`** — every principal: any AWS account, user, role or session, and anonymous \
                                   requests too (`\"Principal\": \"*\"` and `{\"AWS\": \"*\"}` are the same). With \
                                   `Allow` in a resource policy this makes the resource public unless a `Condition` \
                                   narrows it (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceVpce`, …).";

/// The account, not its root user: the account's own IAM policies decide who in it gets access.
fn account_text(account: &str) -> String {
    format!(
        "It names the account, not only its root user: the statement can apply to any user or role of \
         `{account}`, and that account's own IAM policies decide which of them actually get access (each \
         still needs an identity policy that allows the action). Access cannot be limited to the root user \
         this way."
    )
}

fn aws(value: &str) -> String {
    if value == "*" {
        return EVERYONE.to_owned();
    }
    if is_account_id(value) {
        return format!(
            "**AWS account `{value}`** — shorthand for `arn:aws:iam::{value}:root` (IAM saves it in that form). {}",
            account_text(value)
        );
    }
    if let Some(kind) = unique_id_kind(value) {
        return format!(
            "**IAM unique ID of a {kind}** — IAM shows this in place of the ARN when the {kind} the policy named \
             was deleted. It matches nobody: a {kind} created again with the same name gets a new ID. Replace it \
             with the current {kind}'s ARN, or remove it."
        );
    }
    let Some(arn) = PrincipalArn::parse(value) else {
        return format!(
            "`{value}` is not an `AWS` principal. {}",
            docs::PRINCIPAL_KINDS.iter().find(|(k, _)| *k == "AWS").map_or("", |(_, d)| d)
        );
    };
    if value.contains(['*', '?']) {
        return format!(
            "`{value}` — principals are matched exactly: a wildcard inside an ARN is not supported. Use \
             `\"*\"` with an `ArnLike` condition on `aws:PrincipalArn` to match several principals."
        );
    }
    let account = arn.account;
    let (kind, name) = arn.resource.split_once('/').unwrap_or((arn.resource, ""));
    let last = name.rsplit('/').next().unwrap_or(name);
    match (arn.service, kind) {
        ("iam", "root") => format!("**Account `{account}`** (its root ARN). {}", account_text(account)),
        ("iam", "user") => format!("**IAM user `{last}`** of account `{account}`. {}", recreated("user", "AIDA")),
        ("iam", "role") => format!(
            "**IAM role `{last}`** of account `{account}` — every session of the role, whoever assumed it. {}",
            recreated("role", "AROA")
        ),
        ("sts", "assumed-role") => {
            let (role, session) = name.split_once('/').unwrap_or((name, ""));
            format!(
                "**Assumed-role session** `{session}` of role `{role}` in account `{account}` — only sessions \
                 with exactly this name. The session name is chosen by whoever calls `sts:AssumeRole`; to trust \
                 every session, name the role (`arn:aws:iam::{account}:role/{role}`)."
            )
        }
        ("sts", "federated-user") => {
            format!("**Federated user session** `{last}` of account `{account}`, from `sts:GetFederationToken`.")
        }
        ("iam", "group") => format!(
            "**IAM group `{last}`** — groups are not principals: IAM rejects a group here. Name its users or \
             roles instead."
        ),
        _ => format!(
            "`{value}` names no principal IAM accepts: an `AWS` principal is an account root, user or role \
             (`arn:aws:iam::{account}:root|user/…|role/…`) or a session (`arn:aws:sts::{account}:assumed-role/…`)."
        ),
    }
}

fn recreated(kind: &str, prefix: &str) -> String {
    format!(
        "IAM saves the {kind}'s unique ID (`{prefix}…`) with the policy: if the {kind} is deleted and created again \
         with the same name, this statement no longer applies to it (the policy then shows the old ID; write the \
         ARN again)."
    )
}

fn service(value: &str) -> Option<String> {
    if let Some((_, name)) = docs::SERVICE_PRINCIPALS.iter().find(|(p, _)| *p == value) {
        return Some(format!("**{value}** — service principal of {name}."));
    }
    let prefix = value.strip_suffix(".amazonaws.com")?;
    let service = catalog::catalog().service(prefix.rsplit('.').next().unwrap_or(prefix));
    Some(match service {
        Some(s) => format!("**{value}** — an AWS service principal ({}).", s.name),
        None => format!("**{value}** — an AWS service principal."),
    })
}

/// Web identity providers IAM knows by name: the condition keys that name your application, and
/// whose tokens are accepted without them.
const WEB_IDENTITIES: &[(&str, &str, &str, &str)] = &[
    (
        "cognito-identity.amazonaws.com",
        "Amazon Cognito identity pools",
        "`cognito-identity.amazonaws.com:aud` (your identity pool ID) and usually \
         `cognito-identity.amazonaws.com:amr` (`authenticated` or `unauthenticated`)",
        "identities of other identity pools",
    ),
    (
        "accounts.google.com",
        "Google (OpenID Connect)",
        "`accounts.google.com:aud` (your OAuth client ID)",
        "tokens Google issued to any other application",
    ),
    (
        "graph.facebook.com",
        "Facebook Login",
        "`graph.facebook.com:app_id` (your Facebook app ID)",
        "tokens of any other Facebook app",
    ),
    (
        "www.amazon.com",
        "Login with Amazon",
        "`www.amazon.com:app_id` (your application ID)",
        "tokens of any other Login with Amazon application",
    ),
];

fn federated(value: &str) -> String {
    if let Some((_, name, keys, others)) = WEB_IDENTITIES.iter().find(|(p, ..)| *p == value) {
        return format!(
            "**{name}** — users signed in with this web identity provider, through \
             `sts:AssumeRoleWithWebIdentity`. Restrict the statement with {keys}: without it, {others} are \
             accepted too."
        );
    }
    let Some(arn) = PrincipalArn::parse(value).filter(|a| a.service == "iam") else {
        return format!(
            "`{value}` is not a federated principal IAM knows: use `cognito-identity.amazonaws.com`, \
             `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`, or the ARN of a SAML or OpenID \
             Connect provider created in IAM (`arn:aws:iam::111122223333:saml-provider/Name`, \
             `…:oidc-provider/host`)."
        );
    };
    let account = arn.account;
    if let Some(name) = arn.resource.strip_prefix("saml-provider/") {
        return format!(
            "**SAML 2.0 identity provider `{name}`** created in IAM in account `{account}` — users your identity \
             provider signs in, through `sts:AssumeRoleWithSAML`. Usually restricted with \
             `\"StringEquals\": {{\"SAML:aud\": \"https://signin.aws.amazon.com/saml\"}}` for console sign-in."
        );
    }
    if let Some(host) = arn.resource.strip_prefix("oidc-provider/") {
        let (who, sub, everyone) = oidc_issuer(host);
        return format!(
            "**OpenID Connect provider `{host}`** created in IAM in account `{account}`{who} — identities it \
             issues tokens to, through `sts:AssumeRoleWithWebIdentity`. Restrict the statement with \
             `{host}:aud` and `{host}:sub`{sub}: without a `sub` condition, {everyone} is trusted."
        );
    }
    format!("`{value}` is neither a SAML nor an OpenID Connect provider ARN (`:saml-provider/…`, `:oidc-provider/…`).")
}

/// Who a well-known OIDC issuer's tokens belong to, what its `sub` looks like, and whom an
/// unrestricted trust admits.
fn oidc_issuer(host: &str) -> (&'static str, &'static str, &'static str) {
    if host == "token.actions.githubusercontent.com" {
        (" (GitHub Actions)", " (`repo:OWNER/REPO:…`)", "every workflow of every GitHub repository")
    } else if host.starts_with("oidc.eks.") {
        (
            " (an Amazon EKS cluster's service accounts)",
            " (`system:serviceaccount:NAMESPACE:NAME`)",
            "every service account of the cluster",
        )
    } else {
        ("", "", "every identity of the provider")
    }
}

fn canonical_user(value: &str) -> String {
    let form = if value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        ""
    } else {
        " This value is not one: canonical user IDs are 64 hexadecimal characters."
    };
    format!(
        "**S3 canonical user ID** — an obfuscated form of an AWS account ID (or of a CloudFront origin access \
         identity), understood by Amazon S3 bucket policies and ACLs only. Prefer an `AWS` principal (the account \
         ID); for CloudFront, origin access control with `\"Service\": \"cloudfront.amazonaws.com\"` replaces \
         origin access identities.{form}"
    )
}

/// `arn:partition:iam|sts::account:resource`.
struct PrincipalArn<'a> {
    service: &'a str,
    account: &'a str,
    resource: &'a str,
}

impl<'a> PrincipalArn<'a> {
    fn parse(value: &'a str) -> Option<PrincipalArn<'a>> {
        let fields: Vec<&str> = value.splitn(6, ':').collect();
        match fields.as_slice() {
            ["arn", _, service @ ("iam" | "sts"), _, account, resource] => {
                Some(PrincipalArn { service, account, resource })
            }
            _ => None,
        }
    }
}

fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

/// `AIDA…` users and `AROA…` roles (what IAM shows once the principal is gone): which one.
fn unique_id_kind(value: &str) -> Option<&'static str> {
    if value.len() < 16 || !value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return None;
    }
    match &value[..4] {
        "AIDA" => Some("user"),
        "AROA" => Some("role"),
        _ => None,
    }
}
