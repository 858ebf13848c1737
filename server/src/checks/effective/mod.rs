//! What each statement can ever match: actions without an applicable resource, resources without
//! an applicable action, condition keys no action supports, statements that match nothing, and
//! statements other statements make pointless. The IAM console's "This policy does not grant any
//! permissions" warnings, per statement and per element, offline.

mod conditions;
mod layout;
mod reach;
mod rules;
mod split;

use crate::checks::{Context, Finding, Rule, Severity};

pub(super) const RULES: &[Rule] = &[
    Rule {
        code: "NO_APPLICABLE_RESOURCE",
        severity: Severity::Warning,
        summary: "An action that can use none of the statement's resources",
        explanation: "An action applies to a `Resource` entry only when one of its resource types can match that ARN, \
                      or the entry is `*`. Actions without resource-level permissions (all of `ec2:Describe*`) apply \
                      only to `\"Resource\": \"*\"`. Paired with other resources, IAM never matches them, and the \
                      console says: \"This policy does not grant any permissions. To grant access, policies must have \
                      an action that has an applicable resource or condition.\"",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "arn:aws:ec2:us-east-2:111122223333:instance/*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}"#,
    },
    Rule {
        code: "NO_APPLICABLE_ACTION",
        severity: Severity::Warning,
        summary: "A resource that no action of the statement can use",
        explanation: "A resource of one service beside actions of another (an S3 bucket beside `cloudfront:*`) \
                      grants nothing: no action of the statement can be authorized against it. Add the actions \
                      meant for it, or remove it.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudfront:*", "Resource": ["arn:aws:cloudfront:*", "arn:aws:s3:::amzn-s3-demo-bucket"]}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudfront:*", "Resource": ["arn:aws:cloudfront:*"]}]}"#,
    },
    Rule {
        code: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        severity: Severity::Warning,
        summary: "A condition key that no action of the statement supports",
        explanation: "A request carries a service or tag condition key only when its action supports it. With an \
                      operator that is false for a missing key (plain operators, `ForAnyValue:`, `Null` set to \
                      `false`), a key none of the actions supports makes the statement match nothing. \
                      `...IfExists`, negated operators and `ForAllValues:` are true for a missing key.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucketVersions", "s3:ListBucket"], "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "custom", "s3:VersionId": "1234"}}}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucketVersions", "s3:ListBucket"], "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "custom"}}}]}"#,
    },
    Rule {
        code: "NO_ACTION_SATISFIES_CONDITIONS",
        severity: Severity::Warning,
        summary: "Every condition key is supported by some action, but no action supports all of them",
        explanation: "All condition keys of a statement must be present in one request. When each action lacks one \
                      of them (`s3:ListBucket` has `s3:prefix` but not `s3:VersionId`, `s3:GetObjectVersion` the \
                      reverse), the statement matches nothing. Write one statement per group of actions with the \
                      conditions they support.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObjectVersion"], "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "custom", "s3:VersionId": "1234"}}}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "custom"}}}, {"Effect": "Allow", "Action": "s3:GetObjectVersion", "Resource": "*", "Condition": {"StringEquals": {"s3:VersionId": "1234"}}}]}"#,
    },
    Rule {
        code: "STATEMENT_GRANTS_NOTHING",
        severity: Severity::Warning,
        summary: "An Allow statement that matches no request at all",
        explanation: "Whatever the cause (actions without applicable resources, conditions no action satisfies, \
                      `\"NotAction\": \"*\"`, `\"NotResource\": \"*\"`, empty lists, only invalid actions), the \
                      statement grants nothing. The related locations show each cause.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "*", "Resource": "*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}"#,
    },
    Rule {
        code: "STATEMENT_DENIES_NOTHING",
        severity: Severity::Warning,
        summary: "A Deny statement that matches no request at all",
        explanation: "A `Deny` whose actions, resources and conditions can never match together protects nothing, \
                      which is worse than it looks: the author believes something is denied.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:DescribeInstances", "Resource": "arn:aws:ec2:*:*:instance/*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:DescribeInstances", "Resource": "*"}]}"#,
    },
];

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for policy in &ctx.document.policies {
        for stmt in &policy.statements {
            if let Some(reach) = reach::Reach::of(stmt) {
                rules::statement(ctx, policy, &reach, out);
            }
        }
    }
}
