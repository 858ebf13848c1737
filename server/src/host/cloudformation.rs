//! CloudFormation and SAM templates: which properties hold policies, and of what type.

use crate::policy::PolicyType;
use crate::syntax::{Key, Member, Node, NodeKind};

use crate::syntax::TextRange;
use crate::syntax::host_string::{self, Quoting};

use super::{Embedded, Embedding, Hosted, intrinsics};

/// A template has a `Resources` mapping whose entries have a `Type`, or names its format version.
pub(super) fn is_template(root: &Node) -> bool {
    root.get("AWSTemplateFormatVersion").is_some()
        || root.get("Resources").and_then(|r| r.value.as_object()).is_some_and(|resources| {
            resources.iter().any(|r| r.value.get("Type").and_then(|t| t.value.as_str()).is_some())
        })
}

/// A property that holds a policy document, on resources of one type.
struct Property {
    resource: &'static str,
    /// The path below `Properties`; `[]` steps into each element of a list.
    path: &'static [&'static str],
    policy_type: PolicyType,
    resource_type: Option<&'static str>,
}

const fn identity(resource: &'static str, path: &'static [&'static str]) -> Property {
    Property { resource, path, policy_type: PolicyType::Identity, resource_type: None }
}

const fn on(resource: &'static str, path: &'static [&'static str], resource_type: Option<&'static str>) -> Property {
    Property { resource, path, policy_type: PolicyType::Resource, resource_type }
}

/// From the CloudFormation resource reference (and SAM's specification for `AWS::Serverless::*`).
/// Resource types are Access Analyzer's names where it has one.
const PROPERTIES: &[Property] = &[
    Property {
        resource: "AWS::IAM::Role",
        path: &["AssumeRolePolicyDocument"],
        policy_type: PolicyType::Trust,
        resource_type: None,
    },
    identity("AWS::IAM::Role", &["Policies", "[]", "PolicyDocument"]),
    identity("AWS::IAM::User", &["Policies", "[]", "PolicyDocument"]),
    identity("AWS::IAM::Group", &["Policies", "[]", "PolicyDocument"]),
    identity("AWS::IAM::Policy", &["PolicyDocument"]),
    identity("AWS::IAM::ManagedPolicy", &["PolicyDocument"]),
    identity("AWS::IAM::RolePolicy", &["PolicyDocument"]),
    identity("AWS::IAM::UserPolicy", &["PolicyDocument"]),
    identity("AWS::IAM::GroupPolicy", &["PolicyDocument"]),
    identity("AWS::SSO::PermissionSet", &["InlinePolicy"]),
    on("AWS::S3::BucketPolicy", &["PolicyDocument"], Some("AWS::S3::Bucket")),
    on("AWS::S3::AccessPoint", &["Policy"], Some("AWS::S3::AccessPoint")),
    on("AWS::S3::MultiRegionAccessPointPolicy", &["Policy"], Some("AWS::S3::MultiRegionAccessPoint")),
    on("AWS::S3ObjectLambda::AccessPointPolicy", &["PolicyDocument"], Some("AWS::S3ObjectLambda::AccessPoint")),
    on("AWS::DynamoDB::Table", &["ResourcePolicy", "PolicyDocument"], Some("AWS::DynamoDB::Table")),
    on(
        "AWS::DynamoDB::Table",
        &["StreamSpecification", "ResourcePolicy", "PolicyDocument"],
        Some("AWS::DynamoDB::Stream"),
    ),
    on("AWS::KMS::Key", &["KeyPolicy"], None),
    on("AWS::KMS::ReplicaKey", &["KeyPolicy"], None),
    on("AWS::SQS::QueuePolicy", &["PolicyDocument"], None),
    on("AWS::SQS::QueueInlinePolicy", &["PolicyDocument"], None),
    on("AWS::SNS::TopicPolicy", &["PolicyDocument"], None),
    on("AWS::SNS::TopicInlinePolicy", &["PolicyDocument"], None),
    on("AWS::ECR::Repository", &["RepositoryPolicyText"], None),
    on("AWS::ECR::RegistryPolicy", &["PolicyText"], None),
    on("AWS::SecretsManager::ResourcePolicy", &["ResourcePolicy"], None),
    on("AWS::Elasticsearch::Domain", &["AccessPolicies"], None),
    on("AWS::OpenSearchService::Domain", &["AccessPolicies"], None),
    on("AWS::EFS::FileSystem", &["FileSystemPolicy"], None),
    on("AWS::Backup::BackupVault", &["AccessPolicy"], None),
    on("AWS::ApiGateway::RestApi", &["Policy"], None),
    on("AWS::Glacier::Vault", &["AccessPolicy"], None),
    Property {
        resource: "AWS::EC2::VPCEndpoint",
        path: &["PolicyDocument"],
        policy_type: PolicyType::Endpoint,
        resource_type: None,
    },
    // SAM: a function's or state machine's `Policies` may be one policy document or a list mixing
    // documents with managed policy names and SAM policy templates (only documents have `Statement`).
    identity("AWS::Serverless::Function", &["Policies"]),
    identity("AWS::Serverless::Function", &["Policies", "[]"]),
    identity("AWS::Serverless::StateMachine", &["Policies"]),
    identity("AWS::Serverless::StateMachine", &["Policies", "[]"]),
    Property {
        resource: "AWS::Serverless::Function",
        path: &["AssumeRolePolicyDocument"],
        policy_type: PolicyType::Trust,
        resource_type: None,
    },
];

/// Finds every policy below the template's `Resources`.
pub(super) fn policies(text: &str, template: &Node, hosted: &mut Hosted) {
    let Some(resources) = template.get("Resources").and_then(|r| r.value.as_object()) else { return };
    for resource in resources {
        let Some(kind) = resource.value.get("Type").and_then(|t| t.value.as_str()) else { continue };
        let Some(properties) = resource.value.get("Properties") else { continue };
        let mut found = Vec::new();
        if kind == "AWS::Organizations::Policy" {
            organizations(&properties.value, &mut found);
        }
        for property in PROPERTIES.iter().filter(|p| p.resource == kind) {
            walk(&properties.value, property.path, &mut |node, path| {
                if is_document(node) {
                    found.push((node, Some(property), path));
                } else if let Some(embedded) = in_string(text, node, property, &path, resource, hosted) {
                    hosted.policies.push(embedded);
                }
            });
        }
        // Elsewhere (custom resources, properties not listed), a `Statement` beside a policy
        // `Version` is a policy of a type left to inference.
        fallback(&properties.value, &mut found);
        for (node, property, path) in found {
            let origin = format!("{}.{}", resource.key.text, path);
            let node = intrinsics::resolve(text, node, &mut hosted.issues);
            hosted.policies.push(Embedded {
                node,
                policy_type: property.map(|p| p.policy_type),
                resource_type: property.and_then(|p| p.resource_type),
                origin,
                embedding: Embedding::Native,
            });
        }
        if let Some((statements, path)) = statements(kind, &properties.value) {
            hosted.policies.push(Embedded {
                node: intrinsics::resolve(text, &document(statements), &mut hosted.issues),
                policy_type: Some(PolicyType::Resource),
                resource_type: None,
                origin: format!("{}.{path}", resource.key.text),
                embedding: Embedding::Native,
            });
        }
    }
    hosted.policies.sort_by_key(|p| p.node.range.start);
}

/// A policy written as a JSON string (`"PolicyDocument": "{\"Statement\": …}"`, a YAML block
/// scalar), which CloudFormation accepts as well as an object.
fn in_string(
    text: &str,
    node: &Node,
    property: &Property,
    path: &str,
    resource: &crate::syntax::Member,
    hosted: &mut Hosted,
) -> Option<Embedded> {
    let value = node.as_str().filter(|v| v.trim_start().starts_with('{'))?;
    let raw = &text[node.range.start..node.range.end];
    let (content, quoting) = if let Some(start) = intrinsics::content_start(text, node) {
        (TextRange::new(start, start + value.len()), Quoting::Verbatim)
    } else if raw.starts_with('"') && raw.len() >= 2 {
        (TextRange::new(node.range.start + 1, node.range.end - 1), Quoting::Json)
    } else if let line_start = text[..node.range.start].rfind('\n').map_or(0, |i| i + 1)
        && text[line_start..node.range.start].bytes().all(|b| b == b' ')
    {
        // A block scalar's range starts at its first line's content.
        let indent = node.range.start - line_start;
        (TextRange::new(line_start, node.range.end), Quoting::YamlLiteral { indent })
    } else {
        return None;
    };
    let decoded = host_string::decode(text, content, quoting);
    // Only a string read back exactly is mapped (YAML's block scalars have more rules than these).
    if decoded.value.trim_end() != value.trim_end() {
        return None;
    }
    let parse = host_string::parse_json(&decoded);
    hosted.parse.errors.extend(parse.errors);
    let root = parse.roots.into_iter().next()?;
    Some(Embedded {
        node: root,
        policy_type: Some(property.policy_type),
        resource_type: property.resource_type,
        origin: format!("{}.{}", resource.key.text, path),
        embedding: Embedding::InString { decoded: Box::new(decoded), content, quoting },
    })
}

/// `AWS::Organizations::Policy`: its `Content` is an SCP or an RCP by its `Type`; the other types
/// (tag, backup, AI opt-out policies) are not IAM policies.
fn organizations<'a>(properties: &'a Node, found: &mut Vec<(&'a Node, Option<&'static Property>, String)>) {
    const SCP: Property = Property {
        resource: "AWS::Organizations::Policy",
        path: &["Content"],
        policy_type: PolicyType::Scp,
        resource_type: None,
    };
    const RCP: Property = Property { policy_type: PolicyType::Rcp, ..SCP };
    let property = match properties.get("Type").and_then(|t| t.value.as_str()) {
        Some("SERVICE_CONTROL_POLICY") => &SCP,
        Some("RESOURCE_CONTROL_POLICY") => &RCP,
        _ => return,
    };
    if let Some(content) = properties.get("Content").filter(|c| is_document(&c.value)) {
        found.push((&content.value, Some(property), "Content".to_owned()));
    }
}

/// Properties that hold statements, not a document: SAM's `Auth.ResourcePolicy.CustomStatements`
/// on an API and an EventBridge bus policy's `Statement`. The service puts them in the resource's
/// policy, a document of version 2012-10-17.
fn statements<'a>(kind: &str, properties: &'a Node) -> Option<(&'a Member, &'static str)> {
    match kind {
        "AWS::Serverless::Api" => {
            let policy = properties.get("Auth")?.value.get("ResourcePolicy")?;
            Some((policy.value.get("CustomStatements")?, "Auth.ResourcePolicy.CustomStatements"))
        }
        "AWS::Events::EventBusPolicy" => Some((properties.get("Statement")?, "Statement")),
        _ => None,
    }
}

/// The document the service writes around `statements`, both of its keys on the statements' key so
/// that findings land in the template.
fn document(statements: &Member) -> Node {
    let key = |text: &str| Key { text: text.to_owned(), range: statements.key.range };
    let version = Node { range: statements.key.range, kind: NodeKind::String("2012-10-17".into()) };
    Node {
        range: statements.range(),
        kind: NodeKind::Object(vec![
            Member { key: key("Version"), value: version },
            Member { key: key("Statement"), value: statements.value.clone() },
        ]),
    }
}

/// A policy document: an object with a `Statement`.
fn is_document(node: &Node) -> bool {
    node.get("Statement").is_some()
}

/// Calls `f` with each node at `path` below `node`, and the path as written.
fn walk<'a>(node: &'a Node, path: &[&str], f: &mut dyn FnMut(&'a Node, String)) {
    fn go<'a>(node: &'a Node, path: &[&str], written: String, f: &mut dyn FnMut(&'a Node, String)) {
        match path.split_first() {
            None => f(node, written),
            Some((&"[]", rest)) => {
                for (i, item) in node.as_array().unwrap_or_default().iter().enumerate() {
                    go(item, rest, format!("{written}[{i}]"), f);
                }
            }
            Some((key, rest)) => {
                if let Some(m) = node.get(key) {
                    let written = if written.is_empty() { (*key).to_owned() } else { format!("{written}.{key}") };
                    go(&m.value, rest, written, f);
                }
            }
        }
    }
    go(node, path, String::new(), f);
}

fn fallback<'a>(node: &'a Node, found: &mut Vec<(&'a Node, Option<&'static Property>, String)>) {
    fn go<'a>(node: &'a Node, path: String, found: &mut Vec<(&'a Node, Option<&'static Property>, String)>) {
        if found.iter().any(|(n, ..)| n.range.contains_range(node.range)) {
            return;
        }
        let versioned =
            node.get("Version").and_then(|v| v.value.as_str()).is_some_and(|v| v == "2012-10-17" || v == "2008-10-17");
        if versioned && node.get("Statement").is_some_and(|s| matches!(s.value.kind, NodeKind::Array(_))) {
            found.push((node, None, path));
            return;
        }
        match &node.kind {
            NodeKind::Object(members) => {
                for m in members {
                    let path = if path.is_empty() { m.key.text.clone() } else { format!("{path}.{}", m.key.text) };
                    go(&m.value, path, found);
                }
            }
            NodeKind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    go(item, format!("{path}[{i}]"), found);
                }
            }
            _ => {}
        }
    }
    go(node, String::new(), found);
}

#[cfg(test)]
mod tests {
    use super::super::{Read, read};
    use super::*;

    #[test]
    fn a_policy_written_as_a_json_string_is_read_through_its_escapes() {
        let text = r#"{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument":
  "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}"}}}}"#;
        let Read::Hosted(hosted) = read(text, Some("t.json")) else { panic!("not a template") };
        assert_eq!(hosted.policies.len(), 1);
        let p = &hosted.policies[0];
        assert_eq!(p.policy_type, Some(PolicyType::Identity));
        assert!(matches!(p.embedding, Embedding::InString { quoting: Quoting::Json, .. }));
        let action = &p.node.get("Statement").unwrap().value.as_array().unwrap()[0].get("Action").unwrap().value;
        assert_eq!(&text[action.range.start..action.range.end], r#"\"s3:GetObject\""#);
    }

    #[test]
    fn a_policy_in_a_yaml_block_scalar_keeps_its_ranges() {
        let text = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: |\n        {\n          \"Statement\": [{\"Action\": \"s3:GetObject\"}]\n        }\n";
        let Read::Hosted(hosted) = read(text, Some("t.yaml")) else { panic!("not a template") };
        assert_eq!(hosted.policies.len(), 1);
        let action = &hosted.policies[0].node.get("Statement").unwrap().value.as_array().unwrap()[0];
        let action = &action.get("Action").unwrap().value;
        assert_eq!(&text[action.range.start..action.range.end], "\"s3:GetObject\"");
    }
}
