//! Infers a policy's type from its path and content when no setting or flag names it, and says why.

use std::cell::RefCell;

use super::PolicyType;
use super::model::{PrincipalValue, Statement};

/// The service prefixes whose actions resource control policies can restrict (AWS Organizations
/// user guide, "Resource control policies", list of supported services; it grows).
pub const RCP_SERVICES: &[&str] = &[
    "s3",
    "sts",
    "sqs",
    "secretsmanager",
    "kms",
    "ecr",
    "aoss",
    "cognito-idp",
    "cognito-identity",
    "logs",
    "dynamodb",
];

/// Global keys that name the caller's organization or ARN: SCPs use them to exempt roles or
/// accounts, identity policies (attached to the caller itself) have no reason to.
const ORGANIZATION_KEYS: &[&str] =
    &["aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths"];

/// The type inferred and the reason, for hover and `check --format json`.
pub fn detect(statements: &[Statement], path: Option<&str>) -> (PolicyType, String) {
    let (content, why) = from_content(statements);
    if let Some((from_path, part)) = path.and_then(from_path) {
        // A path refines the content, never contradicts it: a `Principal` decides between the two
        // families, and an RCP can only name services RCPs support (the data perimeter examples keep
        // SNS and API Gateway resource policies under `resource_control_policies/`).
        let foreign = if from_path == PolicyType::Rcp { not_rcp_action(statements) } else { None };
        if statements.is_empty() || (from_path.has_principals() == content.has_principals() && foreign.is_none()) {
            return (from_path, format!("the path names it (`{part}`)"));
        }
        if let Some(action) = foreign {
            return (content, format!("{why}; not the RCP the path names (`{part}`): RCPs do not support `{action}`"));
        }
    }
    (content, why)
}

/// The first path component, from the file name up, that follows a naming convention.
fn from_path(path: &str) -> Option<(PolicyType, String)> {
    let (folder, file) = path.rsplit_once(['/', '\\']).unwrap_or(("", path));
    from_component(file).or_else(|| from_folder(folder))
}

/// [`from_path`] of a folder, remembered for the last folder each thread asked about: `check`
/// reads the files of a folder one after another, and reading its components again for each file
/// was 2 % of checking the managed corpus.
fn from_folder(folder: &str) -> Option<(PolicyType, String)> {
    thread_local! {
        static LAST: RefCell<(String, Option<(PolicyType, String)>)> = const { RefCell::new((String::new(), None)) };
    }
    LAST.with_borrow_mut(|(last, found)| {
        if last != folder {
            *found = folder.rsplit(['/', '\\']).find_map(from_component);
            folder.clone_into(last);
        }
        found.clone()
    })
}

/// The type a file or folder name follows the naming convention of.
fn from_component(component: &str) -> Option<(PolicyType, String)> {
    let lower = component.to_ascii_lowercase().replace(['_', ' ', '.'], "-");
    let words: Vec<&str> = lower.split('-').collect();
    let word = |w: &[&str]| w.iter().any(|w| words.contains(w));
    // Every phrase below spells `polic`, `assume` or `boundary`: the names of most files hold
    // none, and are settled by their words alone.
    let phrases = ["polic", "assume", "boundary"].iter().any(|s| lower.contains(s));
    let has = |s: &[&str]| phrases && s.iter().any(|s| lower.contains(s));
    let kind = if word(&["scp", "scps"]) || has(&["service-control-polic", "servicecontrolpolic"]) {
        PolicyType::Scp
    } else if word(&["rcp", "rcps"]) || has(&["resource-control-polic", "resourcecontrolpolic"]) {
        PolicyType::Rcp
    } else if word(&["trust"]) || has(&["assume-role", "assumerole", "trustpolicy", "trust-policy"]) {
        PolicyType::Trust
    } else if word(&["endpoint", "vpce"]) || has(&["endpoint-polic", "endpointpolic"]) {
        PolicyType::Endpoint
    } else if word(&["boundary", "boundaries"]) || has(&["permissionsboundary"]) {
        PolicyType::Boundary
    } else if has(&["session-polic", "sessionpolic"]) {
        PolicyType::Session
    } else if has(&[
        "bucket-policy",
        "bucketpolicy",
        "key-policy",
        "keypolicy",
        "queue-policy",
        "queuepolicy",
        "topic-policy",
        "topicpolicy",
        "resource-policy",
        "resourcepolicy",
    ]) {
        PolicyType::Resource
    } else {
        return None;
    };
    Some((kind, component.to_owned()))
}

fn from_content(statements: &[Statement]) -> (PolicyType, String) {
    let with_principal = statements.iter().filter(|s| s.principal.is_some() || s.not_principal.is_some()).count();
    if with_principal == 0 {
        let denies_for_organization = !statements.is_empty()
            && statements.iter().all(Statement::is_deny)
            && statements
                .iter()
                .flat_map(|s| &s.condition)
                .flat_map(|c| &c.blocks)
                .flat_map(|b| &b.entries)
                .any(|e| ORGANIZATION_KEYS.contains(&e.key.value.to_ascii_lowercase().as_str()));
        return if denies_for_organization {
            (
                PolicyType::Scp,
                "every statement denies, without `Principal`, with exceptions by `aws:Principal…` keys: an SCP's shape"
                    .to_owned(),
            )
        } else {
            (PolicyType::Identity, "no statement names a `Principal`".to_owned())
        };
    }
    if is_rcp(statements) {
        return (
            PolicyType::Rcp,
            "every statement has `\"Principal\": \"*\"` and `\"Resource\": \"*\"`, denies (or is `RCPFullAWSAccess`) \
             actions of services RCPs support"
                .to_owned(),
        );
    }
    let assumes_role = statements.iter().filter_map(|s| s.action.as_ref()).flat_map(|a| &a.items).any(|a| {
        let v = a.value.to_ascii_lowercase();
        v.starts_with("sts:assumerole") || v == "sts:tagsession" || v == "sts:setsourceidentity"
    });
    if assumes_role {
        (PolicyType::Trust, "a statement with `Principal` allows `sts:AssumeRole…`".to_owned())
    } else {
        (PolicyType::Resource, "statements name a `Principal`".to_owned())
    }
}

/// The first action of a service RCPs do not support (`*` is not one: RCPs apply it to theirs).
fn not_rcp_action(statements: &[Statement]) -> Option<&str> {
    statements.iter().flat_map(|s| &s.action).flat_map(|a| &a.items).map(|i| &*i.value).find(|a| !is_rcp_action(a))
}

/// Every statement is `Principal: "*"` on `Resource: "*"`, and either denies actions of RCP
/// services only, or is the `RCPFullAWSAccess` statement (Allow everything, no condition).
fn is_rcp(statements: &[Statement]) -> bool {
    let star = |s: &Statement| {
        matches!(&s.principal, Some(p) if matches!(&p.value, PrincipalValue::Str(v) if &*v.value == "*"))
            && s.resource.as_ref().is_some_and(|r| !r.items.is_empty() && r.items.iter().all(|i| &*i.value == "*"))
    };
    let full_access = |s: &Statement| {
        s.is_allow()
            && s.condition.is_none()
            && s.action.as_ref().is_some_and(|a| a.items.len() == 1 && &*a.items[0].value == "*")
    };
    let rcp_deny = |s: &Statement| {
        s.is_deny()
            && s.action.as_ref().is_some_and(|a| {
                !a.items.is_empty() && a.items.iter().all(|i| is_rcp_action(&i.value) && &*i.value != "*")
            })
    };
    !statements.is_empty()
        && statements.iter().all(|s| star(s) && (full_access(s) || rcp_deny(s)))
        && statements.iter().any(rcp_deny)
}

/// Whether the action (or `*`) belongs to a service RCPs support.
pub fn is_rcp_action(action: &str) -> bool {
    action == "*"
        || action
            .split_once(':')
            .is_some_and(|(service, _)| RCP_SERVICES.contains(&service.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_conventions() {
        let t = |p: &str| from_path(p).map(|(t, _)| t);
        assert_eq!(t("/repo/scp/deny-regions.json"), Some(PolicyType::Scp));
        assert_eq!(t("/repo/policies/deny_regions_scp.json"), Some(PolicyType::Scp));
        assert_eq!(t("/repo/rcps/s3.json"), Some(PolicyType::Rcp));
        assert_eq!(t("roles/lambda-assume-role.json"), Some(PolicyType::Trust));
        assert_eq!(t("roles/trust.json"), Some(PolicyType::Trust));
        assert_eq!(t("s3/bucket-policy.json"), Some(PolicyType::Resource));
        assert_eq!(t("vpc/endpoint-policy.json"), Some(PolicyType::Endpoint));
        assert_eq!(t("iam/permissions_boundary.json"), Some(PolicyType::Boundary));
        assert_eq!(t("iam/description.json"), None);
        assert_eq!(t("iam/trusted-advisor.json"), None);
    }
}
