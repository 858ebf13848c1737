//! What a resource policy is attached to, under Access Analyzer's names (`AWS::S3::Bucket`…):
//! given by the user or, when the policy's own resources tell it safely, inferred. Two checks
//! need it: actions and resource ARNs the resource's policy does not support.

use std::fmt;
use std::str::FromStr;

use crate::checks::elements::is_open;
use crate::checks::{Context, Finding, Rule, Severity};
use crate::policy::{Policy, PolicyType};

use super::arn::fields;

/// The resource types Access Analyzer's policy validation accepts for resource policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    S3Bucket,
    S3AccessPoint,
    S3MultiRegionAccessPoint,
    S3ObjectLambdaAccessPoint,
    IamAssumeRolePolicyDocument,
    DynamoDbTable,
    DynamoDbStream,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 7] = [
        ResourceKind::S3Bucket,
        ResourceKind::S3AccessPoint,
        ResourceKind::S3MultiRegionAccessPoint,
        ResourceKind::S3ObjectLambdaAccessPoint,
        ResourceKind::IamAssumeRolePolicyDocument,
        ResourceKind::DynamoDbTable,
        ResourceKind::DynamoDbStream,
    ];

    /// Access Analyzer's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::S3Bucket => "AWS::S3::Bucket",
            ResourceKind::S3AccessPoint => "AWS::S3::AccessPoint",
            ResourceKind::S3MultiRegionAccessPoint => "AWS::S3::MultiRegionAccessPoint",
            ResourceKind::S3ObjectLambdaAccessPoint => "AWS::S3ObjectLambda::AccessPoint",
            ResourceKind::IamAssumeRolePolicyDocument => "AWS::IAM::AssumeRolePolicyDocument",
            ResourceKind::DynamoDbTable => "AWS::DynamoDB::Table",
            ResourceKind::DynamoDbStream => "AWS::DynamoDB::Stream",
        }
    }

    /// The action prefixes (and ARN services) a policy on this resource can name.
    fn services(self) -> &'static [&'static str] {
        match self {
            ResourceKind::S3Bucket | ResourceKind::S3AccessPoint | ResourceKind::S3MultiRegionAccessPoint => &["s3"],
            ResourceKind::S3ObjectLambdaAccessPoint => &["s3-object-lambda"],
            ResourceKind::IamAssumeRolePolicyDocument => &["sts"],
            ResourceKind::DynamoDbTable | ResourceKind::DynamoDbStream => &["dynamodb"],
        }
    }
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ResourceKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResourceKind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| {
            let names: Vec<&str> = ResourceKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown resource type `{s}` (expected one of {})", names.join(", "))
        })
    }
}

pub(in crate::checks) const RULES: &[Rule] = &[
    Rule::new(
        "UNSUPPORTED_ACTION_IN_POLICY",
        Severity::Error,
        "The action is not one the policy's resource supports.",
        "A resource policy applies to the resource it is attached to, so it can only name that service's \
         actions: `kms:Decrypt` in an S3 bucket policy, or `sqs:SendMessage` in a DynamoDB table policy, is \
         rejected. The resource is given with `--resource-type` (or the `resourceTypes` setting), or inferred \
         when every resource of a policy with a `Principal` is one bucket, access point or table.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
    )
    .only(&[PolicyType::Resource, PolicyType::Trust]),
    Rule::new(
        "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
        Severity::Error,
        "The resource ARN is not one of the policy's resource's service.",
        "A resource policy can only name its own resource (and, for buckets, its objects): a KMS key ARN in \
         an S3 bucket policy is rejected. The resource is given with `--resource-type` (or the \
         `resourceTypes` setting), or inferred as for `UNSUPPORTED_ACTION_IN_POLICY`; an inferred type is \
         used for resources only when every action is of its service, and for actions only when every ARN is.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
    )
    .only(&[PolicyType::Resource]),
];

/// The resource a policy is attached to, and whether the user said so (else it was inferred).
fn resource_kind(ctx: &Context<'_>, policy: &Policy) -> Option<(ResourceKind, bool)> {
    let allowed = match policy.policy_type {
        PolicyType::Resource => true,
        PolicyType::Trust => ctx.resource_type == Some(ResourceKind::IamAssumeRolePolicyDocument),
        _ => false,
    };
    if !allowed {
        return None;
    }
    match ctx.resource_type {
        Some(kind) => Some((kind, true)),
        None => infer(policy).map(|kind| (kind, false)),
    }
}

/// A policy whose statements all have a `Principal` and whose ARNs of buckets, access points and
/// tables all name the same one is that resource's policy.
fn infer(policy: &Policy) -> Option<ResourceKind> {
    if policy.statements.is_empty() || policy.statements.iter().any(|s| s.principal.is_none()) {
        return None;
    }
    let mut found: Option<(ResourceKind, String)> = None;
    let items = policy.statements.iter().flat_map(|s| s.resource.iter().chain(&s.not_resource)).flat_map(|l| &l.items);
    for guess in items.filter_map(|item| kind_of(&item.value)) {
        match &found {
            None => found = Some(guess),
            Some(seen) if *seen == guess => {}
            Some(_) => return None,
        }
    }
    found.map(|(kind, _)| kind)
}

/// The kind of resource an ARN names, with the resource's own name, when it is literal.
fn kind_of(arn: &str) -> Option<(ResourceKind, String)> {
    let f = fields(arn);
    if f.len() != 6 || f[..5].iter().any(|f| is_open(f.text)) {
        return None;
    }
    let resource = f[5].text;
    let head = |sep: &str| resource.split(sep).next().unwrap_or("").to_owned();
    match f[2].text {
        "s3" if f[3].text.is_empty() && f[4].text.is_empty() => {
            let bucket = head("/");
            (!is_open(&bucket) && !bucket.is_empty()).then_some((ResourceKind::S3Bucket, bucket))
        }
        "s3" | "s3-object-lambda" => {
            let rest = resource.strip_prefix("accesspoint/")?;
            let name = rest.split('/').next().unwrap_or("").to_owned();
            if name.is_empty() || is_open(&name) {
                return None;
            }
            let kind = match (f[2].text, f[3].text.is_empty()) {
                ("s3", true) => ResourceKind::S3MultiRegionAccessPoint,
                ("s3", false) => ResourceKind::S3AccessPoint,
                _ => ResourceKind::S3ObjectLambdaAccessPoint,
            };
            Some((kind, name))
        }
        "dynamodb" => {
            let rest = resource.strip_prefix("table/")?;
            let name = rest.split('/').next().unwrap_or("").to_owned();
            if name.is_empty() || is_open(&name) {
                return None;
            }
            let kind =
                if rest.contains("/stream/") { ResourceKind::DynamoDbStream } else { ResourceKind::DynamoDbTable };
            Some((kind, name))
        }
        _ => None,
    }
}

pub(in crate::checks) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for policy in &ctx.document.policies {
        let Some((kind, explicit)) = resource_kind(ctx, policy) else { continue };
        let own = |service: &str| is_open(service) || kind.services().iter().any(|s| s.eq_ignore_ascii_case(service));
        let statements = &policy.statements;
        let actions = || statements.iter().flat_map(|s| s.action.iter().chain(&s.not_action)).flat_map(|l| &l.items);
        let resources =
            || statements.iter().flat_map(|s| s.resource.iter().chain(&s.not_resource)).flat_map(|l| &l.items);
        let foreign_action = |value: &str| value.split_once(':').is_some_and(|(prefix, _)| !own(prefix));
        let foreign_arn = |value: &str| {
            let f = fields(value);
            f.len() == 6 && f[0].text == "arn" && !own(f[2].text)
        };
        // An inferred type is trusted for one element only when the other is all of its service.
        if explicit || !resources().any(|r| foreign_arn(&r.value)) {
            for item in actions().filter(|a| foreign_action(&a.value)) {
                out.push(ctx.finding(
                    "UNSUPPORTED_ACTION_IN_POLICY",
                    item.range,
                    format!(
                        "The action `{}` is not supported for the resource-based policy attached to the resource \
                         type {kind}: such a policy names only `{}` actions.",
                        item.value,
                        kind.services().join("`, `")
                    ),
                ));
            }
        }
        if explicit || !actions().any(|a| foreign_action(&a.value)) {
            for item in resources().filter(|r| foreign_arn(&r.value)) {
                out.push(ctx.finding(
                    "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
                    item.range,
                    format!(
                        "The resource ARN `{}` is not supported for the resource-based policy attached to the \
                         resource type {kind}: such a policy names only `{}` resources.",
                        item.value,
                        kind.services().join("`, `")
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_arns_tell_their_kind() {
        for kind in ResourceKind::ALL {
            assert_eq!(kind.as_str().parse::<ResourceKind>(), Ok(kind));
        }
        assert!("AWS::SQS::Queue".parse::<ResourceKind>().is_err());
        let kind = |arn| kind_of(arn).map(|(k, _)| k);
        assert_eq!(kind("arn:aws:s3:::b/x/*"), Some(ResourceKind::S3Bucket));
        assert_eq!(
            kind("arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"),
            Some(ResourceKind::S3AccessPoint)
        );
        assert_eq!(kind("arn:aws:s3::111122223333:accesspoint/a.mrap"), Some(ResourceKind::S3MultiRegionAccessPoint));
        assert_eq!(
            kind("arn:aws:dynamodb:us-east-1:111122223333:table/T/stream/2024"),
            Some(ResourceKind::DynamoDbStream)
        );
        assert_eq!(kind("arn:aws:s3:::*"), None);
        assert_eq!(kind("arn:aws:kms:us-east-1:111122223333:key/k"), None);
    }

    fn codes(text: &str, resource_type: Option<ResourceKind>) -> Vec<&'static str> {
        let options =
            crate::checks::Options { policy_type: Some(PolicyType::Resource), resource_type, ..Default::default() };
        let found = crate::checks::analyze(text, &options).findings.into_iter().map(|f| f.code);
        found.filter(|c| c.starts_with("UNSUPPORTED_")).collect()
    }

    #[test]
    fn inferred_types_are_trusted_for_one_element_at_a_time() {
        let p = |actions: &str, resources: &str| {
            format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": "*", "Action": {actions}, "Resource": {resources}}}]}}"#
            )
        };
        let bucket = r#"["arn:aws:s3:::b", "arn:aws:s3:::b/*"]"#;
        let mixed = r#"["arn:aws:s3:::b/*", "arn:aws:kms:us-east-1:111122223333:key/k"]"#;
        assert_eq!(codes(&p(r#"["s3:GetObject", "kms:Decrypt"]"#, bucket), None), ["UNSUPPORTED_ACTION_IN_POLICY"]);
        assert_eq!(codes(&p(r#""s3:GetObject""#, mixed), None), ["UNSUPPORTED_RESOURCE_ARN_IN_POLICY"]);
        // Both elements mixed: nothing tells which resource the policy is on.
        assert!(codes(&p(r#"["s3:GetObject", "kms:Decrypt"]"#, mixed), None).is_empty());
        // Two buckets, or `*` alone: not inferred.
        assert!(codes(&p(r#""kms:Decrypt""#, r#"["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]"#), None).is_empty());
        assert!(codes(&p(r#""kms:Decrypt""#, r#""*""#), None).is_empty());
        // Given explicitly, both are reported.
        let both = codes(&p(r#"["s3:GetObject", "kms:Decrypt"]"#, mixed), Some(ResourceKind::S3Bucket));
        assert_eq!(both, ["UNSUPPORTED_ACTION_IN_POLICY", "UNSUPPORTED_RESOURCE_ARN_IN_POLICY"]);
        let table = codes(&p(r#""s3:GetObject""#, r#""*""#), Some(ResourceKind::DynamoDbTable));
        assert_eq!(table, ["UNSUPPORTED_ACTION_IN_POLICY"]);
    }
}
