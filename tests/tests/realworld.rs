//! The real-world corpus (`corpus/realworld/`, provenance in its `manifest.tsv`, review in
//! `REVIEW.md`): every finding on every file, analysed as the type the manifest gives and with the
//! type inferred (from the file name only, not the corpus folder, and the content), is pinned so
//! that a new finding on a real policy must be reviewed.

use std::fmt::Write as _;
use std::path::Path;

use iam_lsp::checks::{Analysis, Options, analyze};
use iam_lsp::policy::PolicyType;

fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn findings(out: &mut String, label: &str, text: &str, analysis: &Analysis) {
    for f in &analysis.findings {
        let (line, column) = position(text, f.range.start);
        writeln!(out, "  {label} {}:{line}:{column} {}", f.severity.as_str(), f.code).unwrap();
    }
}

#[test]
fn realworld_corpus_findings_and_detected_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/realworld");
    let manifest = std::fs::read_to_string(root.join("manifest.tsv")).unwrap();
    let mut out = String::new();
    let mut detected_as_given = 0;
    let mut total = 0;
    for line in manifest.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (file, given) = (fields[0], fields[2].parse::<PolicyType>().unwrap());
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let name = file.rsplit('/').next().map(str::to_owned);
        let explicit = analyze(&text, &Options { policy_type: Some(given), path: name.clone(), ..Options::default() });
        let auto = analyze(&text, &Options { path: name, ..Options::default() });
        let detected = auto.document.policies.first().map(|p| (p.policy_type, p.type_reason.clone()));
        total += 1;
        let detected = match detected {
            Some((t, why)) => {
                detected_as_given += usize::from(t == given);
                format!("{t} ({why})")
            }
            None => "not a policy".to_owned(),
        };
        writeln!(out, "{file} [{given}] detected {detected}").unwrap();
        findings(&mut out, "given", &text, &explicit);
        findings(&mut out, "auto ", &text, &auto);
    }
    out.insert_str(0, &format!("detected as the manifest's type: {detected_as_given} of {total}\n"));
    insta::assert_snapshot!(out);
}
