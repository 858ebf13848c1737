//! Findings as LSP diagnostics.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Uri,
};

use crate::checks::{Analysis, Finding, Severity};
use crate::host::Format;

use super::convert::{self, Encoding};

/// The rules reference (`server/docs/rules.md`) in the project home declared once, as the
/// workspace `repository` of Cargo.toml; each code links to its section.
pub const RULES_DOC: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/server/docs/rules.md");

pub fn to_proto(uri: &Uri, rope: &Rope, finding: &Finding, encoding: Encoding) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), convert::range(rope, r.range, encoding)),
            message: r.message.clone(),
        })
        .collect();
    Diagnostic {
        range: convert::range(rope, finding.range, encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_owned())),
        code_description: code_description(finding.code),
        source: Some("iam-lsp".to_owned()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary(finding).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// The link to the code's section of the rules reference, parsed once per code instead of
/// formatted and parsed again for every diagnostic.
fn code_description(code: &'static str) -> Option<CodeDescription> {
    static LINKS: LazyLock<Mutex<HashMap<&'static str, Option<Uri>>>> = LazyLock::new(Mutex::default);
    let mut links = LINKS.lock().unwrap_or_else(|e| e.into_inner());
    let link = links.entry(code).or_insert_with(|| format!("{RULES_DOC}#{}", code.to_ascii_lowercase()).parse().ok());
    link.clone().map(|href| CodeDescription { href })
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Redundant or empty elements at info level or below: editors fade them out.
fn unnecessary(finding: &Finding) -> bool {
    finding.severity >= Severity::Info && (finding.code.contains("REDUNDANT") || finding.code.starts_with("EMPTY_"))
}

/// How many diagnostics of one code a document publishes: a generated policy with thousands of
/// statements alike would otherwise send megabytes on every keystroke, which no one reads.
pub const PER_CODE: usize = 100;

/// Every finding of a policy document, less, when `report_json_syntax` is off, the JSON syntax
/// errors of a JSON document: the JSON language server beside this one (VS Code's built-in one)
/// reports each of them at the same place with the same severity, and cannot be silenced for one
/// document, so ours would be a second report of the same defect. Their quick fixes are still
/// offered (code actions come from the analysis, not from what was published). Comments in a
/// `.jsonc` file stay: a JSONC server accepts them, and IAM does not.
pub fn all(
    uri: &Uri,
    rope: &Rope,
    analysis: &Analysis,
    encoding: Encoding,
    report_json_syntax: bool,
) -> Vec<Diagnostic> {
    let jsonc = uri.path().as_str().ends_with(".jsonc");
    let left_to_client = |f: &Finding| {
        !report_json_syntax
            && analysis.format == Format::Json
            && f.code == "JSON_SYNTAX_ERROR"
            && !(jsonc && is_comment(rope, f))
    };
    let mut per_code: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
    let mut out = Vec::new();
    for f in analysis.findings.iter().filter(|f| !left_to_client(f)) {
        let (count, group) = per_code.entry(f.code).or_default();
        *count += 1;
        if *count <= PER_CODE + 1 {
            if *count == PER_CODE + 1 {
                *group = Some(out.len());
            }
            out.push(to_proto(uri, rope, f, encoding));
        }
    }
    for (code, (count, group)) in per_code {
        let Some(d) = group.map(|i| &mut out[i]) else { continue };
        d.message = format!(
            "This and {} more `{code}` findings after it are not shown one by one (a document shows {PER_CODE} of a code): \
             `iam-lsp check` lists them all. This one: {}",
            count - PER_CODE - 1,
            d.message
        );
        d.related_information = None;
    }
    out
}

fn is_comment(rope: &Rope, finding: &Finding) -> bool {
    let start = finding.range.start;
    let end = (start + 2).min(finding.range.end).min(rope.len_bytes());
    matches!(rope.byte_slice(start..end).as_str(), Some("//" | "/*"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Related;
    use crate::syntax::TextRange;

    #[test]
    fn related_locations_links_and_unnecessary_tags() {
        let text = "{\"Action\": [\"s3:GetObject\", \"s3:GetObject\"]}";
        let rope = Rope::from_str(text);
        let uri: Uri = "file:///p.json".parse().unwrap();
        let finding = Finding {
            code: "REDUNDANT_ACTION",
            severity: Severity::Info,
            range: TextRange::new(28, 42),
            message: "repeated".to_owned(),
            related: vec![Related { range: TextRange::new(12, 26), message: "first here".to_owned() }],
            fixes: Vec::new(),
        };
        let d = to_proto(&uri, &rope, &finding, Encoding::Utf16);
        assert_eq!(d.tags, Some(vec![DiagnosticTag::UNNECESSARY]));
        assert_eq!(d.severity, Some(DiagnosticSeverity::INFORMATION));
        let related = d.related_information.unwrap();
        assert_eq!((related[0].location.range.start.character, related[0].message.as_str()), (12, "first here"));
        assert!(d.code_description.unwrap().href.as_str().ends_with("rules.md#redundant_action"));
        let warning = Finding { severity: Severity::Warning, ..finding };
        assert_eq!(to_proto(&uri, &rope, &warning, Encoding::Utf16).tags, None);
    }

    fn codes(path: &str, text: &str, report_json_syntax: bool) -> Vec<String> {
        let options = crate::checks::Options { path: Some(path.to_owned()), ..Default::default() };
        let analysis = crate::checks::analyze(text, &options);
        let uri: Uri = format!("file://{path}").parse().unwrap();
        let rope = Rope::from_str(text);
        all(&uri, &rope, &analysis, Encoding::Utf16, report_json_syntax)
            .into_iter()
            .map(|d| match d.code {
                Some(NumberOrString::String(code)) => code,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn past_a_hundred_findings_of_a_code_the_rest_are_one_diagnostic() {
        let statements: Vec<String> = (0..250)
            .map(|i| format!(r#"{{"Effect": "Allow", "Action": "s3:GetObjekt{i}", "Resource": "*"}}"#))
            .collect();
        let text = format!("{{\"Version\": \"2012-10-17\", \"Statement\": [\n{}\n]}}", statements.join(",\n"));
        let analysis = crate::checks::analyze(&text, &crate::checks::Options::default());
        let invalid: Vec<&Finding> = analysis.findings.iter().filter(|f| f.code == "INVALID_ACTION").collect();
        assert_eq!(invalid.len(), 250);
        let uri: Uri = "file:///p.json".parse().unwrap();
        let rope = Rope::from_str(&text);
        let published = all(&uri, &rope, &analysis, Encoding::Utf16, true);
        let is_invalid = |d: &&Diagnostic| d.code == Some(NumberOrString::String("INVALID_ACTION".to_owned()));
        let shown: Vec<&Diagnostic> = published.iter().filter(is_invalid).collect();
        assert_eq!(shown.len(), PER_CODE + 1);
        let group = shown[PER_CODE];
        assert_eq!(group.range, convert::range(&rope, invalid[PER_CODE].range, Encoding::Utf16));
        assert!(group.message.starts_with("This and 149 more `INVALID_ACTION` findings after it"), "{}", group.message);
        assert!(group.message.ends_with(&invalid[PER_CODE].message), "{}", group.message);
        assert!(shown[..PER_CODE].iter().all(|d| !d.message.starts_with("This and")));
        // Other codes are counted apart.
        assert_eq!(published.len() - shown.len(), analysis.findings.len() - invalid.len());
    }

    const LOOSE: &str = r#"{
  // read only
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*",}]
}"#;

    #[test]
    fn json_syntax_left_to_the_client_only_when_asked_and_only_in_json() {
        let all_codes = codes("/p.json", LOOSE, true);
        assert_eq!(all_codes.iter().filter(|c| *c == "JSON_SYNTAX_ERROR").count(), 2, "{all_codes:?}");
        assert!(all_codes.contains(&"INVALID_ACTION".to_owned()));
        assert_eq!(codes("/p.json", LOOSE, false), vec!["INVALID_ACTION"]);
        // A JSONC server accepts the comment: ours stays, the trailing comma goes.
        assert_eq!(codes("/p.jsonc", LOOSE, false), vec!["JSON_SYNTAX_ERROR", "INVALID_ACTION"]);
        // Policies inside a YAML template: no JSON server looks at them.
        let yaml = "Resources:\n  R:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjekt\n            Resource: '*'\n";
        assert_eq!(codes("/t.yaml", yaml, false), vec!["INVALID_ACTION"]);
    }
}
