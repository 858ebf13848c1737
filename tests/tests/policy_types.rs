//! Policy type detection from the content and the path, the explicit type overriding both, and
//! the type with its reason shown in hover on `Version` (key and value).

use iam_lsp::checks::{Options, analyze};
use iam_lsp::ide;
use iam_lsp::policy::PolicyType;

const IDENTITY: &str =
    r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
const SCP_DENY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}, "ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::*:role/Admin"}}}]}"#;
const FULL_AWS_ACCESS: &str =
    r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
const RCP: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sqs:*"], "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]}"#;
const RCP_FULL_AWS_ACCESS: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#;
const SNS_DENY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["sns:Publish", "sns:Subscribe"], "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#;
const TRUST: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
const TRUST_TAGS: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": ["sts:TagSession", "sts:SetSourceIdentity"]}]}"#;
const RESOURCE: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#;
const ENDPOINT: &str = r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#;
const EMPTY: &str = r#"{"Version": "2012-10-17", "Statement": []}"#;

/// The type inferred for `text` at `path`, and its reason.
fn detected(text: &str, path: Option<&str>) -> (PolicyType, String) {
    let analysis = analyze(text, &Options { path: path.map(str::to_owned), ..Options::default() });
    let policy = analysis.document.policies.first().expect("a policy");
    assert!(!policy.type_explicit);
    (policy.policy_type, policy.type_reason.clone())
}

#[test]
fn content_decides_without_a_path_convention() {
    let cases: &[(&str, PolicyType, &str)] = &[
        (IDENTITY, PolicyType::Identity, "no statement names a `Principal`"),
        (FULL_AWS_ACCESS, PolicyType::Identity, "no statement names a `Principal`"),
        (SCP_DENY, PolicyType::Scp, "an SCP's shape"),
        (RCP, PolicyType::Rcp, "actions of services RCPs support"),
        (SNS_DENY, PolicyType::Resource, "statements name a `Principal`"),
        (TRUST, PolicyType::Trust, "allows `sts:AssumeRole…`"),
        (TRUST_TAGS, PolicyType::Trust, "allows `sts:AssumeRole…`"),
        (RESOURCE, PolicyType::Resource, "statements name a `Principal`"),
        (RCP_FULL_AWS_ACCESS, PolicyType::Resource, "statements name a `Principal`"),
    ];
    for (text, kind, why) in cases {
        for path in [None, Some("policies/main.json")] {
            let (got, reason) = detected(text, path);
            assert_eq!(got, *kind, "{text} at {path:?}: {reason}");
            assert!(reason.contains(why), "{text}: {reason}");
        }
    }
}

#[test]
fn path_conventions_refine_the_content() {
    let cases: &[(&str, &str, PolicyType)] = &[
        ("org/scp/deny-regions.json", SCP_DENY, PolicyType::Scp),
        ("org/scps/FullAWSAccess.json", FULL_AWS_ACCESS, PolicyType::Scp),
        ("org/full_aws_access_scp.json", FULL_AWS_ACCESS, PolicyType::Scp),
        ("org/service-control-policies/admin.json", FULL_AWS_ACCESS, PolicyType::Scp),
        ("org/rcp/RCPFullAWSAccess.json", RCP_FULL_AWS_ACCESS, PolicyType::Rcp),
        ("org/resource_control_policies/perimeter.json", RCP, PolicyType::Rcp),
        ("roles/app/trust.json", TRUST, PolicyType::Trust),
        ("roles/app-assume-role-policy.json", TRUST, PolicyType::Trust),
        ("roles/AssumeRolePolicyDocument.json", TRUST, PolicyType::Trust),
        ("s3/bucket-policy.json", RESOURCE, PolicyType::Resource),
        ("kms/key_policy.json", RESOURCE, PolicyType::Resource),
        ("sqs/queue-policy.json", RESOURCE, PolicyType::Resource),
        ("sns/topic-policy.json", RESOURCE, PolicyType::Resource),
        ("vpc/endpoint-policy.json", ENDPOINT, PolicyType::Endpoint),
        ("vpc/vpce/s3.json", ENDPOINT, PolicyType::Endpoint),
        ("iam/permissions-boundary.json", IDENTITY, PolicyType::Boundary),
        ("iam/boundaries/dev.json", IDENTITY, PolicyType::Boundary),
        ("sts/session-policy.json", IDENTITY, PolicyType::Session),
        // An empty document takes the path's type.
        ("roles/trust-policy.json", EMPTY, PolicyType::Trust),
    ];
    for (path, text, kind) in cases {
        let (got, reason) = detected(text, Some(path));
        assert_eq!(got, *kind, "{path}: {reason}");
        assert!(reason.starts_with("the path names it"), "{path}: {reason}");
    }
}

#[test]
fn a_path_never_contradicts_the_content() {
    // A `Principal` decides between the families: an SCP path on a trust policy, a trust path on an
    // identity policy, an identity-grammar path on a resource policy.
    let cases: &[(&str, &str, PolicyType)] = &[
        ("org/scp/role.json", TRUST, PolicyType::Trust),
        ("roles/trust.json", IDENTITY, PolicyType::Identity),
        ("iam/boundary.json", RESOURCE, PolicyType::Resource),
        ("s3/bucket-policy.json", IDENTITY, PolicyType::Identity),
    ];
    for (path, text, kind) in cases {
        let (got, reason) = detected(text, Some(path));
        assert_eq!(got, *kind, "{path}: {reason}");
        assert!(!reason.starts_with("the path names it"), "{path}: {reason}");
    }
    // An RCP path on statements of a service RCPs do not support: the resource policy it is.
    let (got, reason) = detected(SNS_DENY, Some("resource_control_policies/service_specific_controls/sns.json"));
    assert_eq!(got, PolicyType::Resource, "{reason}");
    assert!(reason.contains("RCPs do not support `sns:Publish`"), "{reason}");
}

#[test]
fn the_explicit_type_overrides_path_and_content() {
    for kind in PolicyType::ALL {
        let options =
            Options { policy_type: Some(kind), path: Some("org/scp/trust.json".to_owned()), ..Options::default() };
        let analysis = analyze(TRUST, &options);
        let policy = &analysis.document.policies[0];
        assert_eq!(policy.policy_type, kind);
        assert!(policy.type_explicit);
        assert_eq!(policy.type_reason, "set by the settings or `--policy-type`");
    }
}

#[test]
fn hover_on_version_names_the_type_and_why() {
    let text = SCP_DENY;
    let analysis = analyze(text, &Options { path: Some("org/scp/regions.json".to_owned()), ..Options::default() });
    for offset in [text.find("\"Version\"").unwrap() + 2, text.find("2012").unwrap() + 2] {
        let hover = ide::hover(&analysis, text, offset).unwrap_or_else(|| panic!("no hover at {offset}"));
        assert!(
            hover
                .markdown
                .contains("**Policy type:** service control policy (SCP) (`scp`): the path names it (`scp`)."),
            "at {offset}: {}",
            hover.markdown
        );
    }
    let analysis = analyze(TRUST, &Options::default());
    let hover = ide::hover(&analysis, TRUST, TRUST.find("Version").unwrap()).expect("hover on Version");
    assert!(
        hover.markdown.contains("**Policy type:** role trust policy (`trust`): a statement with `Principal` allows"),
        "{}",
        hover.markdown
    );
}
