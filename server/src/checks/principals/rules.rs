//! The principal rules' documentation: one table for the family.

use crate::checks::{Rule, Severity};
use crate::policy::PolicyType;

pub(crate) const RULES: &[Rule] = &[
    Rule::new(
        "UNSUPPORTED_PRINCIPAL",
        Severity::Error,
        "`Principal` or `NotPrincipal` in a policy type that has none.",
        "Identity policies, permissions boundaries and session policies apply to the user, group, role or \
         session they are attached to: none names a principal, and IAM rejects one (SCPs: \
         `SCP_SYNTAX_ERROR_PRINCIPAL`). \
         Reported only when the policy type is set explicitly.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    )
    .only(&[PolicyType::Identity, PolicyType::Boundary, PolicyType::Session]),
    Rule::new(
        "MISSING_PRINCIPAL",
        Severity::Error,
        "A resource or trust policy statement names no principal.",
        "Resource policies (bucket, queue, key policies) and role trust policies must say who each statement \
         applies to, with `Principal` or `NotPrincipal`; IAM rejects a statement without one. Reported only \
         when the policy type is set explicitly.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
    )
    .only(&[PolicyType::Trust, PolicyType::Resource, PolicyType::Endpoint, PolicyType::Rcp]),
    Rule::new(
        "INVALID_PRINCIPAL_FORMAT",
        Severity::Error,
        "The principal is neither `\"*\"` nor an object of principal types.",
        "A principal is `\"*\"` (everyone) or an object such as `{\"AWS\": [...], \"Service\": ...}` whose \
         values are strings or arrays of strings. `[\"*\"]`, a bare ARN string or a number are rejected.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
    ),
    Rule::new(
        "INVALID_PRINCIPAL_KEY",
        Severity::Error,
        "The principal type is not `AWS`, `Service`, `Federated` or `CanonicalUser`.",
        "The keys of a principal object are principal types, spelled exactly: `AWS`, `Service`, `Federated`, \
         `CanonicalUser`. IAM rejects any other key.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Services": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
    ),
    Rule::new(
        "INVALID_SERVICE_PRINCIPAL_FORMAT",
        Severity::Error,
        "The service principal is not a service's DNS name.",
        "Service principals are written `service.amazonaws.com` (`ec2.amazonaws.com`, \
         `lambda.amazonaws.com`); a bare prefix such as `ec2` names no service.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2"}, "Action": "sts:AssumeRole"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
    ),
    Rule::new(
        "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        Severity::Error,
        "A wildcard inside a principal ARN.",
        "Principals are matched exactly: `*` may only be the whole value (`\"AWS\": \"*\"`). A pattern such as \
         `arn:aws:iam::111122223333:role/*` is rejected; match roles with the `aws:PrincipalArn` condition \
         key and `ArnLike` instead.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}}]}"#,
    ),
    Rule::new(
        "INVALID_ACCOUNT_IN_PRINCIPAL",
        Severity::Error,
        "The AWS principal is not an account ID, an IAM ARN or `*`.",
        "An `AWS` principal is `*`, a 12-digit account ID, or the ARN of an account root, user, role or \
         session; `\"1234\"` names no account.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "1234"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
    ),
    Rule::new(
        "ALLOW_WITH_NOT_PRINCIPAL",
        Severity::Warning,
        "`Allow` with `NotPrincipal` grants access to everyone else.",
        "`NotPrincipal` in an `Allow` statement allows every principal except those listed, anonymous users \
         included. Name the principals with `Principal` instead.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
    ),
    Rule::new(
        "EMPTY_OBJECT_PRINCIPAL",
        Severity::Info,
        "The principal is an empty object.",
        "`\"Principal\": {}` names nobody, so the statement applies to no request.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
    ),
    Rule::new(
        "EMPTY_ARRAY_PRINCIPAL",
        Severity::Info,
        "A principal type lists no principal.",
        "`{\"AWS\": []}` names nobody of that type.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["111122223333"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
    ),
    Rule::new(
        "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
        Severity::Error,
        "A `Federated` principal outside a role trust policy.",
        "Identity providers (SAML, OIDC, Cognito, Google…) can only be trusted by a role, through its trust \
         policy and `sts:AssumeRoleWith…`. Bucket, key, queue and other resource policies, and RCPs, reject a \
         `Federated` principal. Reported only when the policy type is set explicitly.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ADFS"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ADFS-Users"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
    )
    .only(&[PolicyType::Resource, PolicyType::Rcp]),
    Rule::new(
        "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
        Severity::Error,
        "The federated principal is neither a provider ARN nor an identity provider's domain.",
        "A `Federated` principal is the ARN of an IAM SAML or OIDC provider, with a 12-digit account \
         (`arn:aws:iam::111122223333:saml-provider/Name`, `arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`), \
         or the domain name of a web identity provider (`cognito-identity.amazonaws.com`, `accounts.google.com`, \
         `graph.facebook.com`, `www.amazon.com`). IAM rejects anything else.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1234567890:saml-provider/ADFS"}, "Action": "sts:AssumeRoleWithSAML", "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ADFS"}, "Action": "sts:AssumeRoleWithSAML", "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        Severity::Error,
        "`\"Principal\": \"*\"` in a role trust policy.",
        "Access Analyzer rejects the bare `\"Principal\": \"*\"` in a role trust policy: name the principals \
         that may assume the role.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "TRUST_POLICY_ANY_PRINCIPAL_WITHOUT_CONDITION",
        Severity::Warning,
        "A role trust policy lets any AWS principal assume the role, without a condition.",
        "`{\"AWS\": \"*\"}` in an `Allow` statement of a trust policy, with no `Condition`, lets every AWS \
         account in the world assume the role. Restrict it with a condition such as `aws:PrincipalOrgID`, \
         or name the accounts. (iam-lsp's own check: Access Analyzer reports this as a public access finding, \
         not a validation check.)",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
        Severity::Info,
        "An assumed-role principal listed with its role.",
        "A role's sessions (`arn:aws:sts::111122223333:assumed-role/Name/session`) are covered by the role \
         (`arn:aws:iam::111122223333:role/Name`) in the same `Principal`: the session entry allows nothing more.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/Deploy", "arn:aws:sts::111122223333:assumed-role/Deploy/ci"]}, "Action": "sts:AssumeRole"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/Deploy"]}, "Action": "sts:AssumeRole"}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "MISMATCHED_ACTION_FOR_PRINCIPAL",
        Severity::Error,
        "`sts:AssumeRoleWithWebIdentity` without an OIDC provider, or `sts:AssumeRoleWithSAML` without a SAML provider.",
        "Web identity federation is `sts:AssumeRoleWithWebIdentity` with a `Federated` OIDC provider (or \
         `cognito-identity.amazonaws.com`, `accounts.google.com`…); SAML federation is \
         `sts:AssumeRoleWithSAML` with a `Federated` SAML provider. Either action with any other principal \
         never matches a request.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ADFS"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ADFS"}, "Action": "sts:AssumeRoleWithSAML", "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
        Severity::Error,
        "IAM Roles Anywhere is trusted without `sts:AssumeRole`, `sts:SetSourceIdentity` and `sts:TagSession`.",
        "The `rolesanywhere.amazonaws.com` service principal needs all three actions to assume the role and \
         deliver credentials; without one of them, the role cannot be used through Roles Anywhere.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"], "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
        Severity::Warning,
        "An OIDC provider is trusted without a condition on its own claims.",
        "Any identity the provider issues a token to can assume a role that trusts the provider without a \
         condition on the provider's keys (`<issuer>:aud`, `<issuer>:sub`): for a shared issuer such as an \
         EKS cluster or Cognito, that is every workload or identity pool of it.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:app", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "MISSING_GITHUB_REPO_CONDITION_KEY",
        Severity::Warning,
        "GitHub Actions is trusted without a `token.actions.githubusercontent.com:sub` condition.",
        "Every repository on GitHub can get a token from GitHub's OIDC issuer: without a condition on the \
         `sub` claim naming your repository (and branch or environment), workflows of any organization can \
         assume the role.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
        Severity::Warning,
        "The GitHub `sub` condition matches any repository, or any branch without a `ref` condition.",
        "A wildcard in `token.actions.githubusercontent.com:sub` (`repo:octo-org/*`, `repo:octo-org/app:*`) \
         lets more workflows assume the role than intended. Name the repository and the branch in `sub`, or, \
         when the subject names an environment or the repository only, the branch in a \
         `token.actions.githubusercontent.com:ref` condition.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "OIDC_CLAIM_NOT_IN_REQUEST_CONTEXT",
        Severity::Warning,
        "A trust policy condition on a web identity claim that AWS STS never passes on.",
        "`sts:AssumeRoleWithWebIdentity` makes only some claims of a token into `<issuer>:<claim>` \
         condition keys. For Amazon Cognito identity pools they are `aud`, `sub` and `amr`; for Login with \
         Amazon `app_id` and `user_id`; for Facebook `app_id` and `id`; for GitHub Actions `aud`, `sub`, \
         `actor`, `actor_id`, `job_workflow_ref`, `repository`, `repository_id`, `workflow`, `ref`, \
         `environment` and `enterprise_id`; for EKS service account tokens `aud` and `sub`. A condition on \
         any other claim of these providers (`token.actions.githubusercontent.com:repository_owner`) tests \
         a key no request has: it never matches, or, negated or with `IfExists`, always matches and \
         restricts nothing. Google and other OIDC providers are not checked. (iam-lsp's own check.)",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main", "token.actions.githubusercontent.com:repository_owner": "octo-org"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main", "token.actions.githubusercontent.com:repository": "octo-org/octo-repo"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "CONFIRM_AUDIENCE_CLAIM_TYPE",
        Severity::Info,
        "`ForAllValues` on an OIDC provider's audience claim.",
        "The `aud` claim names the application the token was issued to. It is single-valued for most \
         providers, and a set operator on a single-valued key does not test what it seems to (`ForAllValues` \
         also matches a token without the claim). Use the plain operator unless your provider issues several \
         audiences.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAllValues:StringEquals": {"accounts.google.com:aud": "123456789012-abc.apps.googleusercontent.com"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "123456789012-abc.apps.googleusercontent.com"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE",
        Severity::Warning,
        "`ForAnyValue` on an OIDC provider's single-valued audience claim.",
        "`ForAnyValue` is for multivalued keys; on the single-valued `aud` claim it can be more permissive \
         than intended. Remove the qualifier.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAnyValue:StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]}"#,
    )
    .only(&[PolicyType::Trust]),
    Rule::new(
        "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
        Severity::Error,
        "A condition on the principal's organization for a statement whose principals are services.",
        "Requests made by a service principal (`cloudfront.amazonaws.com`, `sns.amazonaws.com`…) carry no \
         `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths`: such a condition never \
         matches. Restrict the service with `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or \
         `aws:SourceOrgPaths` instead.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceOrgID": "o-a1b2c3d4e5"}}}]}"#,
    )
    .only(&[PolicyType::Resource, PolicyType::Trust]),
    Rule::new(
        "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
        Severity::Warning,
        "A resource policy allows a service principal without any condition.",
        "A service acts for every one of its customers: allowing `sns.amazonaws.com` or \
         `cloudtrail.amazonaws.com` without a condition lets the service act on your resource for any \
         account (the confused deputy problem). Restrict it with `aws:SourceArn`, `aws:SourceAccount`, \
         `aws:SourceOrgID` or `aws:SourceOrgPaths`.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}}}]}"#,
    )
    .only(&[PolicyType::Resource]),
    Rule::new(
        "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
        Severity::Info,
        "A service principal is restricted by keys other than the `aws:Source*` keys.",
        "The keys that tie a service's request to your own resource or account are `aws:SourceArn`, \
         `aws:SourceAccount`, `aws:SourceOrgID` and `aws:SourceOrgPaths`; other keys (`aws:Referer`, \
         `s3:x-amz-acl`…) do not prevent the service from acting for another customer.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue", "Condition": {"StringLike": {"aws:Referer": "https://example.com/*"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}"#,
    )
    .only(&[PolicyType::Resource]),
];
