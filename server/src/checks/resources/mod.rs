//! `Resource` and `NotResource`: every entry must be `*` or an ARN some resource type of its
//! service can have.

pub(super) mod arn;
pub(super) mod attached;
mod entry;
mod templates;
pub(super) mod unique_ids;

use super::elements::{empty_array, redundant_entries, redundant_finding};
use super::memo::Local;
use super::{Context, Rule, Severity, Stmt};

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        "ARN_CONTAINS_WHITESPACE",
        Severity::Error,
        "The resource contains white space.",
        "IAM does not trim resources: `\"arn:aws:s3: : :*\"` or `\" *\"` match no resource, so the statement \
         grants or denies nothing for them.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3: : :*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::*"}]}"#,
    ),
    Rule::new(
        "INVALID_ARN_PREFIX",
        Severity::Error,
        "The resource is neither `*` nor an ARN.",
        "A resource is `*` or an Amazon Resource Name starting with `arn:`. Anything else, such as a bare \
         bucket name or `aws:s3:::bucket`, matches no resource.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "aws:s3:::amzn-s3-demo-bucket"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}]}"#,
    ),
    Rule::new(
        "MISSING_ARN_FIELD",
        Severity::Error,
        "The ARN has fewer than six colon-separated fields.",
        "An ARN is `arn:partition:service:region:account:resource`; fields may be empty (`arn:aws:s3:::bucket`) \
         but their colons must be there. A wildcard may stand for missing fields, so such patterns are not \
         reported.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:amzn-s3-demo-bucket"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}]}"#,
    ),
    Rule::new(
        "INVALID_PARTITION",
        Severity::Error,
        "The ARN's partition is not an AWS partition.",
        "The second field of an ARN is the partition: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, \
         `aws-iso-e`, `aws-iso-f` or `aws-eusc` (or a wildcard or variable). Any other value matches no resource.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:asw:s3:::amzn-s3-demo-bucket"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}]}"#,
    ),
    Rule::new(
        "INVALID_ARN_SERVICE_CASE",
        Severity::Error,
        "The ARN's service name is not lower case.",
        "Service names in ARNs are lower case and resources are compared with case, so `arn:aws:S3:::b` \
         matches no bucket.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:S3:::amzn-s3-demo-bucket"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}]}"#,
    ),
    Rule::new(
        "INVALID_SERVICE_IN_ARN",
        Severity::Warning,
        "The ARN's service is not one the service catalog knows.",
        "The third field of an ARN names the service that owns the resource (`s3`, `ec2`, `execute-api`). \
         A name no ARN template of the catalog uses is most likely a typo; it may also be a service newer \
         than the catalog.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s4:::amzn-s3-demo-bucket"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}]}"#,
    ),
    Rule::new(
        "INVALID_ARN_REGION",
        Severity::Error,
        "The ARN's region is not a region code.",
        "The fourth field of an ARN is a region code such as `us-east-1`, or empty for global resources. \
         A value of another shape (`us-east`, `N. Virginia`) matches no resource.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east:111122223333:queue"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue"}]}"#,
    ),
    Rule::new(
        "MISSING_ARN_REGION",
        Severity::Error,
        "The ARN has no region but its resource type needs one.",
        "Regional resources (queues, instances, functions) have a region in their ARN; with an empty region \
         field the ARN matches none of them. Use the region, or `*` for any region.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs::111122223333:queue"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:*:111122223333:queue"}]}"#,
    ),
    Rule::new(
        "ARN_REGION_NOT_ALLOWED",
        Severity::Error,
        "The ARN has a region but its resource type has none.",
        "Global resources (IAM users and roles, S3 buckets) have an empty region field; an ARN naming a \
         region matches none of them.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam:us-east-1:111122223333:role/app"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::111122223333:role/app"}]}"#,
    ),
    Rule::new(
        "INVALID_ARN_ACCOUNT",
        Severity::Error,
        "The ARN's account is not an account ID.",
        "The fifth field of an ARN is a 12-digit account ID, `aws` for resources AWS owns (managed \
         policies), a wildcard or a variable such as `${aws:PrincipalAccount}`; any other value matches no \
         resource. An empty account is accepted: AWS-owned resources (public SSM parameters, public AMIs) \
         have none.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::1234:role/app"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::111122223333:role/app"}]}"#,
    ),
    Rule::new(
        "MISSING_ARN_ACCOUNT",
        Severity::Error,
        "The ARN has no account but its resource type needs one.",
        "Most resources belong to an account, and their ARNs name it: `arn:aws:sqs:us-east-1::queue` matches \
         no queue. Use the 12-digit account ID, or `*` for any account. Resources AWS owns and shares (public \
         AMIs and EBS snapshots, public SSM parameters and documents) are named without an account and are \
         not reported.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1::queue"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue"}]}"#,
    ),
    Rule::new(
        "ARN_ACCOUNT_NOT_ALLOWED",
        Severity::Error,
        "The ARN has an account but its resource type has none.",
        "Some resource types have an empty account field: S3 buckets and objects, Route 53 hosted zones, API \
         Gateway REST APIs. An ARN naming an account matches none of them.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3::111122223333:amzn-s3-demo-bucket"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}]}"#,
    ),
    Rule::new(
        "INVALID_ARN_RESOURCE",
        Severity::Error,
        "The ARN's resource part fits no resource type of its service.",
        "The part after the fifth colon names the resource (`bucket/key`, `instance/i-123`, `role/app`). \
         When it fits no ARN template of the service in the Service Authorization Reference, the entry \
         matches no resource. Wildcards and policy variables are taken into account.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::111122223333:rol/app"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::111122223333:role/app"}]}"#,
    ),
    Rule::new(
        "REDUNDANT_RESOURCE",
        Severity::Info,
        "The resource is already covered by another entry of the same element.",
        "`arn:aws:s3:::b/x` beside `arn:aws:s3:::b/*`, or the same ARN twice, adds nothing: the other entry \
         already matches every resource this one does.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*"]}]}"#,
    ),
    Rule::new(
        "EMPTY_ARRAY_RESOURCE",
        Severity::Info,
        "`Resource` or `NotResource` is an empty array.",
        "A statement with no resource matches no request: it has no effect.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": []}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*"]}]}"#,
    ),
];

pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    let (policy, statement, out) = (stmt.policy, stmt.statement, &mut local.findings);
    for list in [&statement.resource, &statement.not_resource].into_iter().flatten() {
        out.extend(empty_array(ctx, list, "EMPTY_ARRAY_RESOURCE", "resource"));
        for item in &list.items {
            entry::check(ctx, policy.policy_type, item, out);
        }
        for pair in redundant_entries(list, false, entry::well_formed) {
            let (item, cover) = (&list.items[pair.0].value, &list.items[pair.1].value);
            let message = if item == cover {
                format!("`{item}` is listed twice; the repeat has no effect.")
            } else {
                format!("`{item}` is already covered by `{cover}` in the same element.")
            };
            out.push(redundant_finding(ctx, policy, "REDUNDANT_RESOURCE", list, pair, message));
        }
    }
}
