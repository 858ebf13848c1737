//! Serverless Framework service files (`serverless.yml`): the statements of the functions' role,
//! and the CloudFormation fragment under `resources`.
//!
//! Framework variables: the Framework resolves every `${source:address}` of the file before
//! CloudFormation sees it. Its documented sources are `self`, `opt`, `env`, `sls`, `file(...)`,
//! `cf`, `s3`, `ssm`, `param`, `strToBool` and, since v2.50, `aws` (`${aws:accountId}`,
//! `${aws:region}`); a source or address it does not know is a resolution error, not text passed
//! on (serverless/serverless#2601, #12045). So in this file `${aws:…}` is the Framework's `aws`
//! source, never an IAM policy variable: every placeholder with a source is a value unknown here.
//! CloudFormation's own `${AWS::Region}` (two colons) is left alone by the Framework since v2.3
//! and is read as in any template.

use crate::policy::PolicyType;
use crate::syntax::{Key, Member, Node, NodeKind, TextRange};

use super::{Embedded, Embedding, Hosted, cloudformation, intrinsics};

/// The Framework names its service file `serverless.yml` (or `.yaml`).
pub(super) fn is_service_file(path: Option<&str>) -> bool {
    let name = path.map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p));
    matches!(name, Some("serverless.yml" | "serverless.yaml"))
}

/// Where statement lists live: the provider's role (current and legacy spelling) and, with the
/// serverless-iam-roles-per-function plugin, each function's own role.
const PROVIDER_LISTS: &[&[&str]] = &[&["provider", "iam", "role", "statements"], &["provider", "iamRoleStatements"]];

pub(super) fn policies(text: &str, root: &Node, hosted: &mut Hosted) {
    for path in PROVIDER_LISTS {
        if let Some(member) = member_at(root, path) {
            push(text, member, path.join("."), hosted);
        }
    }
    let functions = root.get("functions").and_then(|f| f.value.as_object()).unwrap_or_default();
    for function in functions {
        if let Some(member) = function.value.get("iamRoleStatements") {
            push(text, member, format!("functions.{}.iamRoleStatements", function.key.text), hosted);
        }
    }
    // `resources` is a CloudFormation template fragment (`Resources`, `Outputs`…).
    if let Some(resources) = root.get("resources").filter(|r| r.value.as_object().is_some()) {
        let resolved = framework_variables(&resources.value);
        let start = hosted.policies.len();
        cloudformation::policies(text, &resolved, hosted);
        for policy in &mut hosted.policies[start..] {
            policy.origin = format!("resources.Resources.{}", policy.origin);
        }
    }
    hosted.policies.sort_by_key(|p| p.node.range.start);
}

fn member_at<'a>(node: &'a Node, path: &[&str]) -> Option<&'a Member> {
    let (last, above) = path.split_last()?;
    let mut node = node;
    for key in above {
        node = &node.get(key)?.value;
    }
    node.get(last)
}

/// A statement list as the identity policy the Framework writes for it: the list becomes the
/// `Statement` (its key's range standing for the key), the `Version` is the Framework's.
fn push(text: &str, member: &Member, origin: String, hosted: &mut Hosted) {
    if member.value.as_array().is_none() {
        return;
    }
    let statements = framework_variables(&member.value);
    let version = Member {
        key: Key { text: "Version".to_owned(), range: TextRange::empty(member.key.range.start) },
        value: Node { range: TextRange::empty(member.key.range.start), kind: NodeKind::String("2012-10-17".into()) },
    };
    let statement = Member { key: Key { text: "Statement".to_owned(), range: member.key.range }, value: statements };
    let document = Node { range: member.range(), kind: NodeKind::Object(vec![version, statement]) };
    let node = intrinsics::resolve(text, &document, &mut hosted.issues);
    hosted.policies.push(Embedded {
        node,
        policy_type: Some(PolicyType::Identity),
        resource_type: None,
        origin,
        embedding: Embedding::Native,
    });
}

/// The tree with every string holding a Framework variable made `Unknown`.
fn framework_variables(node: &Node) -> Node {
    let kind = match &node.kind {
        NodeKind::String(s) if has_framework_variable(s) => NodeKind::Unknown("Serverless variable".to_owned()),
        NodeKind::Object(members) => NodeKind::Object(
            members.iter().map(|m| Member { key: m.key.clone(), value: framework_variables(&m.value) }).collect(),
        ),
        NodeKind::Array(items) => NodeKind::Array(items.iter().map(framework_variables).collect()),
        other => other.clone(),
    };
    Node { range: node.range, kind }
}

/// `${self:custom.bucket}`, `${opt:stage, 'dev'}`, `${file(./x.yml):y}`, `${aws:accountId}`: a
/// source name then `:` (not CloudFormation's `::`) or `(`.
fn has_framework_variable(s: &str) -> bool {
    s.match_indices("${").any(|(i, _)| {
        let rest = &s[i + 2..];
        let name = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')).unwrap_or(0);
        name > 0
            && (rest[name..].starts_with('(') || (rest[name..].starts_with(':') && !rest[name..].starts_with("::")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_variables_are_those_with_a_source() {
        for s in ["${self:custom.b}", "x-${opt:stage, 'dev'}", "${file(./a.yml):b}", "${aws:accountId}", "${sls:stage}"]
        {
            assert!(has_framework_variable(s), "{s}");
        }
        for s in ["arn:${AWS::Partition}:s3:::b", "${Bucket}", "${Bucket.Arn}", "plain", "${!aws:username}"] {
            assert!(!has_framework_variable(s), "{s}");
        }
    }

    #[test]
    fn the_service_file_is_named_serverless() {
        assert!(is_service_file(Some("a/b/serverless.yml")));
        assert!(is_service_file(Some("serverless.yaml")));
        assert!(!is_service_file(Some("a/serverless-config.yml")));
        assert!(!is_service_file(None));
    }
}
