//! Policies inside templates: each embedded policy is analysed on its own, with the type its host
//! property gives it, and the results are put together with ranges into the host text. Fixes are
//! written for JSON; elsewhere only those whose edits can be written in the host's syntax are
//! kept (YAML and HCL scalars, JSON inside a host string through its escapes).

use super::{Analysis, Edit, Finding, Fix, Memo, Options, Rule, Severity, analyze_policy, rule, sort};
use crate::host::{self, Embedding, Format, Hosted, Quote};
use crate::policy::Document;
use crate::syntax::{LazyStyle, Node, NodeKind, Parse, TextRange};

mod hcl;

/// The code of a syntax error in a YAML host.
const YAML_SYNTAX_ERROR: &str = "YAML_SYNTAX_ERROR";

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        YAML_SYNTAX_ERROR,
        Severity::Error,
        "The YAML template does not parse.",
        "A template or service file that is not valid YAML does not deploy. The error is reported \
         where it was written (an unclosed quote or bracket at its opening, a key without its `:` \
         on its own line); the resource holding it is set aside and the policies of the others \
         are still analysed.",
        "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        \
         Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            \
         Action: [s3:GetObject\n            Resource: \"*\"\n",
        "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        \
         Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            \
         Action: [s3:GetObject]\n            Resource: \"*\"\n",
    ),
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
    let style = LazyStyle::default();
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
        let parse = Parse { roots: vec![embedded.node], errors: Vec::new() };
        let analysis = analyze_policy(text, parse, &own, scope, &style, None);
        for mut policy in analysis.document.policies {
            policy.root += roots.len();
            if embedded.policy_type.is_some() {
                policy.type_reason = format!("from {}: {}", embedded.embedding.source(), embedded.origin);
            }
            policy.origin = Some(embedded.origin.clone());
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
    // A repeated key in YAML is repaired in YAML (its JSON merge was withheld above).
    if hosted.format == Format::Yaml {
        for finding in findings.iter_mut().filter(|f| f.code == "DUPLICATE_KEY") {
            let repairs = super::yaml_repairs::repeated_key(text, &roots, finding);
            finding.fixes.extend(repairs);
        }
    }
    // A JSON template's own syntax errors are reported by the policy rules when they fall in a
    // policy; a YAML host's, here.
    if hosted.recognized && hosted.format == Format::Yaml {
        for error in &hosted.parse.errors {
            let Some(r) = rule(YAML_SYNTAX_ERROR) else { continue };
            let finding = Finding {
                code: r.code,
                severity: r.severity,
                range: error.range,
                message: error.message.clone(),
                related: Vec::new(),
                fixes: Vec::new(),
            };
            findings.extend(options.configured(finding));
        }
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
    sort(&mut findings);
    Analysis {
        parse: Parse { roots, errors: hosted.parse.errors },
        document: Document { policies },
        style,
        findings,
        format: hosted.format,
        memo: Memo::default(),
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
    let scalar = Node { range, kind: NodeKind::String(value.into()) };
    let new_value = if edit.range == range {
        serde_json::from_str::<String>(&edit.new_text).ok()?
    } else {
        // Inside a JSON string a quote is escaped: an unescaped one writes JSON members
        // (`"Version": …` before a key), which no scalar holds.
        if edit.new_text.contains('"') {
            return None;
        }
        let start = host::content_start(text, &scalar)?;
        let (from, to) = (edit.range.start.checked_sub(start)?, edit.range.end.checked_sub(start)?);
        if to > value.len() || !value.is_char_boundary(from) || !value.is_char_boundary(to) {
            return None;
        }
        format!("{}{}{}", &value[..from], edit.new_text, &value[to..])
    };
    Some(Edit::replace(range, Format::Yaml.scalar(&new_value, Quote::of(text, range))))
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
