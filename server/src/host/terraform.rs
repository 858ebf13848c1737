//! Terraform: which resource arguments hold policies, and of what type, in the four ways they are
//! written: `jsonencode({...})`, a heredoc, a quoted JSON string, and a
//! `data "aws_iam_policy_document"` block (mapped to the policy tree it renders).

use crate::policy::PolicyType;
use crate::syntax::hcl::{Attribute, Block, Form, HclParse, Item};
use crate::syntax::host_string::{self, Quoting};
use crate::syntax::{Key, Member, Node, NodeKind, TextRange};

use super::{Embedded, Embedding, Hosted, Issue};

/// The code of the issue an unescaped IAM variable in a Terraform string raises.
pub const UNESCAPED_VARIABLE: &str = "TERRAFORM_UNESCAPED_POLICY_VARIABLE";

/// A resource argument that holds a policy document.
struct Argument {
    resource: &'static str,
    /// The argument, or `block.argument` for one inside a nested block.
    name: &'static str,
    policy_type: PolicyType,
    resource_type: Option<&'static str>,
}

const fn arg(resource: &'static str, name: &'static str, policy_type: PolicyType) -> Argument {
    Argument { resource, name, policy_type, resource_type: None }
}

/// From the AWS provider's documentation. Resource types are Access Analyzer's names where it has
/// one.
const ARGUMENTS: &[Argument] = &[
    arg("aws_iam_role", "assume_role_policy", PolicyType::Trust),
    arg("aws_iam_role", "inline_policy.policy", PolicyType::Identity),
    arg("aws_iam_policy", "policy", PolicyType::Identity),
    arg("aws_iam_role_policy", "policy", PolicyType::Identity),
    arg("aws_iam_user_policy", "policy", PolicyType::Identity),
    arg("aws_iam_group_policy", "policy", PolicyType::Identity),
    arg("aws_ssoadmin_permission_set_inline_policy", "inline_policy", PolicyType::Identity),
    Argument {
        resource: "aws_s3_bucket_policy",
        name: "policy",
        policy_type: PolicyType::Resource,
        resource_type: Some("AWS::S3::Bucket"),
    },
    Argument {
        resource: "aws_s3_access_point",
        name: "policy",
        policy_type: PolicyType::Resource,
        resource_type: Some("AWS::S3::AccessPoint"),
    },
    Argument {
        resource: "aws_s3control_access_point_policy",
        name: "policy",
        policy_type: PolicyType::Resource,
        resource_type: Some("AWS::S3::AccessPoint"),
    },
    arg("aws_sqs_queue_policy", "policy", PolicyType::Resource),
    arg("aws_sqs_queue", "policy", PolicyType::Resource),
    arg("aws_sns_topic_policy", "policy", PolicyType::Resource),
    arg("aws_sns_topic", "policy", PolicyType::Resource),
    arg("aws_kms_key", "policy", PolicyType::Resource),
    arg("aws_kms_replica_key", "policy", PolicyType::Resource),
    arg("aws_ecr_repository_policy", "policy", PolicyType::Resource),
    arg("aws_ecr_registry_policy", "policy", PolicyType::Resource),
    arg("aws_secretsmanager_secret_policy", "policy", PolicyType::Resource),
    arg("aws_secretsmanager_secret", "policy", PolicyType::Resource),
    arg("aws_glacier_vault", "access_policy", PolicyType::Resource),
    arg("aws_backup_vault_policy", "policy", PolicyType::Resource),
    arg("aws_efs_file_system_policy", "policy", PolicyType::Resource),
    arg("aws_api_gateway_rest_api_policy", "policy", PolicyType::Resource),
    arg("aws_api_gateway_rest_api", "policy", PolicyType::Resource),
    arg("aws_elasticsearch_domain_policy", "access_policies", PolicyType::Resource),
    arg("aws_elasticsearch_domain", "access_policies", PolicyType::Resource),
    arg("aws_opensearch_domain_policy", "access_policies", PolicyType::Resource),
    arg("aws_opensearch_domain", "access_policies", PolicyType::Resource),
    arg("aws_cloudwatch_log_resource_policy", "policy_document", PolicyType::Resource),
    arg("aws_dynamodb_resource_policy", "policy", PolicyType::Resource),
    arg("aws_bedrock_guardrail_resource_policy", "policy", PolicyType::Resource),
    arg("aws_vpc_endpoint", "policy", PolicyType::Endpoint),
    arg("aws_vpc_endpoint_policy", "policy", PolicyType::Endpoint),
];

/// Whether the file has a block Terraform's AWS provider would read policies from.
pub(super) fn policies(text: &str, parse: &HclParse, hosted: &mut Hosted) {
    let blocks: Vec<&Block> = parse
        .body
        .iter()
        .filter_map(|i| match i {
            Item::Block(b) => Some(b),
            Item::Attribute(_) => None,
        })
        .collect();
    // Where each `aws_iam_policy_document` is used, which gives it its type.
    let mut uses: Vec<(String, &'static Argument, String)> = Vec::new();
    for block in blocks.iter().filter(|b| b.ident.text == "resource") {
        let (Some(kind), Some(name)) = (block.label(0), block.label(1)) else { continue };
        for (attribute, argument) in arguments(block, kind) {
            let origin = format!("{kind}.{name}.{}", argument.name);
            match (&attribute.form, &attribute.value.kind) {
                (_, NodeKind::Unknown(reference)) if reference.starts_with("data.aws_iam_policy_document.") => {
                    if let Some(document) = reference.split('.').nth(2) {
                        uses.push((document.to_owned(), argument, origin));
                    }
                }
                _ => embed(text, attribute, Some(argument), origin, hosted),
            }
        }
        if kind == "aws_organizations_policy" {
            organizations(text, block, name, hosted);
        }
    }
    for block in blocks.iter().filter(|b| b.ident.text == "data" && b.label(0) == Some("aws_iam_policy_document")) {
        let Some(name) = block.label(1) else { continue };
        let used: Vec<_> = uses.iter().filter(|(d, ..)| d == name).collect();
        // A document used where two types disagree is left to inference.
        let argument = used.first().map(|(_, a, _)| *a).filter(|a| {
            used.iter().all(|(_, b, _)| b.policy_type == a.policy_type && b.resource_type == a.resource_type)
        });
        let mut origin = format!("data.aws_iam_policy_document.{name}");
        if let (Some(_), Some((_, _, at))) = (argument, used.first()) {
            origin = format!("{origin}, used as {at}");
        }
        let node = document(block);
        variables(text, node.range, hosted);
        push(hosted, node, argument, origin, Embedding::HclBlock);
    }
    hosted.policies.sort_by_key(|p| p.node.range.start);
}

/// Terraform's JSON syntax (`*.tf.json`): `{"resource": {TYPE: {NAME: {ARGUMENT: "…"}}}}`, a
/// policy argument being a string of JSON (`"${jsonencode(…)}"` is an expression, not read).
pub(super) fn json_policies(text: &str, root: &Node, hosted: &mut Hosted) {
    let Some(resources) = root.get("resource").and_then(|r| r.value.as_object()) else { return };
    for kind in resources {
        for name in kind.value.as_object().unwrap_or_default() {
            for argument in ARGUMENTS.iter().filter(|a| a.resource == kind.key.text && !a.name.contains('.')) {
                let Some(value) = name.value.get(argument.name).map(|m| &m.value) else { continue };
                let raw = &text[value.range.start..value.range.end];
                if value.as_str().is_none() || raw.len() < 2 {
                    continue;
                }
                let content = TextRange::new(value.range.start + 1, value.range.end - 1);
                let origin = format!("{}.{}.{}", kind.key.text, name.key.text, argument.name);
                in_string(text, content, Quoting::JsonTemplate, Some(argument), origin, hosted);
            }
        }
    }
    hosted.policies.sort_by_key(|p| p.node.range.start);
}

/// The policy-bearing attributes of a resource block of type `kind`.
fn arguments<'a>(block: &'a Block, kind: &str) -> Vec<(&'a Attribute, &'static Argument)> {
    let mut found = Vec::new();
    for argument in ARGUMENTS.iter().filter(|a| a.resource == kind) {
        match argument.name.split_once('.') {
            None => found.extend(block.attribute(argument.name).map(|a| (a, argument))),
            Some((nested, name)) => {
                found.extend(block.blocks(nested).filter_map(|b| b.attribute(name)).map(|a| (a, argument)));
            }
        }
    }
    found
}

/// `aws_organizations_policy`: its `content` is an SCP or an RCP by its `type` (Terraform's
/// default is an SCP); tag, backup and AI opt-out policies are not IAM policies.
fn organizations(text: &str, block: &Block, name: &str, hosted: &mut Hosted) {
    const SCP: Argument = arg("aws_organizations_policy", "content", PolicyType::Scp);
    const RCP: Argument = arg("aws_organizations_policy", "content", PolicyType::Rcp);
    let argument = match block.attribute("type").map(|t| &t.value.kind) {
        None => &SCP,
        Some(NodeKind::String(t)) if &**t == "SERVICE_CONTROL_POLICY" => &SCP,
        Some(NodeKind::String(t)) if &**t == "RESOURCE_CONTROL_POLICY" => &RCP,
        _ => return,
    };
    if let Some(content) = block.attribute("content") {
        embed(text, content, Some(argument), format!("aws_organizations_policy.{name}.content"), hosted);
    }
}

/// Adds the policy an attribute holds, whichever way it is written.
fn embed(text: &str, attribute: &Attribute, argument: Option<&Argument>, origin: String, hosted: &mut Hosted) {
    let (node, embedding) = match &attribute.form {
        Form::Call { name, args } if name == "jsonencode" && args.len() == 1 => {
            if args[0].as_object().is_none() {
                return;
            }
            (args[0].clone(), Embedding::HclExpression)
        }
        Form::Text { content, quoting } => return in_string(text, *content, *quoting, argument, origin, hosted),
        _ => return,
    };
    if matches!(embedding, Embedding::HclExpression) {
        variables(text, node.range, hosted);
    }
    push(hosted, node, argument, origin, embedding);
}

/// Adds a policy, typed by the argument that holds it (or, for a data block, uses it).
fn push(hosted: &mut Hosted, node: Node, argument: Option<&Argument>, origin: String, embedding: Embedding) {
    hosted.policies.push(Embedded {
        node,
        policy_type: argument.map(|a| a.policy_type),
        resource_type: argument.and_then(|a| a.resource_type),
        origin,
        embedding,
    });
}

/// Adds the policy JSON held in a string, when it holds one.
fn in_string(
    text: &str,
    content: TextRange,
    quoting: Quoting,
    argument: Option<&Argument>,
    origin: String,
    hosted: &mut Hosted,
) {
    let decoded = host_string::decode(text, content, quoting);
    if !decoded.value.trim_start().starts_with('{') {
        return;
    }
    let parse = host_string::parse_json(&decoded);
    hosted.parse.errors.extend(parse.errors);
    for at in &decoded.unescaped_variables {
        hosted.issues.push(unescaped(*at));
    }
    let Some(node) = parse.roots.into_iter().next() else { return };
    push(hosted, node, argument, origin, Embedding::InString { decoded: Box::new(decoded), content, quoting });
}

/// Reports every `${aws:…}` in `range` that Terraform would read as an interpolation.
fn variables(text: &str, range: TextRange, hosted: &mut Hosted) {
    let decoded = host_string::decode(text, range, Quoting::HclHeredoc { indent: 0 });
    hosted.issues.extend(decoded.unescaped_variables.iter().map(|at| unescaped(*at)));
}

fn unescaped(at: TextRange) -> Issue {
    Issue {
        code: UNESCAPED_VARIABLE,
        range: at,
        message: "Terraform reads `${…}` in a string as an interpolation, and an IAM policy variable is \
                  no Terraform expression: the configuration does not validate. Write `$${…}` to pass IAM \
                  the policy variable."
            .to_owned(),
        insert: Some((at.start, "$".to_owned())),
    }
}

/// The policy an `aws_iam_policy_document` renders, each element's range on the HCL that writes
/// it. Elements Terraform fills in (`Version`, an `Effect` left out) are given empty ranges.
fn document(block: &Block) -> Node {
    let mut members = Vec::new();
    let version = block.attribute("version").map(|a| member("Version", a)).unwrap_or_else(|| Member {
        key: Key { text: "Version".into(), range: TextRange::empty(block.range.start) },
        value: Node { range: TextRange::empty(block.range.start), kind: NodeKind::String("2012-10-17".into()) },
    });
    members.push(version);
    if let Some(id) = block.attribute("policy_id") {
        members.push(member("Id", id));
    }
    // A `dynamic "statement"` block renders its `content` for each of its (unknown) items: the
    // content is the shape of every statement it writes.
    let blocks: Vec<(&Block, &Block)> = block
        .body
        .iter()
        .filter_map(|item| match item {
            Item::Block(b) if b.ident.text == "statement" => Some((b, b)),
            Item::Block(b) if b.ident.text == "dynamic" && b.label(0) == Some("statement") => {
                b.blocks("content").next().map(|content| (b, content))
            }
            _ => None,
        })
        .collect();
    let merged = ["source_policy_documents", "override_policy_documents"].iter().find_map(|a| block.attribute(a));
    if let Some((first, _)) = blocks.first() {
        let statements: Vec<Node> = blocks.iter().map(|(_, content)| statement(content)).collect();
        let range = blocks.iter().fold(first.range, |r, (b, _)| r.cover(b.range));
        members.push(Member {
            key: Key { text: "Statement".into(), range: first.ident.range },
            value: Node { range, kind: NodeKind::Array(statements) },
        });
    } else if let Some(merged) = merged {
        // Statements from other documents, unknown here.
        members.push(Member {
            key: Key { text: "Statement".into(), range: merged.key.range },
            value: Node { range: merged.value.range, kind: NodeKind::Unknown(merged.key.text.clone()) },
        });
    }
    Node { range: block.range, kind: NodeKind::Object(members) }
}

fn statement(block: &Block) -> Node {
    let mut members = Vec::new();
    if let Some(sid) = block.attribute("sid") {
        members.push(member("Sid", sid));
    }
    match block.attribute("effect") {
        Some(effect) => members.push(member("Effect", effect)),
        None => members.push(Member {
            key: Key { text: "Effect".into(), range: TextRange::empty(block.ident.range.end) },
            value: Node { range: TextRange::empty(block.ident.range.end), kind: NodeKind::String("Allow".into()) },
        }),
    }
    for (hcl, json) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(a) = block.attribute(hcl) {
            members.push(member(json, a));
        }
    }
    for (hcl, json) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        if let Some(p) = principals(block, hcl) {
            members.push(Member { key: Key { text: json.into(), range: p.0 }, value: p.1 });
        }
    }
    if let Some(c) = conditions(block) {
        members.push(c);
    }
    Node { range: block.range, kind: NodeKind::Object(members) }
}

/// `principals { type identifiers }` blocks, as `Principal`'s map from type to identifiers;
/// `type = "*"` with `identifiers = ["*"]` is `"*"`.
fn principals(block: &Block, ident: &str) -> Option<(TextRange, Node)> {
    let blocks: Vec<&Block> = block.blocks(ident).collect();
    let first = blocks.first()?;
    let range = blocks.iter().fold(first.range, |r, b| r.cover(b.range));
    let mut members: Vec<Member> = Vec::new();
    for b in &blocks {
        let (Some(kind), Some(ids)) = (b.attribute("type"), b.attribute("identifiers")) else { continue };
        let key = match &kind.value.kind {
            NodeKind::String(s) => Key { text: s.to_string(), range: kind.value.range },
            _ => continue,
        };
        if key.text == "*" && ids.value.as_array().is_some_and(|i| i.len() == 1 && i[0].as_str() == Some("*")) {
            return Some((first.ident.range, Node { range: ids.value.range, kind: NodeKind::String("*".into()) }));
        }
        // Two blocks of one type are one list to Terraform.
        match members.iter_mut().find(|m| m.key.text == key.text) {
            Some(m) => merge(&mut m.value, ids.value.clone()),
            None => members.push(Member { key, value: variable_syntax(&ids.value) }),
        }
    }
    Some((first.ident.range, Node { range, kind: NodeKind::Object(members) }))
}

/// `condition { test variable values }` blocks, grouped by operator as IAM writes them.
fn conditions(block: &Block) -> Option<Member> {
    let blocks: Vec<&Block> = block.blocks("condition").collect();
    let first = blocks.first()?;
    let range = blocks.iter().fold(first.range, |r, b| r.cover(b.range));
    let mut operators: Vec<Member> = Vec::new();
    for b in &blocks {
        let (Some(test), Some(variable), Some(values)) =
            (b.attribute("test"), b.attribute("variable"), b.attribute("values"))
        else {
            continue;
        };
        let (NodeKind::String(op), NodeKind::String(key)) = (&test.value.kind, &variable.value.kind) else {
            // An operator or key computed by Terraform: the condition as a whole is unknown here.
            let kind = NodeKind::Unknown("condition".into());
            return Some(Member {
                key: Key { text: "Condition".into(), range: first.ident.range },
                value: Node { range, kind },
            });
        };
        let entry = Member {
            key: Key { text: key.to_string(), range: variable.value.range },
            value: variable_syntax(&values.value),
        };
        match operators.iter_mut().find(|m| *m.key.text == **op) {
            Some(m) => {
                m.value.range = m.value.range.cover(b.range);
                if let NodeKind::Object(keys) = &mut m.value.kind {
                    match keys.iter_mut().find(|k| k.key.text == entry.key.text) {
                        Some(k) => merge(&mut k.value, entry.value),
                        None => keys.push(entry),
                    }
                }
            }
            None => operators.push(Member {
                key: Key { text: op.to_string(), range: test.value.range },
                value: Node { range: b.range, kind: NodeKind::Object(vec![entry]) },
            }),
        }
    }
    Some(Member {
        key: Key { text: "Condition".into(), range: first.ident.range },
        value: Node { range, kind: NodeKind::Object(operators) },
    })
}

/// Appends the items of `more` to the list `into`.
fn merge(into: &mut Node, more: Node) {
    let more = variable_syntax(&more);
    into.range = into.range.cover(more.range);
    let items = match more.kind {
        NodeKind::Array(items) => items,
        _ => vec![more],
    };
    match &mut into.kind {
        NodeKind::Array(existing) => existing.extend(items),
        _ => {
            let first = std::mem::replace(&mut into.kind, NodeKind::Null);
            let mut all = vec![Node { range: into.range, kind: first }];
            all.extend(items);
            into.kind = NodeKind::Array(all);
        }
    }
}

/// An attribute as a policy element, `&{aws:username}` read as IAM's `${aws:username}`.
fn member(json: &str, a: &Attribute) -> Member {
    Member { key: Key { text: json.into(), range: a.key.range }, value: variable_syntax(&a.value) }
}

/// `aws_iam_policy_document` writes IAM's `${…}` as `&{…}`, since `${` is Terraform's.
fn variable_syntax(node: &Node) -> Node {
    let kind = match &node.kind {
        NodeKind::String(s) if s.contains("&{") => NodeKind::String(s.replace("&{", "${").into()),
        NodeKind::Array(items) => NodeKind::Array(items.iter().map(variable_syntax).collect()),
        other => other.clone(),
    };
    Node { range: node.range, kind }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Read, read};
    use super::*;

    fn hosted(text: &str) -> Hosted {
        match read(text, Some("main.tf")) {
            Read::Hosted(h) => {
                assert_eq!(h.format, Format::Hcl);
                h
            }
            Read::Policy(_) => panic!("not hosted"),
        }
    }

    fn slice(text: &str, r: TextRange) -> &str {
        &text[r.start..r.end]
    }

    #[test]
    fn the_four_forms_and_their_types() {
        let text = r#"
resource "aws_iam_role" "r" {
  assume_role_policy = <<-EOF
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
      "Principal": {"Service": "lambda.amazonaws.com"}}]}
    EOF
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_iam_policy" "p" {
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": []}"
}
resource "aws_iam_role_policy" "q" {
  policy = data.aws_iam_policy_document.d.json
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/&{aws:username}/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["a"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["b"]
    }
  }
}
resource "aws_organizations_policy" "scp" {
  type    = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({ Statement = [] })
}
"#;
        let h = hosted(text);
        assert!(h.parse.errors.is_empty(), "{:?}", h.parse.errors);
        let got: Vec<_> = h.policies.iter().map(|p| (p.origin.as_str(), p.policy_type, p.resource_type)).collect();
        assert_eq!(
            got,
            [
                ("aws_iam_role.r.assume_role_policy", Some(PolicyType::Trust), None),
                ("aws_s3_bucket_policy.b.policy", Some(PolicyType::Resource), Some("AWS::S3::Bucket")),
                ("aws_iam_policy.p.policy", Some(PolicyType::Identity), None),
                (
                    "data.aws_iam_policy_document.d, used as aws_iam_role_policy.q.policy",
                    Some(PolicyType::Identity),
                    None
                ),
                ("aws_organizations_policy.scp.content", Some(PolicyType::Rcp), None),
            ]
        );
        let trust = &h.policies[0].node;
        let action = &trust.get("Statement").unwrap().value.as_array().unwrap()[0].get("Action").unwrap().value;
        assert_eq!(slice(text, action.range), "\"sts:AssumeRole\"");
        let data = &h.policies[3].node;
        let s = &data.get("Statement").unwrap().value.as_array().unwrap()[0];
        let resource = &s.get("Resource").unwrap().value.as_array().unwrap()[0];
        assert_eq!(resource.as_str(), Some("arn:aws:s3:::b/${aws:username}/*"));
        assert_eq!(slice(text, resource.range), "\"arn:aws:s3:::b/&{aws:username}/*\"");
        assert_eq!(slice(text, s.get("Action").unwrap().key.range), "actions");
        let condition = &s.get("Condition").unwrap().value;
        let values = &condition.get("StringEquals").unwrap().value.get("aws:PrincipalTag/team").unwrap().value;
        let values: Vec<_> = values.as_array().unwrap().iter().filter_map(Node::as_str).collect();
        assert_eq!(values, ["a", "b"]);
        assert!(h.issues.is_empty(), "{:?}", h.issues);
    }

    #[test]
    fn terraform_json_holds_policies_in_strings() {
        let text = r#"{"resource": {"aws_iam_role": {"r": {"name": "x",
  "assume_role_policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"${aws_s3_bucket.b.arn}\"}]}"}}}}"#;
        let Read::Hosted(h) = read(text, Some("main.tf.json")) else { panic!("not hosted") };
        assert_eq!(h.policies.len(), 1);
        assert_eq!(h.policies[0].policy_type, Some(PolicyType::Trust));
        assert_eq!(h.policies[0].embedding.source(), "the Terraform configuration");
        let s = &h.policies[0].node.get("Statement").unwrap().value.as_array().unwrap()[0];
        assert_eq!(slice(text, s.get("Effect").unwrap().value.range), "\\\"Allow\\\"");
        assert!(matches!(s.get("Resource").unwrap().value.kind, NodeKind::Unknown(_)));
    }

    #[test]
    fn unescaped_variables_are_reported_in_every_form() {
        let text = "resource \"aws_iam_policy\" \"a\" {\n  policy = jsonencode({ Statement = [{ Resource = \"arn:aws:s3:::b/${aws:username}\" }] })\n}\n\
                    resource \"aws_iam_policy\" \"b\" {\n  policy = <<EOF\n{\"Statement\": [{\"Resource\": \"x/${aws:userid}\"}]}\nEOF\n}\n";
        let h = hosted(text);
        let got: Vec<_> = h.issues.iter().map(|i| (slice(text, i.range), i.insert.clone().unwrap().0)).collect();
        assert_eq!(
            got,
            [
                ("${aws:username}", text.find("${aws:username}").unwrap()),
                ("${aws:userid}", text.find("${aws:userid}").unwrap())
            ]
        );
        let resource = &h.policies[0].node.get("Statement").unwrap().value.as_array().unwrap()[0];
        assert_eq!(resource.get("Resource").unwrap().value.as_str(), Some("arn:aws:s3:::b/${aws:username}"));
    }
}
