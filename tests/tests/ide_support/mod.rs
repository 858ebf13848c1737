//! Fixtures with a `$0` cursor marker for the in-process IDE tests.

#![allow(dead_code)] // Each test binary uses part of it.

use std::path::{Path, PathBuf};

use iam_lsp::checks::{Analysis, Options, analyze};

pub struct Fixture {
    pub name: String,
    pub text: String,
    pub offset: usize,
    pub analysis: Analysis,
    /// What `analysis` was made with (the path of a YAML template).
    pub options: Options,
}

/// Every `fixtures/ide/<area>/*.json` (and `*.yaml`, a template), sorted, marker removed.
pub fn fixtures(area: &str) -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ide").join(area);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths.iter().map(|p| load(p)).collect()
}

fn load(path: &Path) -> Fixture {
    let raw = std::fs::read_to_string(path).expect("read fixture");
    let offset = raw.find("$0").unwrap_or_else(|| panic!("{}: no $0 marker", path.display()));
    let text = raw.replacen("$0", "", 1);
    // A template's extension decides its host format, as the server's document URI does; policy
    // files keep no path (naming conventions would decide their type).
    let yaml = path.extension().is_some_and(|e| e == "yaml");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let options = Options { path: yaml.then_some(name), ..Options::default() };
    let analysis = analyze(&text, &options);
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    Fixture { name, text, offset, analysis, options }
}

/// The text with `⟦` `⟧` around a range, on the range's lines only.
pub fn mark(text: &str, start: usize, end: usize) -> String {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    format!("{}⟦{}⟧{}", &text[line_start..start], &text[start..end], &text[end..line_end])
}
