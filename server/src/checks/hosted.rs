//! Policies inside templates: each embedded policy is analysed on its own, with the type its host
//! property gives it, and the results are put together with ranges into the host text. Fixes are
//! written for JSON; elsewhere only those whose edits can be written in the host's syntax are
//! kept (YAML and HCL scalars, JSON inside a host string through its escapes).

use super::{Analysis, Edit, Finding, Fix, Options, Rule, Severity, analyze_policy, rule};
use crate::host::{self, Embedding, Format, Hosted};
use crate::policy::Document;
use crate::syntax::{Node, NodeKind, Parse, Style, TextRange};

mod hcl;

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        host::SUB_VARIABLE,
        Severity::Error,
        "An IAM policy variable inside `Fn::Sub` is not escaped.",
        "`Fn::Sub` replaces every `${Name}` with a template parameter, resource or pseudo parameter; \
     `${aws:username}` names none, so the stack fails to deploy. Written `${!aws:username}`, \
     CloudFormation passes `${aws:username}` to IAM as the policy variable.",
        r#"{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
    "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::b/${aws:username}/*"}}]}}}}}"#,
        r#"{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
    "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::b/${!aws:username}/*"}}]}}}}}"#,
    ),
    Rule::new(
        host::UNESCAPED_VARIABLE,
        Severity::Error,
        "An IAM policy variable in a Terraform string is not escaped.",
        "Terraform reads `${…}` in every string (in `jsonencode`, a heredoc, a quoted string) as an \
         interpolation; `${aws:username}` is no Terraform expression, so the configuration does not \
         validate. Written `$${aws:username}` (or `&{aws:username}` in an `aws_iam_policy_document`), \
         Terraform passes `${aws:username}` to IAM as the policy variable.",
        r#"resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/${aws:username}/*" }]
  })
}"#,
        r#"resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/$${aws:username}/*" }]
  })
}"#,
    ),
];

pub(super) fn analyze(text: &str, hosted: Hosted, options: &Options) -> Analysis {
    let mut roots = Vec::new();
    let mut policies = Vec::new();
    let mut findings = Vec::new();
    for embedded in hosted.policies {
        let own = Options {
            policy_type: embedded.policy_type.or(options.policy_type),
            resource_type: embedded.resource_type.and_then(|r| r.parse().ok()).or(options.resource_type),
            ..options.clone()
        };
        let scope = embedded.node.range;
        let analysis = analyze_policy(text, Parse { roots: vec![embedded.node], errors: Vec::new() }, &own, scope);
        for mut policy in analysis.document.policies {
            policy.root += roots.len();
            if embedded.policy_type.is_some() {
                policy.type_reason = format!("from {}: {}", embedded.embedding.source(), embedded.origin);
            }
            policies.push(policy);
        }
        let mut own_findings = analysis.findings;
        let written = |f: Fix| match (&embedded.embedding, hosted.format) {
            (Embedding::Native, Format::Json) => Some(f),
            (Embedding::Native, _) => yaml_fix(text, &analysis.parse.roots, f),
            (Embedding::HclExpression, _) => hcl::expression_fix(text, &analysis.parse.roots, f),
            (Embedding::HclBlock, _) => hcl::block_fix(text, &analysis.parse.roots, f),
            (Embedding::InString { decoded, content, quoting }, _) => {
                hcl::in_string_fix(text, decoded, *content, *quoting, f)
            }
        };
        for finding in &mut own_findings {
            finding.fixes = std::mem::take(&mut finding.fixes).into_iter().filter_map(written).collect();
        }
        roots.extend(analysis.parse.roots);
        findings.extend(own_findings);
    }
    // Host issues' fixes are insertions valid in any host syntax.
    for issue in hosted.issues {
        let Some(r) = rule(issue.code) else { continue };
        let mut finding = Finding {
            code: r.code,
            severity: r.severity,
            range: issue.range,
            message: issue.message,
            related: Vec::new(),
            fixes: Vec::new(),
        };
        if let Some((at, insert)) = issue.insert {
            finding = finding.with_fix(
                format!("Write `{insert}` to escape the variable"),
                vec![Edit::insert(at, insert)],
                true,
            );
        }
        findings.extend(options.configured(finding));
    }
    findings.sort_by(|a, b| (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code)));
    Analysis {
        parse: Parse { roots, errors: hosted.parse.errors },
        document: Document { policies },
        style: Style::detect(text),
        findings,
        format: hosted.format,
    }
}

/// The fix with its edits written in YAML, or `None` when one of them cannot be: an edit of one
/// scalar (a key or a value) becomes the whole scalar rewritten; insertions that stay inside a
/// scalar's text are kept. Anything else (JSON members, brackets, commas) is withheld.
fn yaml_fix(text: &str, roots: &[Node], fix: Fix) -> Option<Fix> {
    let edits = fix.edits.iter().map(|e| yaml_edit(text, roots, e)).collect::<Option<Vec<_>>>()?;
    Some(Fix { edits, ..fix })
}

fn yaml_edit(text: &str, roots: &[Node], edit: &Edit) -> Option<Edit> {
    let (range, value) = roots.iter().find_map(|r| scalar_at(r, edit.range))?;
    let scalar = Node { range, kind: NodeKind::String(value.to_owned()) };
    let new_value = if edit.range == range {
        serde_json::from_str::<String>(&edit.new_text).ok()?
    } else {
        let start = host::content_start(text, &scalar)?;
        let (from, to) = (edit.range.start.checked_sub(start)?, edit.range.end.checked_sub(start)?);
        if to > value.len() || !value.is_char_boundary(from) || !value.is_char_boundary(to) {
            return None;
        }
        format!("{}{}{}", &value[..from], edit.new_text, &value[to..])
    };
    let quoted = matches!(text.as_bytes().get(range.start), Some(b'"' | b'\''));
    Some(Edit::replace(range, yaml_scalar(&new_value, quoted)))
}

/// The key or string value whose range holds `range`.
fn scalar_at(node: &Node, range: TextRange) -> Option<(TextRange, &str)> {
    if !node.range.contains_range(range) {
        return None;
    }
    match &node.kind {
        NodeKind::String(s) => Some((node.range, s)),
        NodeKind::Object(members) => members.iter().find_map(|m| {
            if m.key.range.contains_range(range) {
                Some((m.key.range, m.key.text.as_str()))
            } else {
                scalar_at(&m.value, range)
            }
        }),
        NodeKind::Array(items) => items.iter().find_map(|n| scalar_at(n, range)),
        _ => None,
    }
}

/// A YAML scalar for `value`: plain when YAML reads it back as the same string, in block and flow
/// context alike; double-quoted otherwise (a JSON string is a valid YAML double-quoted scalar).
fn yaml_scalar(value: &str, quoted: bool) -> String {
    let plain = !quoted
        && !value.is_empty()
        && value.trim() == value
        && !value.starts_with(['-', '?', ':', '!', '&', '*', '|', '>', '\'', '"', '%', '@', '`', '#'])
        && !value.contains([',', '[', ']', '{', '}', '\n', '\t'])
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && matches!(crate::syntax::parse_yaml(&format!("k: {value}")).roots.first()
            .and_then(|r| r.get("k")).map(|m| &m.value.kind), Some(NodeKind::String(s)) if s == value);
    if plain { value.to_owned() } else { serde_json::to_string(value).unwrap_or_default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_stay_plain_when_yaml_reads_them_back() {
        assert_eq!(yaml_scalar("s3:GetObject", false), "s3:GetObject");
        assert_eq!(yaml_scalar("arn:aws:s3:::b/*", false), "arn:aws:s3:::b/*");
        assert_eq!(yaml_scalar("*", false), "\"*\"");
        assert_eq!(yaml_scalar("true", false), "\"true\"");
        assert_eq!(yaml_scalar("a: b", false), "\"a: b\"");
        assert_eq!(yaml_scalar("s3:GetObject", true), "\"s3:GetObject\"");
    }
}
