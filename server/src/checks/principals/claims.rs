//! Conditions on web identity claims that AWS STS never puts in the request context.
//!
//! `AssumeRoleWithWebIdentity` turns only some claims of a token into `<issuer>:<claim>` condition
//! keys: the IAM User Guide lists them for Cognito identity pools (`aud`, `sub`, `amr`), Login with
//! Amazon (`app_id`, `user_id`) and Facebook (`app_id`, `id`); GitHub Actions gets `aud`, `sub` and
//! the claims STS validates since January 2026 (`actor`, `repository`, `ref`…). EKS service account
//! tokens carry no other claim STS reads than `aud` and `sub`. Any other claim key of these
//! providers is absent from every request. Providers whose list is open (Google, with its own
//! provider-specific claims, and every other OIDC issuer) are not checked.

use crate::checks::edit::replace_string;
use crate::checks::suggest::closest;
use crate::checks::{Context, Finding};
use crate::policy::{AbsentKey, Operator, Statement};

use super::federated;

const COGNITO: &[&str] = &["aud", "sub", "amr"];
const AMAZON: &[&str] = &["app_id", "user_id"];
const FACEBOOK: &[&str] = &["app_id", "id"];
const GITHUB: &[&str] = &[
    "aud",
    "sub",
    "actor",
    "actor_id",
    "job_workflow_ref",
    "repository",
    "repository_id",
    "workflow",
    "ref",
    "environment",
    "enterprise_id",
];
const EKS: &[&str] = &["aud", "sub"];

/// The provider's name and the claims STS passes on, for providers whose list is closed.
fn passed_claims(issuer: &str) -> Option<(&'static str, &'static [&'static str])> {
    let lower = issuer.to_ascii_lowercase();
    let is_eks = lower.strip_prefix("oidc.eks.").is_some_and(|rest| {
        rest.split_once('/').is_some_and(|(host, path)| {
            (host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn")) && path.starts_with("id/")
        })
    });
    match lower.as_str() {
        "cognito-identity.amazonaws.com" => Some(("Amazon Cognito identity pools", COGNITO)),
        "www.amazon.com" => Some(("Login with Amazon", AMAZON)),
        "graph.facebook.com" => Some(("Facebook", FACEBOOK)),
        _ if federated::is_github(issuer) => Some(("GitHub Actions", GITHUB)),
        _ if is_eks => Some(("Amazon EKS service account tokens", EKS)),
        _ => None,
    }
}

pub(super) fn check(ctx: &Context<'_>, statement: &Statement, out: &mut Vec<Finding>) {
    for block in statement.condition.iter().flat_map(|c| &c.blocks) {
        let op = Operator::parse(&block.operator.value);
        for entry in &block.entries {
            let key = &*entry.key.value;
            let Some((issuer, claim)) = key.rsplit_once(':') else { continue };
            let Some((provider, claims)) = passed_claims(issuer) else { continue };
            if claims.iter().any(|c| c.eq_ignore_ascii_case(claim)) {
                continue;
            }
            let effect = match op.map(|o| (o.when_key_absent(), o)) {
                Some((AbsentKey::Matches, _)) => "so the condition always matches and restricts nothing",
                Some((AbsentKey::NullCheck, _)) if entry.values.iter().all(|v| v.text.eq_ignore_ascii_case("true")) => {
                    "so the condition always matches and restricts nothing"
                }
                _ => "so the condition never matches and the statement allows no request",
            };
            let list = claims.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            let mut finding = ctx.finding(
                "OIDC_CLAIM_NOT_IN_REQUEST_CONTEXT",
                entry.key.range,
                format!(
                    "AWS STS does not pass the `{claim}` claim of {provider} to the request context: no request has \
                     `{key}`, {effect}. The claims it passes are {list}."
                ),
            );
            for candidate in closest(&claim.to_ascii_lowercase(), claims.iter().copied(), 3).into_iter().take(2) {
                let fixed = format!("{issuer}:{candidate}");
                finding = finding.with_fix(
                    format!("Change to `{fixed}`"),
                    vec![replace_string(entry.key.range, &fixed)],
                    false,
                );
            }
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_with_a_closed_list() {
        let claims = |issuer: &str| passed_claims(issuer).map(|(_, c)| c);
        assert_eq!(claims("cognito-identity.amazonaws.com"), Some(COGNITO));
        assert_eq!(claims("token.actions.githubusercontent.com/octo-enterprise"), Some(GITHUB));
        assert_eq!(claims("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"), Some(EKS));
        assert_eq!(claims("oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC"), Some(EKS));
        assert_eq!(claims("accounts.google.com"), None);
        assert_eq!(claims("oidc.eks.example.com/id/ABC"), None);
        assert_eq!(claims("gitlab.com"), None);
    }
}
