//! The public template corpus (`corpus/templates/`, provenance in its `manifest.tsv`, every finding
//! reviewed in `REVIEW.md`): CloudFormation, SAM, Terraform and Serverless files as published. Every
//! finding and syntax error on every file is pinned, so that a new one must be reviewed. A format none of whose files
//! yields a policy yet is listed as not yet supported; once one of its files yields a policy, every
//! file of that format must.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use iam_lsp::checks::{Options, analyze};

struct Entry {
    file: String,
    format: String,
}

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/templates")
}

fn manifest() -> Vec<Entry> {
    let text = std::fs::read_to_string(root().join("manifest.tsv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("file\trepo\tpath\tcommit\tlicence\tformat"));
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 6, "{line}");
            assert!(fields.iter().all(|f| !f.is_empty()), "an empty field: {line}");
            assert_eq!(fields[0], format!("{}/{}", fields[1], fields[2]), "stored under repo/path: {line}");
            Entry { file: fields[0].to_owned(), format: fields[5].to_owned() }
        })
        .collect()
}

/// Every file below `dir`, relative to the corpus root, but the corpus's own documents.
fn on_disk(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            on_disk(&path, out);
        } else {
            let relative = path.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
            if !["manifest.tsv", "README.md", "REVIEW.md"].contains(&relative.as_str()) {
                out.insert(relative);
            }
        }
    }
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[test]
fn manifest_and_disk_agree() {
    let entries = manifest();
    assert!(entries.len() >= 100, "only {} files", entries.len());
    let listed: BTreeSet<String> = entries.iter().map(|e| e.file.clone()).collect();
    assert_eq!(listed.len(), entries.len(), "a file listed twice");
    let mut disk = BTreeSet::new();
    on_disk(&root(), &mut disk);
    let unlisted: Vec<_> = disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&disk).collect();
    assert!(unlisted.is_empty() && missing.is_empty(), "not in the manifest: {unlisted:?}; not on disk: {missing:?}");
}

#[test]
fn templates_corpus_findings() {
    let mut by_format: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for entry in manifest() {
        let text = std::fs::read_to_string(root().join(&entry.file)).unwrap();
        by_format.entry(entry.format).or_default().push((entry.file, text));
    }
    let mut out = String::new();
    for (format, files) in &by_format {
        let analyses: Vec<_> = files
            .iter()
            .map(|(file, text)| analyze(text, &Options { path: Some(file.clone()), ..Options::default() }))
            .collect();
        if analyses.iter().all(|a| a.document.policies.is_empty()) {
            writeln!(out, "## {format}: {} files, not yet supported (no file yields a policy)", files.len()).unwrap();
            for (file, _) in files {
                writeln!(out, "{file}").unwrap();
            }
            continue;
        }
        let policies: usize = analyses.iter().map(|a| a.document.policies.len()).sum();
        let findings: usize = analyses.iter().map(|a| a.findings.len()).sum();
        writeln!(out, "## {format}: {} files, {policies} policies, {findings} findings", files.len()).unwrap();
        for ((file, text), analysis) in files.iter().zip(&analyses) {
            // A file the parser rejects (the error is pinned below) may have its policies set aside.
            assert!(
                !analysis.document.policies.is_empty() || !analysis.parse.errors.is_empty(),
                "{file}: no policy found"
            );
            writeln!(out, "{file}: {} policies", analysis.document.policies.len()).unwrap();
            for e in &analysis.parse.errors {
                let (line, column) = position(text, e.range.start);
                writeln!(out, "  {file}:{line}:{column} syntax error: {}", e.message).unwrap();
            }
            for f in &analysis.findings {
                let (line, column) = position(text, f.range.start);
                writeln!(out, "  {file}:{line}:{column} {} `{}`", f.code, &text[f.range.start..f.range.end]).unwrap();
            }
        }
    }
    insta::assert_snapshot!(out);
}
