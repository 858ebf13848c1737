//! Seed 001 ("IAM 정책 문제 해결", the JSON policy document section): each broken policy gives
//! exactly the grammar diagnostics the page describes, its quick fix turns it into the page's
//! corrected policy, and the corrected policy gives none. Fixtures: `fixtures/seeds/<section>.json`
//! and `<section>.corrected.json`.

use std::fs;
use std::path::Path;

use iam_lsp::checks::{Options, analyze, fix_all, rules};
use iam_lsp_tests::{GRAMMAR_CODES, apply_fix, findings_and_fixes, only, render_findings};

/// Section fixture, the grammar codes the seed describes for it, and the fix that yields the
/// seed's corrected policy.
const CASES: &[(&str, &[&str], &str)] = &[
    // "JSON 정책 객체가 둘 이상인 경우"
    (
        "001_multiple_json_policy_objects",
        &["MULTIPLE_TOP_LEVEL_OBJECTS"],
        "Merge into one policy with a single Statement array",
    ),
    // "JSON Statement 요소가 둘 이상인 경우"
    ("001_multiple_statement_elements", &["DUPLICATE_KEY"], "Merge duplicate Statement elements into one array"),
    // "JSON Statement 요소의 Effect, Action 또는 Resource 요소가 둘 이상인 경우": two `Effect`s …
    ("001_multiple_effect_elements", &["DUPLICATE_KEY"], "Keep \"Effect\": \"Deny\""),
    // … and two `Resource`s.
    ("001_multiple_resource_elements", &["DUPLICATE_KEY"], "Merge duplicate Resource elements into one array"),
    // "JSON 버전 요소 누락": `${aws:username}` without `Version`.
    (
        "001_missing_version_element",
        &["MISSING_VERSION", "VARIABLE_UNSUPPORTED_IN_VERSION"],
        "Add \"Version\": \"2012-10-17\"",
    ),
];

fn read(name: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds").join(name)).unwrap()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

#[test]
fn seed_001_policies_give_the_described_diagnostics() {
    for (name, expected, _) in CASES {
        let text = read(&format!("{name}.json"));
        let analysis = analyze(&text, &Options::default());
        let mut codes: Vec<&str> = only(&analysis.findings, GRAMMAR_CODES).iter().map(|f| f.code).collect();
        codes.dedup();
        assert_eq!(codes, *expected, "{name}");
        insta::assert_snapshot!(*name, findings_and_fixes(&text, &Options::default(), GRAMMAR_CODES));
    }
}

#[test]
fn seed_001_corrected_policies_give_none() {
    for (name, ..) in CASES {
        let text = read(&format!("{name}.corrected.json"));
        let analysis = analyze(&text, &Options::default());
        let found: Vec<_> = only(&analysis.findings, GRAMMAR_CODES).into_iter().cloned().collect();
        assert!(found.is_empty(), "{name}:\n{}", render_findings(&text, &found));
    }
}

#[test]
fn seed_001_fixes_produce_the_corrected_policies() {
    for (name, _, title) in CASES {
        let text = read(&format!("{name}.json"));
        let analysis = analyze(&text, &Options::default());
        let fix = analysis
            .findings
            .iter()
            .flat_map(|f| &f.fixes)
            .find(|f| f.title == *title)
            .unwrap_or_else(|| panic!("{name}: no fix `{title}`"));
        // The page's corrected example for several objects has a stray space in `" *"`, which its
        // broken example does not have: compare with the value the page means.
        let corrected = read(&format!("{name}.corrected.json")).replace("\" *\"", "\"*\"");
        assert_eq!(json(&apply_fix(&text, fix)), json(&corrected), "{name}");
    }
}

/// `check --fix` on each broken policy: every safe grammar repair, repeated until none applies,
/// gives the corrected policy; which `Effect` to keep is the author's choice, so that one stays.
#[test]
fn seed_001_fix_all_gives_the_corrected_policies() {
    // Grammar rules alone, so other families' repairs do not blur the comparison.
    let severities = rules().filter(|r| !GRAMMAR_CODES.contains(&r.code)).map(|r| (r.code.to_owned(), None)).collect();
    let options = Options { severities, ..Options::default() };
    for (name, _, title) in CASES {
        let text = read(&format!("{name}.json"));
        let fixed = fix_all(&text, &options);
        if title.starts_with("Keep") {
            assert_eq!(fixed.text, text, "{name}");
            continue;
        }
        let corrected = read(&format!("{name}.corrected.json")).replace("\" *\"", "\"*\"");
        assert_eq!(json(&fixed.text), json(&corrected), "{name}");
        let left: Vec<_> = analyze(&fixed.text, &options).findings;
        assert!(left.is_empty(), "{name}:\n{}", render_findings(&fixed.text, &left));
    }
}
