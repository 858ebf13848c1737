//! What each statement can ever match: actions without an applicable resource, resources without
//! an applicable action, condition keys some or all actions do not support, statements that match nothing, and
//! statements other statements make pointless. The IAM console's "This policy does not grant any
//! permissions" warnings, per statement and per element, offline.

mod conditions;
mod cover;
mod keys;
mod layout;
mod reach;
mod rules;
mod split;

pub(crate) use cover::StatementHeads;
pub(super) use reach::{ActionEntry, action_entries, names_actions, parts};

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::catalog::ActionRef;
use crate::checks::memo::{Local, Summary};
use crate::checks::{Context, Finding, Rule, Severity, Stmt, Types};
use crate::policy::Statement;

/// What one statement can match, as the policy summary reports it.
#[derive(Debug, Clone, Default)]
pub struct StatementReach {
    /// Catalog actions the statement can match with some listed resource and its conditions,
    /// deduplicated, in entry order.
    pub actions: Vec<ActionRef<'static>>,
    /// `Action` entries whose service the catalog does not know or cannot judge.
    pub unjudged: Vec<String>,
    /// `Action` entries of known services that match no action.
    pub invalid: Vec<String>,
    /// `Resource` entries no catalog resource type matches.
    pub unrecognized_resources: Vec<String>,
    /// Per service prefix, the resource entries its matched actions can use (`*` included).
    pub resources: BTreeMap<String, Vec<String>>,
    /// Matched actions that need several resource types at once (`ec2:RunInstances`: image,
    /// instance, subnet…), each with the required types none of the resources can be.
    pub required_types: Vec<(ActionRef<'static>, Vec<String>)>,
    /// Whether the statement matches nothing at all.
    pub matches_nothing: bool,
}

/// `s3:GetObjectz`: a service the catalog judges, so the entry is an unrecognized action of it.
fn known_action_service(entry: &str) -> bool {
    entry.split_once(':').is_some_and(|(prefix, _)| {
        !prefix.contains(['*', '?'])
            && crate::catalog::decidable_service(prefix)
            && crate::catalog::catalog().service(prefix).is_some()
    })
}

/// Services whose reference marks several resource types required only when a request really
/// needs them all (`ec2:RunInstances`, `ec2:AttachVolume`). Elsewhere such marks often mean "one of"
/// (`dynamodb:GetResourcePolicy` on a table or a stream), so nothing is concluded from them.
const MULTI_RESOURCE_SERVICES: &[&str] = &["ec2"];

/// What `stmt` can match; `None` when it lacks an `Effect`, actions or resources.
pub fn statement_reach(stmt: &Statement) -> Option<StatementReach> {
    let mut reach = reach::Reach::of(stmt)?;
    let mut actions: Vec<ActionRef<'static>> = Vec::new();
    if reach.empty.is_none() {
        if reach.open_actions {
            let candidates = reach.complement();
            actions = reach.usable(&candidates);
        } else {
            let full = reach.full_mask();
            actions.extend(reach.live.iter().filter(|(_, mask)| *mask == full).map(|(a, _)| *a));
            // Entries the catalog cannot judge still reach the catalog actions they match.
            let opaque: Vec<ActionRef<'static>> =
                reach.items.iter().filter(|i| i.opaque).flat_map(|i| i.actions.iter().copied()).collect();
            let mut seen: std::collections::HashSet<usize> = actions.iter().map(|a| a.action.id()).collect();
            for action in reach.usable(&opaque) {
                if seen.insert(action.action.id()) {
                    actions.push(action);
                }
            }
        }
    }
    let mut by_service: BTreeMap<String, Vec<ActionRef<'static>>> = BTreeMap::new();
    for action in &actions {
        by_service.entry(action.service.prefix.to_owned()).or_default().push(*action);
    }
    let resources =
        by_service.into_iter().map(|(prefix, actions)| (prefix, reach.resources_used_by(&actions))).collect();
    let required_types = actions
        .iter()
        .filter(|a| {
            MULTI_RESOURCE_SERVICES.contains(&a.service.prefix)
                && a.action.resource_types().iter().filter(|r| r.required).count() >= 2
        })
        .map(|a| (*a, reach.uncovered_required(*a)))
        .collect();
    Some(StatementReach {
        actions,
        unjudged: reach
            .items
            .iter()
            .filter(|i| i.opaque && !(i.actions.is_empty() && known_action_service(&i.item.value)))
            .map(|i| i.item.value.to_string())
            .collect(),
        invalid: reach
            .items
            .iter()
            .filter(|i| i.opaque && i.actions.is_empty() && known_action_service(&i.item.value))
            .map(|i| i.item.value.to_string())
            .collect(),
        unrecognized_resources: reach
            .resources
            .iter()
            .filter(|r| r.kind == reach::ResourceKind::Unrecognized)
            .map(|r| r.item.value.to_string())
            .collect(),
        resources,
        required_types,
        matches_nothing: reach.empty.is_some() || !reach.matches_something,
    })
}

pub(super) const RULES: &[Rule] = &[
    Rule {
        code: "NO_APPLICABLE_RESOURCE",
        types: Types::ALL,
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
        types: Types::ALL,
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
        types: Types::ALL,
        severity: Severity::Error,
        summary: "Actions of the statement that do not support one of its service condition keys",
        explanation: "A request carries a service condition key only when its action supports it (the Service \
                      Authorization Reference lists the keys of each action). For the other actions the condition \
                      is not evaluated as meant: a plain or `ForAnyValue:` operator is false without the key, a \
                      negated one true. Move those actions to a statement without the key. As in Access Analyzer, \
                      actions written with wildcards are not judged one by one, and `...IfExists` and `Null` \
                      (which say the key may be absent) are not judged; a key that no action of the statement \
                      supports, wildcards included, is reported too, since the statement then matches nothing.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}]}"#,
    },
    Rule {
        code: "MISSING_ACTION_FOR_CONDITION_KEY",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A condition key only one action supports, and that action is not in the statement",
        explanation: "Some condition keys are set by one action only (`iam:PassedToService` by `iam:PassRole`). \
                      Without that action in `Action`, no request of the statement has the key and the condition \
                      is not evaluated as meant. Add the action.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:GetRole"], "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:GetRole", "iam:PassRole"], "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}"#,
    },
    Rule {
        code: "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "An Allow with a tag condition key that some actions of the statement do not support",
        explanation: "`aws:ResourceTag/...`, `aws:RequestTag/...` and `aws:TagKeys` are in a request only when its \
                      action supports them. For an action that does not, the condition is false and the statement \
                      never allows it. Each `Action` entry with such actions is reported (a wildcard entry when \
                      some action it matches lacks the key), as Access Analyzer locates them, with the key as \
                      related information. Move them to a statement without the tag key (and control their \
                      access by resource name).",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:StartInstances", "s3:ListAllMyBuckets"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}"#,
    },
    Rule {
        code: "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "An Allow with NotAction and a tag condition key",
        explanation: "`NotAction` reaches the actions of every service, and many services support no tag condition \
                      key: with `aws:ResourceTag/...`, `aws:RequestTag/...` or `aws:TagKeys`, their actions are \
                      not allowed. List the actions in `Action` instead.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}"#,
    },
    Rule {
        code: "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "A Deny with a tag condition key that some actions of the statement do not support",
        explanation: "A request to an action that does not support `aws:ResourceTag/...`, `aws:RequestTag/...` or \
                      `aws:TagKeys` lacks the key, so the condition is false and the `Deny` does not apply: the \
                      reported `Action` entries are not denied, even for tagged resources. Deny them in another \
                      statement (by resource name, for instance). `...IfExists` is no workaround: it denies \
                      those actions always.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["ec2:TerminateInstances", "s3:ListAllMyBuckets"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}"#,
    },
    Rule {
        code: "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "A Deny with NotAction and a tag condition key",
        explanation: "`NotAction` reaches the actions of every service, and many services support no tag condition \
                      key: their requests lack it, so this `Deny` does not apply to them. List the actions in \
                      `Action` instead.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}"#,
    },
    Rule {
        code: "NO_ACTION_SATISFIES_CONDITIONS",
        types: Types::ALL,
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
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "An Allow statement that matches no request at all",
        explanation: "Whatever the cause (actions without applicable resources, conditions no action satisfies, \
                      `\"NotAction\": \"*\"`, `\"NotResource\": \"*\"`, empty lists), the \
                      statement grants nothing. The related locations show each cause.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "*", "Resource": "*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}"#,
    },
    Rule {
        code: "STATEMENT_DENIES_NOTHING",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "A Deny statement that matches no request at all",
        explanation: "A `Deny` whose actions, resources and conditions can never match together protects nothing, \
                      which is worse than it looks: the author believes something is denied.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:DescribeInstances", "Resource": "arn:aws:ec2:*:*:instance/*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:DescribeInstances", "Resource": "*"}]}"#,
    },
    Rule {
        code: "ALLOW_SHADOWED_BY_DENY",
        types: Types::ALL,
        severity: Severity::Warning,
        summary: "An Allow statement whose every request an unconditional Deny refuses",
        explanation: "An explicit `Deny` always wins. When a `Deny` without conditions in the same policy covers every \
                      action and resource of an `Allow`, the `Allow` grants nothing: one of the two is a mistake.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}"#,
    },
    Rule {
        code: "REDUNDANT_STATEMENT",
        types: Types::ALL,
        severity: Severity::Info,
        summary: "A statement another statement of the same effect already covers",
        explanation: "When a statement without conditions of the same effect matches every action and resource of \
                      another statement (an exact duplicate, or `s3:GetObject` on `b/x` beside `s3:Get*` on `b/*`), \
                      the covered statement adds nothing and only makes the policy longer.",
        bad: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x"}]}"#,
        good: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}]}"#,
    },
];

/// What the statement can match; statements the analysis cannot judge count as matching
/// nothing (the summary's default), so that no other statement is compared with them.
pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    local.summary.heads = StatementHeads::of(stmt.statement).map(Arc::new);
    if let Some(reach) = reach::Reach::with_entries(stmt.statement, stmt.action_entries()) {
        local.summary.matches_nothing = reach.empty.is_some() || !reach.matches_something;
        rules::statement(ctx, stmt.policy, &reach, &mut local.findings);
    }
}

/// Statements other statements make pointless.
pub(super) fn document(ctx: &Context<'_>, summaries: &[Vec<Summary>], out: &mut Vec<Finding>) {
    for (policy, summaries) in ctx.document.policies.iter().zip(summaries) {
        cover::run(ctx, policy, summaries, out);
    }
}
