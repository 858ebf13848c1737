//! `Action` and `NotAction`: every entry must name actions the service catalog knows.

mod names;
pub(super) mod roles;
mod suggest;

/// Did-you-mean for service prefixes, shared with the condition keys' `INVALID_SERVICE`.
pub(super) use suggest::services as suggest_services;

use super::elements::{empty_array, redundant_entries, redundant_finding};
use super::memo::Local;
use super::{Context, Rule, Severity, Stmt, Types};

pub(super) const RULES: &[Rule] = &[
    Rule {
        code: "INVALID_ACTION",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "The action, or every action a wildcard pattern could match, does not exist in its service.",
        explanation: "IAM accepts any action name, but an action the service does not define never matches a \
            request, so the statement grants or denies nothing for it: a typo silently removes a permission \
            (or, in a `Deny`, a guard rail). Names are compared without case, as IAM does. A wildcard pattern \
            such as `iam:List*Tagz` is reported when it matches no action of the service today. An action AWS \
            has retired (the reference listed it in one of the monthly releases sampled since 2024-10, see \
            `schemas/service-catalog/retired.json`) is no typo and harms nothing: it is reported as a warning, \
            not an error, with the date of the last reference that listed it and a fix removing it.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListMyBuckets", "Resource": "*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#,
    },
    Rule {
        code: "INVALID_SERVICE_IN_ACTION",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "The service prefix of the action is not an AWS service.",
        explanation: "The part before `:` must be a service prefix from the Service Authorization Reference \
            (`s3`, `dynamodb`, `elasticfilesystem`). A misspelt prefix, or a service's marketing name such as \
            `efs`, matches no action at all, so the entry has no effect. Access Analyzer reports this as an \
            ERROR. A retired service (CodeStar, Evidently, IoT Events, DeepRacer, IoT 1-Click, Elastic Inference…: \
            a prefix of one of the monthly references sampled since 2024-10 that the current one lacks) is \
            reported as a warning instead, with the date of the last reference that had it and no typo \
            suggestion: its entries grant nothing and harm nothing, and can be removed.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s2:GetObject", "Resource": "*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    },
    Rule {
        code: "INVALID_ACTION_FORMAT",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "The entry is not of the form `service:action`.",
        explanation: "An action is a service prefix, one colon and an action name or pattern, with nothing \
            around it: `iam.CreateUser`, `\"ec2:* \"`, `s3::GetObject` and `\"\"` match no action. IAM does not \
            trim white space.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam.CreateUser", "Resource": "*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"}]}"#,
    },
    Rule {
        code: "WILDCARD_IN_SERVICE_NAME",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "A wildcard in the service prefix reaches several services, including future ones.",
        explanation: "`s*:GetObject` or `Code*:List*` match the actions of every service whose prefix fits the \
            pattern, today and as AWS adds services. Naming the services keeps the grant predictable.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "code*:List*", "Resource": "*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["codebuild:List*", "codecommit:List*"], "Resource": "*"}]}"#,
    },
    Rule {
        code: "REDUNDANT_ACTION",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "The action is already covered by another entry of the same element.",
        explanation: "`s3:GetObject` beside `s3:Get*`, or the same action twice, adds nothing: the other entry \
            already matches every action this one does. Removing it keeps the policy short (policies have a \
            size limit) and easier to review.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*"}]}"#,
    },
    Rule {
        code: "EMPTY_ARRAY_ACTION",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "`Action` or `NotAction` is an empty array.",
        explanation: "A statement with no action matches no request: it has no effect. IAM rejects some empty \
            elements when the policy is saved.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}"#,
    },
];

pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    let (policy, statement, out) = (stmt.policy, stmt.statement, &mut local.findings);
    // The `Action` entries were resolved for the reach too; `NotAction`'s are looked up one by one.
    for (list, entries) in [(&statement.action, stmt.action_entries()), (&statement.not_action, &[][..])] {
        let Some(list) = list else { continue };
        out.extend(empty_array(ctx, list, "EMPTY_ARRAY_ACTION", "action"));
        out.extend(list.items.iter().enumerate().filter_map(|(i, item)| names::check(ctx, item, entries.get(i))));
        for pair in redundant_entries(list, true, names::well_formed) {
            let (item, cover) = (&list.items[pair.0].value, &list.items[pair.1].value);
            let message = if item.eq_ignore_ascii_case(cover) {
                format!("`{item}` is listed twice; the repeat has no effect.")
            } else {
                format!("`{item}` is already covered by `{cover}` in the same element.")
            };
            out.push(redundant_finding(ctx, policy, "REDUNDANT_ACTION", list, pair, message));
        }
    }
}
