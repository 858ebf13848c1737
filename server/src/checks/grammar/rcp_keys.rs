//! RCP conditions that forget whom they also reach. RCPs apply to IAM principals and to AWS
//! service principals alike, and a service principal's request carries no principal keys
//! (`aws:PrincipalOrgID`…) while an IAM principal's carries no source keys (`aws:SourceAccount`…):
//! a `Deny` that matches when such a key is absent also denies the other kind of caller, unless it
//! tests `aws:PrincipalIsAWSService` (Access Analyzer's three RCP_MISSING_* checks).

use crate::checks::edit::{insert_first_member, json_string};
use crate::checks::elements::starts_with_ci;
use crate::checks::pattern::covers;
use crate::checks::{Context, Edit, Finding, Rule, Severity, Stmt, Types};
use crate::policy::{AbsentKey, ConditionBlock, Operator, OperatorFamily, PolicyType, Statement};
use crate::syntax::{Node, TextRange};

pub(super) const RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY: Rule = Rule {
    code: "RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY",
    types: Types::only(&[PolicyType::Rcp]),
    severity: Severity::Warning,
    summary: "An RCP `Deny` on a principal key also denies AWS service principals.",
    explanation: "A request from an AWS service principal (CloudTrail writing to a bucket, a service \
        assuming its service role…) has no `aws:PrincipalOrgID`, `aws:PrincipalAccount`, \
        `aws:PrincipalArn`, `aws:PrincipalTag/…` or other principal key, so a `Deny` whose condition \
        matches when that key is absent (`StringNotEqualsIfExists`, `StringNotEquals`, `ArnNotLike`…) \
        also denies the services acting on your behalf. Add `\"BoolIfExists\": \
        {\"aws:PrincipalIsAWSService\": \"false\"}` to the statement's `Condition`. Reported on \
        statements that cover an action AWS services call with their service principals (S3 object \
        and bucket ACL access, KMS data key use and grants, SQS and SNS messages, CloudWatch Logs \
        delivery, `sts:AssumeRole`…); a statement limited to other actions, such as deleting keys, \
        may mean to deny services too.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]
}"#,
};

pub(super) const RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY: Rule = Rule {
    code: "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY",
    types: Types::only(&[PolicyType::Rcp]),
    severity: Severity::Warning,
    summary: "An RCP `Deny` on a source key also denies your IAM principals.",
    explanation: "`aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID` and `aws:SourceOrgPaths` are \
        set only on requests AWS services make with their service principals, so a `Deny` whose \
        condition matches when the key is absent (`StringNotEqualsIfExists`…) also denies your own \
        roles and users. Add `\"BoolIfExists\": {\"aws:PrincipalIsAWSService\": \"true\"}` (or `Bool`) \
        to the statement's `Condition` so it applies to service principals only.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"}, "Null": {"aws:SourceAccount": "false"}}}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"}, "Null": {"aws:SourceAccount": "false"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}]
}"#,
};

pub(super) const RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK: Rule = Rule {
    code: "RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK",
    types: Types::only(&[PolicyType::Rcp]),
    severity: Severity::Warning,
    summary: "An RCP `Deny` on a source key does not first check that the request has one.",
    explanation: "Some service integrations do not send `aws:SourceAccount`, `aws:SourceArn`, \
        `aws:SourceOrgID` or `aws:SourceOrgPaths` (services assuming their service roles, KMS grants, \
        some log deliveries), so a `Deny` whose condition matches when the key is absent blocks them. \
        Add `\"Null\": {\"aws:SourceAccount\": \"false\"}` (or `\"Null\": {\"aws:SourceArn\": \"false\"}`) \
        so the statement applies only to requests that carry source keys.",
    bad: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}]
}"#,
    good: r#"{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"}, "Null": {"aws:SourceAccount": "false"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}]
}"#,
};

/// Keys describing the calling IAM principal, absent from service principals' requests.
const PRINCIPAL_KEYS: &[&str] = &[
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalType",
    "aws:userid",
    "aws:username",
];

/// Keys only service principals' requests carry.
const SOURCE_KEYS: &[&str] = &["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"];

/// Actions of RCP services that AWS services call with their service principals on customer
/// resources (log and report delivery to S3, CloudWatch Logs and SQS, KMS use by services and their
/// grants, service roles, pulling images and secrets; not `sts:TagSession`, which AWS's own
/// governance RCP restricts by principal key without exempting services); a `Deny` covering none of them cannot hit a
/// service acting on your behalf the way these checks warn of.
const SERVICE_PRINCIPAL_ACTIONS: &[&str] = &[
    "s3:PutObject",
    "s3:GetObject",
    "s3:GetBucketAcl",
    "s3:ListBucket",
    "s3:GetBucketLocation",
    "s3:GetBucketPolicy",
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:DescribeKey",
    "kms:CreateGrant",
    "sqs:SendMessage",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "sts:AssumeRole",
    "secretsmanager:GetSecretValue",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "dynamodb:PutItem",
    "dynamodb:GetItem",
];

pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, out: &mut Vec<Finding>) {
    if stmt.policy.policy_type == PolicyType::Rcp && stmt.statement.is_deny() {
        check(ctx, stmt.statement, stmt.node, out);
    }
}

/// The condition entries on one of `keys` that match a request without the key.
fn absent_matches<'s>(statement: &'s Statement, keys: &[&str], prefix: Option<&str>) -> Vec<(&'s str, TextRange)> {
    let mut found = Vec::new();
    for block in statement.condition.iter().flat_map(|c| &c.blocks) {
        let Some(op) = Operator::parse(&block.operator.value) else { continue };
        for entry in &block.entries {
            let key = &*entry.key.value;
            let named = keys.iter().any(|k| k.eq_ignore_ascii_case(key))
                || prefix.is_some_and(|p| key.len() > p.len() && starts_with_ci(key, p));
            let matches_absent = match op.when_key_absent() {
                AbsentKey::Matches => true,
                AbsentKey::Fails => false,
                AbsentKey::NullCheck => entry.values.iter().any(|v| v.text.eq_ignore_ascii_case("true")),
            };
            if named && matches_absent {
                found.push((key, entry.key.range));
            }
        }
    }
    found
}

/// Whether some block tests `key` with operator family `family` for `value` (e.g. `Bool` or
/// `BoolIfExists` on `aws:PrincipalIsAWSService` = `"false"`).
fn tests(statement: &Statement, family: OperatorFamily, key: &str, value: &str) -> bool {
    statement.condition.iter().flat_map(|c| &c.blocks).any(|block| {
        Operator::parse(&block.operator.value).is_some_and(|op| op.family == family && op.qualifier.is_none())
            && block.entries.iter().any(|e| {
                e.key.value.eq_ignore_ascii_case(key) && e.values.iter().any(|v| v.text.eq_ignore_ascii_case(value))
            })
    })
}

/// Any test of `aws:PrincipalIsAWSService`: the author has decided which callers the statement
/// is for (a contradictory value is another mistake).
fn tests_service_principal(statement: &Statement) -> bool {
    statement
        .condition
        .iter()
        .flat_map(|c| &c.blocks)
        .flat_map(|b| &b.entries)
        .any(|e| e.key.value.eq_ignore_ascii_case("aws:PrincipalIsAWSService"))
}

fn covers_service_action(statement: &Statement) -> bool {
    statement
        .action
        .iter()
        .flat_map(|a| &a.items)
        .any(|a| SERVICE_PRINCIPAL_ACTIONS.iter().any(|s| covers(&a.value, s, true)))
}

fn check(ctx: &Context<'_>, statement: &Statement, node: &Node, out: &mut Vec<Finding>) {
    // Each finding comes with the fix adding the condition its message names.
    let mut push =
        |code: &'static str, range: TextRange, message: String, (operator, key, value): (&str, &str, &str)| {
            let finding = ctx.finding(code, range, message);
            out.push(with_condition_fix(ctx, statement, node, finding, operator, key, value));
        };
    let service_checked = tests_service_principal(statement);
    if !service_checked && covers_service_action(statement) {
        for (key, range) in absent_matches(statement, PRINCIPAL_KEYS, Some("aws:PrincipalTag/")) {
            push(
                "RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY",
                range,
                format!(
                    "RCPs impact IAM roles, users, and AWS service principals, and a service principal's request has \
                     no `{key}`: add \"BoolIfExists\": {{\"aws:PrincipalIsAWSService\": \"false\"}} to the \
                     `Condition` so this statement does not deny services acting on your behalf."
                ),
                ("BoolIfExists", "aws:PrincipalIsAWSService", "false"),
            );
        }
    }
    let sources = absent_matches(statement, SOURCE_KEYS, None);
    if sources.is_empty() {
        return;
    }
    if !service_checked {
        for (key, range) in &sources {
            push(
                "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY",
                *range,
                format!(
                    "RCPs impact IAM roles, users, and AWS service principals, and only service principals' requests \
                     carry `{key}`: add \"BoolIfExists\": {{\"aws:PrincipalIsAWSService\": \"true\"}} to the \
                     `Condition` so this statement does not deny your own principals."
                ),
                ("BoolIfExists", "aws:PrincipalIsAWSService", "true"),
            );
        }
    }
    let null_checked =
        ["aws:SourceAccount", "aws:SourceArn"].iter().any(|k| tests(statement, OperatorFamily::Null, k, "false"));
    if !null_checked {
        for (key, range) in &sources {
            push(
                "RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK",
                *range,
                format!(
                    "A service may have an integration that does not send `{key}`: add \"Null\": \
                     {{\"aws:SourceAccount\": \"false\"}} (or \"Null\": {{\"aws:SourceArn\": \"false\"}}) to the \
                     `Condition` so this statement applies only to requests with source keys."
                ),
                ("Null", "aws:SourceAccount", "false"),
            );
        }
    }
}

/// Adds `"operator": {"key": "value"}` to the statement's `Condition`, into the operator's block
/// when there is one (a second block of the same operator would be a duplicate key).
fn with_condition_fix(
    ctx: &Context<'_>,
    statement: &Statement,
    node: &Node,
    finding: Finding,
    operator: &str,
    key: &str,
    value: &str,
) -> Finding {
    let Some(condition) = node.get("Condition").map(|m| &m.value) else { return finding };
    let existing: Option<&ConditionBlock> =
        statement.condition.iter().flat_map(|c| &c.blocks).find(|b| &*b.operator.value == operator);
    let edit: Edit = match existing.and_then(|b| condition.get(&b.operator.value)) {
        Some(block) if block.value.as_object().is_some() => {
            insert_first_member(ctx.text, &block.value, key, &json_string(value), ctx.style())
        }
        Some(_) => return finding,
        None => {
            let inner = format!("{{{}: {}}}", json_string(key), json_string(value));
            insert_first_member(ctx.text, condition, operator, &inner, ctx.style())
        }
    };
    finding.with_fix(format!("Add \"{operator}\": {{\"{key}\": \"{value}\"}}"), vec![edit], false)
}
