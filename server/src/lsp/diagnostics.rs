//! Findings as LSP diagnostics.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Uri,
};

use crate::checks::{Finding, Severity};

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
        code_description: format!("{RULES_DOC}#{}", finding.code.to_ascii_lowercase())
            .parse()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("iam-lsp".to_owned()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary(finding).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
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

/// Every finding of a document, or none for a document that is not a policy.
pub fn all(uri: &Uri, rope: &Rope, findings: &[Finding], encoding: Encoding) -> Vec<Diagnostic> {
    findings.iter().map(|f| to_proto(uri, rope, f, encoding)).collect()
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
}
