//! One principal value, checked by its principal type.

use crate::catalog::has_variable;
use crate::checks::edit::replace_string;
use crate::checks::{Context, Finding};
use crate::policy::{Policy, PolicyType, Str};

use super::federated;

/// The principal type a bare principal string most likely belongs under.
pub(super) fn kind_of(value: &str) -> Option<&'static str> {
    if is_account_id(value) || value.starts_with("arn:") && value.contains(":iam::") && !value.contains("-provider/") {
        Some("AWS")
    } else if value.ends_with(".amazonaws.com") {
        Some("Service")
    } else {
        None
    }
}

fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

/// IAM unique IDs (`AIDA…` users, `AROA…` roles) appear where a deleted principal was named.
fn is_unique_id(value: &str) -> bool {
    value.len() >= 16 && value.starts_with('A') && value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

pub(super) fn check(ctx: &Context<'_>, policy: &Policy, kind: &str, value: &Str) -> Option<Finding> {
    let v = &*value.value;
    // Variables in principals are reported by the policy-variable rules.
    if v == "*" || has_variable(v) {
        return None;
    }
    match kind {
        "AWS" => aws(ctx, value),
        "Federated" if v.contains(['*', '?']) => wildcard(ctx, value),
        "Federated" => federated(ctx, policy, value),
        "Service" if v.contains(['*', '?']) => wildcard(ctx, value),
        "Service" if !v.contains('.') => {
            let fixed = format!("{}.amazonaws.com", v.to_ascii_lowercase());
            Some(
                ctx.finding(
                    "INVALID_SERVICE_PRINCIPAL_FORMAT",
                    value.range,
                    format!("`{v}` is not a service principal: they are DNS names such as `{fixed}`."),
                )
                .with_fix(
                    format!("Change to `{fixed}`"),
                    vec![replace_string(value.range, &fixed)],
                    false,
                ),
            )
        }
        _ => None,
    }
}

fn aws(ctx: &Context<'_>, value: &Str) -> Option<Finding> {
    let v = &*value.value;
    if is_account_id(v) || is_unique_id(v) {
        return None;
    }
    if let Some(rest) = v.strip_prefix("arn:") {
        if v.contains(['*', '?']) {
            return wildcard(ctx, value);
        }
        let account = rest.split(':').nth(3).unwrap_or("");
        if is_account_id(account) || account == "aws" || account.is_empty() || is_origin_access_identity(v) {
            return None;
        }
        return Some(ctx.finding(
            "INVALID_ACCOUNT_IN_PRINCIPAL",
            value.range,
            format!("`{account}` in `{v}` is not a 12-digit account ID, so the principal names nobody."),
        ));
    }
    if v.contains(['*', '?']) {
        return wildcard(ctx, value);
    }
    Some(ctx.finding(
        "INVALID_ACCOUNT_IN_PRINCIPAL",
        value.range,
        format!("`{v}` is neither a 12-digit account ID nor an IAM ARN, so IAM rejects the principal."),
    ))
}

/// CloudFront's legacy origin access identities are named by a fixed ARN with spaces and the
/// pseudo-account `cloudfront`: `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL`.
fn is_origin_access_identity(value: &str) -> bool {
    value
        .strip_prefix("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ")
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Federated values are checked where federation is allowed: in trust policies, and when the type
/// is unknown; other policy types reject the whole `Federated` key (see `placement`).
fn federated(ctx: &Context<'_>, policy: &Policy, value: &Str) -> Option<Finding> {
    if policy.type_explicit && policy.policy_type != PolicyType::Trust {
        return None;
    }
    let why = federated::parse(&value.value).err()?;
    Some(ctx.finding(
        "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
        value.range,
        format!(
            "{why}: a federated principal is a SAML or OIDC provider ARN \
             (`arn:aws:iam::111122223333:saml-provider/Name`, `…:oidc-provider/issuer`) or an identity \
             provider's domain name (`cognito-identity.amazonaws.com`, `accounts.google.com`), so IAM rejects it."
        ),
    ))
}

fn wildcard(ctx: &Context<'_>, value: &Str) -> Option<Finding> {
    Some(ctx.finding(
        "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        value.range,
        format!(
            "Principals are matched exactly: the wildcard in `{}` is not supported. Use `\"*\"` with an \
             `aws:PrincipalArn` condition instead.",
            value.value
        ),
    ))
}
