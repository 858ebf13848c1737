//! `Federated` principals: a SAML or OIDC provider's ARN, or the domain of a web identity provider
//! (`cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`).

/// What a `Federated` value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Provider<'a> {
    /// `arn:aws:iam::111122223333:saml-provider/Name`.
    Saml,
    /// `arn:aws:iam::111122223333:oidc-provider/<issuer>`, or a web identity provider's domain;
    /// holds the issuer (host and path), which prefixes the provider's condition keys.
    Oidc(&'a str),
}

/// The partitions whose IAM ARNs a provider can have.
const PARTITIONS: &[&str] =
    &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/// The provider a well-formed value names, or why IAM rejects it.
pub(super) fn parse(value: &str) -> Result<Provider<'_>, String> {
    let Some(rest) = value.strip_prefix("arn:") else {
        return if is_domain(value) {
            Ok(Provider::Oidc(value))
        } else {
            Err(format!("`{value}` is neither a SAML or OIDC provider ARN nor an identity provider's domain name"))
        };
    };
    let fields: Vec<&str> = rest.splitn(5, ':').collect();
    let [partition, service, region, account, resource] = fields[..] else {
        return Err(format!("`{value}` does not have the six fields of an ARN"));
    };
    if !PARTITIONS.contains(&partition) {
        return Err(format!("`{partition}` is not an AWS partition"));
    }
    if service != "iam" || !region.is_empty() {
        return Err(format!("`{value}` is not an IAM ARN (`arn:{partition}:iam::account:…`)"));
    }
    if !(account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())) {
        return Err(format!("`{account}` is not a 12-digit account ID"));
    }
    match resource.split_once('/') {
        Some(("saml-provider", name)) if !name.is_empty() => Ok(Provider::Saml),
        Some(("oidc-provider", issuer)) if !issuer.is_empty() => Ok(Provider::Oidc(issuer)),
        _ => Err(format!("`{resource}` is not `saml-provider/<name>` or `oidc-provider/<issuer>`")),
    }
}

/// A DNS name such as `accounts.google.com`: labels of letters, digits and hyphens, at least two.
fn is_domain(value: &str) -> bool {
    let labels: Vec<&str> = value.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Whether an OIDC issuer is GitHub Actions' (`token.actions.githubusercontent.com`, or an
/// enterprise's `token.actions.githubusercontent.com/<enterprise>`).
pub(super) fn is_github(issuer: &str) -> bool {
    issuer.split('/').next().is_some_and(|host| host.eq_ignore_ascii_case("token.actions.githubusercontent.com"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers() {
        let github = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        assert_eq!(parse(github), Ok(Provider::Oidc("token.actions.githubusercontent.com")));
        let eks = "arn:aws-cn:iam::123456789012:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC";
        assert_eq!(parse(eks), Ok(Provider::Oidc("oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC")));
        assert_eq!(parse("arn:aws:iam::123456789012:saml-provider/ADFS"), Ok(Provider::Saml));
        for domain in ["cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"]
        {
            assert_eq!(parse(domain), Ok(Provider::Oidc(domain)));
        }
        for bad in [
            "arn:aws:iam::1234567890:saml-provider/ADFS",
            "arn:aws:iam::account-id:saml-provider/ADFS",
            "arn:aws:iam::123456789012:role/Admin",
            "arn:aws:sts::123456789012:saml-provider/ADFS",
            "arn:aws:iam::123456789012:saml-provider/",
            "arn:aws:iam::123456789012",
            "https://accounts.google.com",
            "google",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(is_github("token.actions.githubusercontent.com/octo-enterprise"));
        assert!(!is_github("gitlab.com"));
    }
}
