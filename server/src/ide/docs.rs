//! Reference text shown by hover and completion: policy elements, condition operators,
//! principal kinds and well-known service principals.

use crate::policy::{AbsentKey, Operator, OperatorFamily, Qualifier};

/// What a policy element does, with the advice of the IAM documentation.
pub(crate) fn element(name: &str) -> Option<&'static str> {
    Some(match name {
        "Version" => {
            "**Version** — the policy language version. Always use `\"2012-10-17\"`: the older \
             `\"2008-10-17\"` (or no `Version`) does not support policy variables such as \
             `${aws:username}`, which are then matched literally. This is not the date of your policy."
        }
        "Id" => {
            "**Id** — an optional identifier for the policy. Some services (such as SQS and SNS) \
             require or use it; a UUID is a good choice. IAM ignores it for identity policies."
        }
        "Statement" => {
            "**Statement** — the policy's permissions: one statement object or an array of them. \
             Statements are evaluated together: an explicit `Deny` in any statement overrides every \
             `Allow`, and anything not explicitly allowed is implicitly denied."
        }
        "Sid" => {
            "**Sid** — an optional statement ID describing the statement. It must be unique within \
             the policy; IAM policies accept ASCII letters and digits only."
        }
        "Effect" => {
            "**Effect** — `\"Allow\"` or `\"Deny\"` (case-sensitive). An explicit deny always wins \
             over an allow, from this or any other policy that applies to the request."
        }
        "Principal" => {
            "**Principal** — who the statement applies to, in resource-based and trust policies \
             (`AWS`, `Service`, `Federated`, `CanonicalUser`, or `\"*\"` for everyone). Identity \
             policies cannot have one: they apply to the identity they are attached to. `\"*\"` \
             with `Allow` makes the resource public unless a condition narrows it."
        }
        "NotPrincipal" => {
            "**NotPrincipal** — every principal except the listed ones. Avoid it with `Allow`; with \
             `Deny`, list the account as well as the role (and the assumed-role session), or the \
             deny also hits them. A condition on `aws:PrincipalArn` is usually clearer."
        }
        "Action" => {
            "**Action** — the operations the statement covers, as `service:Action` (case-insensitive), \
             with `*` and `?` wildcards. Prefer explicit actions over wildcards for least privilege."
        }
        "NotAction" => {
            "**NotAction** — every action except the listed ones, including actions of every other \
             service and those AWS adds later. With `Allow` it grants far more than it seems; it is \
             meant for `Deny` statements or an `Allow` scoped by `Resource` and conditions."
        }
        "Resource" => {
            "**Resource** — the ARNs the statement covers, with `*` and `?` wildcards and policy \
             variables. Actions without resource-level permissions need `\"*\"`. Required in \
             identity policies (except in trust policies)."
        }
        "NotResource" => {
            "**NotResource** — every resource except the listed ones. With `Allow` it grants access \
             to everything else, in every service the actions name; use it with `Deny`."
        }
        "Condition" => {
            "**Condition** — when the statement applies: `{\"Operator\": {\"key\": value}}`. All \
             operators and all keys must match (AND); the values of one key are alternatives (OR). \
             Keys missing from the request make most operators fail (see `IfExists`)."
        }
        _ => return None,
    })
}

/// The kinds of principal a `Principal` map accepts.
pub(crate) const PRINCIPAL_KINDS: &[(&str, &str)] = &[
    ("AWS", "An AWS account (`123456789012` or its root ARN), IAM user, IAM role, assumed-role session, or `\"*\"`."),
    ("Service", "An AWS service principal, e.g. `lambda.amazonaws.com`, usually in a role's trust policy."),
    (
        "Federated",
        "A web identity (`cognito-identity.amazonaws.com`, `accounts.google.com`) or an OIDC/SAML provider ARN.",
    ),
    ("CanonicalUser", "An S3 canonical user ID, e.g. of a CloudFront origin access identity."),
];

/// Well-known service principals: those trust policies use most.
pub(crate) const SERVICE_PRINCIPALS: &[(&str, &str)] = &[
    ("apigateway.amazonaws.com", "Amazon API Gateway"),
    ("autoscaling.amazonaws.com", "Amazon EC2 Auto Scaling"),
    ("backup.amazonaws.com", "AWS Backup"),
    ("batch.amazonaws.com", "AWS Batch"),
    ("cloudformation.amazonaws.com", "AWS CloudFormation"),
    ("cloudfront.amazonaws.com", "Amazon CloudFront"),
    ("cloudtrail.amazonaws.com", "AWS CloudTrail"),
    ("codebuild.amazonaws.com", "AWS CodeBuild"),
    ("codedeploy.amazonaws.com", "AWS CodeDeploy"),
    ("codepipeline.amazonaws.com", "AWS CodePipeline"),
    ("config.amazonaws.com", "AWS Config"),
    ("delivery.logs.amazonaws.com", "Amazon CloudWatch Logs delivery"),
    ("dms.amazonaws.com", "AWS Database Migration Service"),
    ("ec2.amazonaws.com", "Amazon EC2"),
    ("ecs-tasks.amazonaws.com", "Amazon ECS tasks"),
    ("ecs.amazonaws.com", "Amazon ECS"),
    ("edgelambda.amazonaws.com", "Lambda@Edge"),
    ("eks.amazonaws.com", "Amazon EKS"),
    ("elasticmapreduce.amazonaws.com", "Amazon EMR"),
    ("events.amazonaws.com", "Amazon EventBridge"),
    ("firehose.amazonaws.com", "Amazon Data Firehose"),
    ("glue.amazonaws.com", "AWS Glue"),
    ("kinesis.amazonaws.com", "Amazon Kinesis"),
    ("lambda.amazonaws.com", "AWS Lambda"),
    ("logs.amazonaws.com", "Amazon CloudWatch Logs"),
    ("monitoring.amazonaws.com", "Amazon CloudWatch"),
    ("pipes.amazonaws.com", "Amazon EventBridge Pipes"),
    ("rds.amazonaws.com", "Amazon RDS"),
    ("redshift.amazonaws.com", "Amazon Redshift"),
    ("s3.amazonaws.com", "Amazon S3"),
    ("sagemaker.amazonaws.com", "Amazon SageMaker"),
    ("scheduler.amazonaws.com", "Amazon EventBridge Scheduler"),
    ("sns.amazonaws.com", "Amazon SNS"),
    ("sqs.amazonaws.com", "Amazon SQS"),
    ("ssm.amazonaws.com", "AWS Systems Manager"),
    ("states.amazonaws.com", "AWS Step Functions"),
];

/// What a base operator compares, in one sentence.
fn base_meaning(base: &str) -> &'static str {
    match base {
        "StringEquals" => "the key's value equals one of the strings exactly (case-sensitive)",
        "StringNotEquals" => "the key's value equals none of the strings (case-sensitive)",
        "StringEqualsIgnoreCase" => "the key's value equals one of the strings, ignoring case",
        "StringNotEqualsIgnoreCase" => "the key's value equals none of the strings, ignoring case",
        "StringLike" => {
            "the key's value matches one of the patterns (`*` any run of characters, `?` one character; case-sensitive)"
        }
        "StringNotLike" => "the key's value matches none of the patterns (`*`, `?` wildcards)",
        "NumericEquals" => "the number equals one of the values",
        "NumericNotEquals" => "the number equals none of the values",
        "NumericLessThan" => "the number is less than the value",
        "NumericLessThanEquals" => "the number is less than or equal to the value",
        "NumericGreaterThan" => "the number is greater than the value",
        "NumericGreaterThanEquals" => "the number is greater than or equal to the value",
        "DateEquals" => "the date equals the value (ISO 8601 or epoch seconds)",
        "DateNotEquals" => "the date differs from the value",
        "DateLessThan" => "the date is before the value",
        "DateLessThanEquals" => "the date is at or before the value",
        "DateGreaterThan" => "the date is after the value",
        "DateGreaterThanEquals" => "the date is at or after the value",
        "Bool" => "the boolean key equals `\"true\"` or `\"false\"`",
        "BinaryEquals" => "the binary key equals the base64-encoded value",
        "IpAddress" => "the IP address is in one of the CIDR ranges",
        "NotIpAddress" => "the IP address is in none of the CIDR ranges",
        "ArnEquals" => "the ARN equals one of the values (`*`/`?` wildcards match within each ARN segment)",
        "ArnNotEquals" => "the ARN equals none of the values",
        "ArnLike" => "the ARN matches one of the patterns (`*`/`?` wildcards within each ARN segment)",
        "ArnNotLike" => "the ARN matches none of the patterns",
        "Null" => "the key is absent (`\"true\"`) or present (`\"false\"`) in the request",
        _ => "",
    }
}

fn family_name(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "String",
        OperatorFamily::Numeric => "Numeric",
        OperatorFamily::Date => "Date",
        OperatorFamily::Bool => "Boolean",
        OperatorFamily::Binary => "Binary",
        OperatorFamily::IpAddress => "IP address",
        OperatorFamily::Arn => "ARN",
        OperatorFamily::Null => "Null check",
    }
}

/// One line for completion details.
pub(crate) fn operator_detail(op: &Operator) -> String {
    format!("{} condition operator", family_name(op.family))
}

/// The full description of a condition operator: meaning, absent-key behaviour, qualifiers.
pub(crate) fn operator(op: &Operator) -> String {
    let mut out = format!(
        "**{}** — {} condition operator: matches when {}.\n\n",
        op.name(),
        family_name(op.family),
        base_meaning(op.base)
    );
    out.push_str(match op.when_key_absent() {
        AbsentKey::Matches if op.if_exists => {
            "**Key absent:** matches. `IfExists` means \"if the key is in the request, compare it; \
             if not, the condition is true\" — so requests without the key are let through (or, in a \
             `Deny`, not denied)."
        }
        AbsentKey::Matches if op.qualifier == Some(Qualifier::ForAllValues) => {
            "**Key absent:** matches, because every value of an empty set satisfies any test. With \
             `Allow`, add a `Null` check (`\"Null\": {\"key\": \"false\"}`) to require the key."
        }
        AbsentKey::Matches => {
            "**Key absent:** matches: a negated operator is true when the request has no value to \
             compare, so a `Deny` with it also denies requests that lack the key."
        }
        AbsentKey::Fails => {
            "**Key absent:** does not match, so the statement does not apply (an `Allow` grants \
             nothing, a `Deny` denies nothing). Add `IfExists` to match when the key is absent."
        }
        AbsentKey::NullCheck => {
            "**Key absent:** `\"true\"` matches when the key is absent, `\"false\"` when it is present."
        }
    });
    match op.qualifier {
        Some(Qualifier::ForAllValues) => out.push_str(
            "\n\n**ForAllValues:** for multivalued keys: matches when *every* value in the request \
             matches one of the policy's values (and when there are none).",
        ),
        Some(Qualifier::ForAnyValue) => out.push_str(
            "\n\n**ForAnyValue:** for multivalued keys: matches when *at least one* value in the \
             request matches one of the policy's values.",
        ),
        None => {}
    }
    out
}
