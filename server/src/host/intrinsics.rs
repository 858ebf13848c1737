//! CloudFormation's intrinsic functions inside a policy: what can be known of them here, and
//! `Unknown` nodes for the rest, so that no rule ever judges a value decided at deployment.

use crate::syntax::{Member, Node, NodeKind, TextRange};

use super::Issue;

/// The code of the issue a `Fn::Sub` placeholder naming an IAM policy variable raises.
pub const SUB_VARIABLE: &str = "FN_SUB_UNESCAPED_POLICY_VARIABLE";

/// The policy with every intrinsic function resolved: a `Fn::Sub` without placeholders and a
/// `Fn::Join` of known strings are strings, anything else is `Unknown`.
pub(super) fn resolve(text: &str, node: &Node, issues: &mut Vec<Issue>) -> Node {
    let kind = match &node.kind {
        NodeKind::Object(members) if members.len() == 1 && function_name(&members[0].key.text).is_some() => {
            return function(text, node, &members[0], issues);
        }
        NodeKind::Object(members) => NodeKind::Object(
            members.iter().map(|m| Member { key: m.key.clone(), value: resolve(text, &m.value, issues) }).collect(),
        ),
        NodeKind::Array(items) => NodeKind::Array(items.iter().map(|n| resolve(text, n, issues)).collect()),
        other => other.clone(),
    };
    Node { range: node.range, kind }
}

/// The long name of an intrinsic function written as a key: `Ref` and `Fn::…`, or a YAML tag
/// (`!Ref`, `!GetAtt`, `!Condition`).
fn function_name(key: &str) -> Option<String> {
    match key {
        "Ref" => Some(key.to_owned()),
        _ if key.starts_with("Fn::") => Some(key.to_owned()),
        "!Ref" | "!Condition" => Some(key[1..].to_owned()),
        _ => key.strip_prefix('!').filter(|s| !s.is_empty() && !s.starts_with('!')).map(|s| format!("Fn::{s}")),
    }
}

fn function(text: &str, node: &Node, member: &Member, issues: &mut Vec<Issue>) -> Node {
    let name = function_name(&member.key.text).unwrap_or_default();
    let unknown = || Node { range: node.range, kind: NodeKind::Unknown(name.clone()) };
    match name.as_str() {
        "Fn::Sub" => {
            let (template, names) = match &member.value.kind {
                NodeKind::String(_) => (&member.value, Vec::new()),
                NodeKind::Array(items) if items.first().is_some_and(|t| t.as_str().is_some()) => {
                    let names = items.get(1).and_then(Node::as_object).unwrap_or_default();
                    (&items[0], names.iter().map(|m| m.key.text.as_str()).collect())
                }
                _ => return unknown(),
            };
            let value = template.as_str().unwrap_or_default();
            let parsed = sub(value);
            let start = content_start(text, template);
            for placeholder in &parsed.placeholders {
                let variable = &value[placeholder.start + 2..placeholder.end - 1];
                if names.contains(&variable) || !is_policy_variable(variable) {
                    continue;
                }
                let at = start.map_or(template.range, |s| placeholder.shift(s));
                issues.push(Issue {
                    code: SUB_VARIABLE,
                    range: at,
                    message: format!(
                        "Inside `Fn::Sub`, `${{{variable}}}` is a reference to a parameter or resource \
                         named `{variable}`, which the stack does not have: it fails to deploy. Write \
                         `${{!{variable}}}` to pass IAM the policy variable."
                    ),
                    insert: start.map(|_| (at.start + 2, "!".to_owned())),
                });
            }
            if parsed.placeholders.is_empty() {
                Node { range: template.range, kind: NodeKind::String(parsed.literal.into()) }
            } else {
                unknown()
            }
        }
        "Fn::Join" => {
            let items = member.value.as_array().unwrap_or_default();
            let (Some(delimiter), Some(parts)) = (items.first().and_then(Node::as_str), items.get(1)) else {
                return unknown();
            };
            let parts = resolve(text, parts, issues);
            let strings: Option<Vec<&str>> = parts.as_array().and_then(|p| p.iter().map(Node::as_str).collect());
            match strings {
                Some(strings) if items.len() == 2 => {
                    Node { range: node.range, kind: NodeKind::String(strings.join(delimiter).into()) }
                }
                _ => unknown(),
            }
        }
        _ => {
            // What an unknown function holds may still carry a `Fn::Sub` to report.
            resolve(text, &member.value, issues);
            unknown()
        }
    }
}

/// A `Fn::Sub` template read: the text it stands for when it has no placeholder (`${!x}` is the
/// literal `${x}`), and the ranges of its placeholders, `${` to `}`, in the string's value.
struct Sub {
    literal: String,
    placeholders: Vec<TextRange>,
}

fn sub(value: &str) -> Sub {
    let mut literal = String::with_capacity(value.len());
    let mut placeholders = Vec::new();
    let mut at = 0;
    while let Some(i) = value[at..].find("${") {
        let open = at + i;
        literal.push_str(&value[at..open]);
        if value[open + 2..].starts_with('!') {
            literal.push_str("${");
            at = open + 3;
            continue;
        }
        match value[open..].find('}') {
            Some(j) => {
                placeholders.push(TextRange::new(open, open + j + 1));
                at = open + j + 1;
            }
            None => {
                literal.push_str(&value[open..]);
                at = value.len();
            }
        }
    }
    literal.push_str(&value[at..]);
    Sub { literal, placeholders }
}

/// IAM's variables have a service prefix (`aws:username`, `s3:prefix`); CloudFormation's names
/// are parameters, resources (`Bucket.Arn`) and pseudo parameters (`AWS::Region`), and
/// preprocessors add their own (Rain's constants, `Const::Name`): no IAM variable has `::`.
fn is_policy_variable(name: &str) -> bool {
    name.contains(':') && !name.contains("::")
}

/// Where a string's value begins in the text, when the text holds it verbatim (no escapes): after
/// the quote of a quoted string, at the first character of a plain one.
pub fn content_start(text: &str, node: &Node) -> Option<usize> {
    let value = node.as_str()?;
    let raw = text.get(node.range.start..node.range.end)?;
    if raw == value {
        return Some(node.range.start);
    }
    let quoted = raw.len() >= 2 && (raw.starts_with('"') || raw.starts_with('\'')) && raw[1..raw.len() - 1] == *value;
    quoted.then_some(node.range.start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, parse_yaml};

    fn resolved(text: &str, yaml: bool) -> (Node, Vec<Issue>) {
        let parse = if yaml { parse_yaml(text) } else { parse(text) };
        let mut issues = Vec::new();
        (resolve(text, &parse.roots[0], &mut issues), issues)
    }

    #[test]
    fn functions_are_unknown_whatever_their_form() {
        let json = r#"{"A": {"Ref": "B"}, "C": {"Fn::GetAtt": ["Q", "Arn"]}, "D": [{"Fn::If": ["c", "x", "y"]}]}"#;
        let yaml = "A: !Ref B\nC: !GetAtt Q.Arn\nD: [!If [c, x, y]]\n";
        for (text, yaml) in [(json, false), (yaml, true)] {
            let (node, issues) = resolved(text, yaml);
            assert!(issues.is_empty());
            assert_eq!(node.get("A").unwrap().value.kind, NodeKind::Unknown("Ref".into()));
            assert_eq!(node.get("C").unwrap().value.kind, NodeKind::Unknown("Fn::GetAtt".into()));
            let d = &node.get("D").unwrap().value.as_array().unwrap()[0];
            assert_eq!(d.kind, NodeKind::Unknown("Fn::If".into()));
            assert_eq!(
                &text[d.range.start..d.range.end],
                if yaml { "!If [c, x, y]" } else { r#"{"Fn::If": ["c", "x", "y"]}"# }
            );
        }
    }

    #[test]
    fn what_is_known_stays_a_string() {
        let text = "A: !Sub 'arn:aws:s3:::b/${!aws:username}'\nB: !Join ['', ['arn:aws:s3:::', b]]\nC: !Sub '${AWS::Partition}'\n";
        let (node, issues) = resolved(text, true);
        assert!(issues.is_empty());
        let a = &node.get("A").unwrap().value;
        assert_eq!(a.as_str(), Some("arn:aws:s3:::b/${aws:username}"));
        assert_eq!(&text[a.range.start..a.range.end], "'arn:aws:s3:::b/${!aws:username}'");
        assert_eq!(node.get("B").unwrap().value.as_str(), Some("arn:aws:s3:::b"));
        assert_eq!(node.get("C").unwrap().value.kind, NodeKind::Unknown("Fn::Sub".into()));
    }

    #[test]
    fn names_with_a_double_colon_are_no_policy_variables() {
        let text = "A: !Sub 'arn:${AWS::Partition}:s3:::${Const::BucketName}/${Rain::Prefix}/*'\n";
        let (node, issues) = resolved(text, true);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(node.get("A").unwrap().value.kind, NodeKind::Unknown("Fn::Sub".into()));
        assert!(is_policy_variable("aws:username") && is_policy_variable("s3:prefix"));
        assert!(!is_policy_variable("Const::BucketName") && !is_policy_variable("AWS::Region"));
    }

    #[test]
    fn a_policy_variable_inside_sub_must_be_escaped() {
        let text = "A: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/${aws:username}/*'\n\
                    B: !Sub ['${x:y}-${aws:userid}', {x:y: v}]\n";
        let (_, issues) = resolved(text, true);
        let at: Vec<_> = issues.iter().map(|i| (&text[i.range.start..i.range.end], i.insert.clone())).collect();
        let first = text.find("${aws:username}").unwrap();
        let second = text.find("${aws:userid}").unwrap();
        assert_eq!(
            at,
            [
                ("${aws:username}", Some((first + 2, "!".to_owned()))),
                ("${aws:userid}", Some((second + 2, "!".to_owned())))
            ]
        );
    }
}
