//! Which condition keys block which actions.
//!
//! A condition entry is false for a request whose context lacks the key when its operator is
//! (plain operators and `ForAnyValue:`; `Null` set to `"false"`); it is true when the operator is
//! `…IfExists`, negated or `ForAllValues:` (see [`Operator::when_key_absent`]). A request lacks a
//! key when its action does not support it: service keys and tag keys, per the catalog. Other
//! global keys depend on how the request is made, not on the action, so they never block.

use std::sync::LazyLock;

use crate::cache::{Answers, Cache};
use crate::catalog::{ActionRef, List, catalog, split_once_byte};
use crate::policy::{AbsentKey, Condition, ConditionBlock, ConditionEntry, Operator};

use crate::catalog::decidable_service;

/// Service keys present in requests to every service: they describe where the credentials come
/// from (an EC2 instance, a Lambda function, a Glue job…), not the action.
const CROSS_SERVICE_KEYS: &[&str] = &[
    "codebuild:buildarn",
    "codebuild:projectarn",
    "ec2:roledelivery",
    "ec2:sourceinstancearn",
    "glue:credentialissuingservice",
    "glue:roleassumedby",
    "identitystore:userid",
    "lambda:sourcefunctionarn",
    "ssm:sourceinstancearn",
];

/// A condition entry that fails for requests whose action does not support its key.
#[derive(Clone, Copy, Debug)]
pub(super) struct Blocking<'s> {
    pub block: &'s ConditionBlock,
    pub entry: &'s ConditionEntry,
}

impl Blocking<'_> {
    pub fn key(&self) -> &str {
        &self.entry.key.value
    }
}

pub(super) fn blocking_keys(condition: &Condition) -> Vec<Blocking<'_>> {
    let mut out = Vec::new();
    for block in &condition.blocks {
        let Some(op) = Operator::parse(&block.operator.value) else { continue };
        for entry in &block.entries {
            let fails_when_absent = match op.when_key_absent() {
                AbsentKey::Fails => true,
                AbsentKey::Matches => false,
                // `"Null": {"k": "false"}` requires the key.
                AbsentKey::NullCheck => {
                    !entry.values.is_empty() && entry.values.iter().all(|v| v.text.eq_ignore_ascii_case("false"))
                }
            };
            if fails_when_absent && action_dependent(&entry.key.value) {
                out.push(Blocking { block, entry });
            }
        }
    }
    out
}

/// Whether the key's presence depends on the action: tag keys and known service keys that the
/// catalog attaches to some action. A service key's answer is cached by the key in lower case:
/// deciding it reads the service's keys and, for a key the reference lists, all its actions.
pub(super) fn action_dependent(key: &str) -> bool {
    static ANSWERS: LazyLock<Cache<Box<str>, bool>> = LazyLock::new(|| Cache::new(4096));
    let lower = key.to_ascii_lowercase();
    let Some((prefix, _)) = split_once_byte(&lower, b':') else { return false };
    if prefix == "aws" {
        return lower.starts_with("aws:requesttag/") || lower.starts_with("aws:resourcetag/") || lower == "aws:tagkeys";
    }
    ANSWERS.get_or_insert_with(&lower, || service_key_dependent(prefix, &lower, key))
}

/// [`action_dependent`] for a key of a service.
fn service_key_dependent(prefix: &str, lower: &str, key: &str) -> bool {
    if CROSS_SERVICE_KEYS.contains(&lower) || !decidable_service(prefix) {
        return false;
    }
    let Some(service) = catalog().service(prefix) else { return false };
    // A key the reference lists but attaches to no action: its data cannot decide.
    service.condition_key(key).is_some()
        && service.actions.iter().any(|action| ActionRef { service, action }.supports_key(key))
}

/// Can a request for `action` carry the blocking entry's key? Cached by action and key: the
/// same keys guard the same actions across the statements of a run, and each answer reads the
/// action's key lists and those of its resource types.
pub(super) fn supports(action: ActionRef<'_>, blocking: &Blocking<'_>) -> bool {
    static ANSWERS: LazyLock<Answers<usize>> = LazyLock::new(|| Answers::new(16_384));
    let key = blocking.key();
    !decidable_service(action.service.prefix)
        || ANSWERS.answer(action.action.id(), key, || action.supports_key(key) || supports_family(action, key))
}

/// Keys with a name part (`ssm:resourceTag/team`): the reference sometimes lists the family
/// with a literal placeholder (`ssm:resourceTag/tag-key`) that matches no real key, so any key
/// of the same family counts.
fn supports_family(action: ActionRef<'_>, key: &str) -> bool {
    let Some(slash) = key.find('/') else { return false };
    let stem = &key[..=slash];
    let listed = |keys: List<&'static str>| {
        keys.iter().any(|k| {
            k.len() > stem.len() && k.is_char_boundary(stem.len()) && k[..stem.len()].eq_ignore_ascii_case(stem)
        })
    };
    listed(action.action.condition_keys())
        || action.action.resource_types().iter().any(|r| listed(r.condition_keys))
        || action.resource_types().any(|(r, _)| listed(r.condition_keys))
}
