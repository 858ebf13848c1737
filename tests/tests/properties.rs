//! Property tests: random edits and random damage to real policies never break the analysis.
//!
//! Case counts are modest so the suite stays fast in a debug build on two cores; the fuzz targets
//! under `tests/fuzz/` explore the same ground for as long as one cares to run them.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use iam_lsp::checks::{Analysis, Options, ResourceKind, analyze, apply_edits, fix_all, reanalyze};
use iam_lsp::lsp::{Encoding, apply_change};
use iam_lsp::syntax::{Node, NodeKind, SyntaxErrorKind, TextRange, parse};
use iam_lsp_tests::reference::{self, Units};
use proptest::prelude::*;
use proptest::test_runner::Config;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const JSON_SYNTAX_ERROR: &str = "JSON_SYNTAX_ERROR";

/// The smaller policies of `tests/corpus/managed` (under 6 KB: analysis in a debug build is slow,
/// and damage is as likely to break a small policy as a large one). `IAM_LSP_TEST_CORPUS` points
/// at another directory.
static POLICIES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let dir = std::env::var_os("IAM_LSP_TEST_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/managed"));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let policies: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("corpus files are UTF-8"))
        .filter(|t| t.len() < 6 * 1024)
        .collect();
    assert!(policies.len() >= 20, "only {} small policies in {}", policies.len(), dir.display());
    policies
});

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, ..Config::default() }
}

// ---------------------------------------------------------------------------------------------
// Incremental edits: a rope and a string agree.

/// An LSP-style edit: replace the range between two (line, UTF-16 column) positions.
#[derive(Debug, Clone)]
struct Change {
    start: (u32, u32),
    end: (u32, u32),
    text: String,
}

/// Text with the characters that make position arithmetic interesting: multi-byte UTF-8,
/// astral characters (two UTF-16 units), CRLF and lone CR line breaks.
fn snippet() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Z",
        " ",
        "\n",
        "\r\n",
        "\r",
        "{",
        "}",
        "\"",
        ",",
        ":",
        "é",
        "€",
        "😀",
        "𝄞",
        "\t",
        "\"s3:Get*\"",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|p| p.concat())
}

/// Positions are drawn freely: past the end of a line or of the document, reversed, as clients send them.
fn change() -> impl Strategy<Value = Change> {
    ((0u32..12, 0u32..30), (0u32..12, 0u32..30), snippet()).prop_map(|(start, end, text)| Change { start, end, text })
}

/// The server's side: `didChange` applies each change to its rope with this function.
fn apply_to_rope(rope: &mut ropey::Rope, change: &Change, encoding: Encoding) {
    let range = Range::new(Position::new(change.start.0, change.start.1), Position::new(change.end.0, change.end.1));
    let event = TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: change.text.clone() };
    apply_change(rope, &event, encoding);
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn incremental_edits_on_a_rope_equal_edits_on_a_string(
        initial in snippet(),
        changes in prop::collection::vec(change(), 1..24),
        utf8 in any::<bool>(),
    ) {
        let (units, encoding) = if utf8 { (Units::Utf8, Encoding::Utf8) } else { (Units::Utf16, Encoding::Utf16) };
        let mut string = initial.clone();
        let mut rope = ropey::Rope::from_str(&initial);
        for change in &changes {
            reference::apply_change(&mut string, Some((change.start, change.end)), &change.text, units);
            apply_to_rope(&mut rope, change, encoding);
            prop_assert_eq!(rope.to_string(), string.clone(), "after {:?}", change);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Damaged policies: no panic, ranges in bounds, safe fixes keep the JSON.

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace one byte (invalid UTF-8 becomes U+FFFD, as a client would send it).
    FlipByte {
        at: usize,
        byte: u8,
    },
    Delete {
        at: usize,
        len: usize,
    },
    Duplicate {
        at: usize,
        len: usize,
        to: usize,
    },
    /// Insert `"Key": value,` right after an opening brace.
    InsertKey {
        brace: usize,
        key: &'static str,
        value: &'static str,
    },
    InsertText {
        at: usize,
        text: &'static str,
    },
}

const KEYS: &[&str] = &[
    "Version",
    "Statement",
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
    "Id",
    "effect",
    "StringEquals",
    "aws:SourceIp",
    "",
    "Ação",
];
const VALUES: &[&str] = &[
    "\"Allow\"",
    "\"Deny\"",
    "\"*\"",
    "\"s3:GetObject\"",
    "[\"ec2:*\", \"iam:Pass*\"]",
    "{}",
    "[]",
    "null",
    "true",
    "1e999",
    "{\"AWS\": \"*\"}",
    "{\"StringEquals\": {\"aws:PrincipalTag/x\": [\"${aws:username}\"]}}",
    "\"arn:aws:s3:::b/*\"",
    "\"2012-10-17\"",
    "[{\"Effect\": \"Allow\"}]",
    "\"😀\"",
];
const TEXTS: &[&str] = &["{", "}", "[", "]", ",", ":", "\"", "\\", "//", "/*", "é", "😀", "\r\n", "'", "\u{0}"];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::FlipByte { at, byte }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1usize..200, any::<usize>()).prop_map(|(at, len, to)| Mutation::Duplicate { at, len, to }),
        (any::<usize>(), prop::sample::select(KEYS), prop::sample::select(VALUES))
            .prop_map(|(brace, key, value)| Mutation::InsertKey { brace, key, value }),
        (any::<usize>(), prop::sample::select(TEXTS)).prop_map(|(at, text)| Mutation::InsertText { at, text }),
    ]
}

/// The character boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(text: &str, m: &Mutation) -> String {
    match *m {
        Mutation::FlipByte { at, byte } => {
            let mut bytes = text.as_bytes().to_vec();
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Mutation::Delete { at, len } => {
            let start = boundary(text, at);
            let end = boundary(text, start.saturating_add(len).min(text.len()));
            format!("{}{}", &text[..start], &text[end.max(start)..])
        }
        Mutation::Duplicate { at, len, to } => {
            let start = boundary(text, at);
            let end = boundary(text, start.saturating_add(len).min(text.len())).max(start);
            let to = boundary(text, to);
            format!("{}{}{}", &text[..to], &text[start..end], &text[to..])
        }
        Mutation::InsertKey { brace, key, value } => {
            let braces: Vec<usize> = text.match_indices('{').map(|(i, _)| i + 1).collect();
            let at = if braces.is_empty() { 0 } else { braces[brace % braces.len()] };
            format!("{}\"{key}\": {value},{}", &text[..at], &text[at..])
        }
        Mutation::InsertText { at, text: inserted } => {
            let at = boundary(text, at);
            format!("{}{inserted}{}", &text[..at], &text[at..])
        }
    }
}

fn in_document(text: &str, range: TextRange) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

fn syntax_errors(analysis: &Analysis) -> usize {
    analysis.findings.iter().filter(|f| f.code == JSON_SYNTAX_ERROR).count()
}

fn broken(text: &str) -> bool {
    parse(text).errors.iter().any(|e| e.kind == SyntaxErrorKind::Invalid)
}

/// Every range an analysis reports lies inside the document on character boundaries.
fn check_ranges(text: &str, analysis: &Analysis) -> Result<(), TestCaseError> {
    for f in &analysis.findings {
        prop_assert!(in_document(text, f.range), "{} range {:?} outside {} bytes", f.code, f.range, text.len());
        for r in &f.related {
            prop_assert!(in_document(text, r.range), "{} related range {:?}", f.code, r.range);
        }
        for fix in &f.fixes {
            for e in &fix.edits {
                prop_assert!(in_document(text, e.range), "{} fix `{}` edit {:?}", f.code, fix.title, e.range);
            }
        }
    }
    Ok(())
}

/// Each safe fix, applied alone, keeps the document at least as parseable as it was.
fn check_safe_fixes(text: &str, analysis: &Analysis, options: &Options) -> Result<(), TestCaseError> {
    let before = syntax_errors(analysis);
    let was_json = serde_json::from_str::<serde_json::Value>(text).is_ok();
    let was_broken = broken(text);
    for f in &analysis.findings {
        for fix in f.fixes.iter().filter(|x| x.safe) {
            let fixed = apply_edits(text, &fix.edits);
            let after = analyze(&fixed, options);
            check_ranges(&fixed, &after)?;
            // A text whose parse stopped early may show more (loose) errors once repaired.
            prop_assert!(
                was_broken || syntax_errors(&after) <= before,
                "safe fix `{}` of {} adds a {JSON_SYNTAX_ERROR}:\n{fixed}",
                fix.title,
                f.code
            );
            prop_assert!(
                was_broken || !broken(&fixed),
                "safe fix `{}` of {} breaks the JSON:\n{fixed}",
                fix.title,
                f.code
            );
            if was_json {
                let parsed = serde_json::from_str::<serde_json::Value>(&fixed);
                prop_assert!(
                    parsed.is_ok(),
                    "safe fix `{}` of {} yields invalid JSON: {parsed:?}\n{fixed}",
                    fix.title,
                    f.code
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn damaged_policies_are_analysed_within_bounds_and_safe_fixes_keep_the_json(
        index in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 0..4),
    ) {
        let original = &POLICIES[index % POLICIES.len()];
        let text = mutations.iter().fold(original.clone(), |t, m| mutate(&t, m));
        let options = Options::default();
        let analysis = analyze(&text, &options);
        check_ranges(&text, &analysis)?;
        check_safe_fixes(&text, &analysis, &options)?;
    }

    #[test]
    fn fix_all_never_adds_a_syntax_error(
        index in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 0..3),
    ) {
        let original = &POLICIES[index % POLICIES.len()];
        let text = mutations.iter().fold(original.clone(), |t, m| mutate(&t, m));
        let options = Options::default();
        let before = syntax_errors(&analyze(&text, &options));
        let fixed = fix_all(&text, &options);
        let after = analyze(&fixed.text, &options);
        check_ranges(&fixed.text, &after)?;
        prop_assert!(broken(&text) || syntax_errors(&after) <= before, "fix-all ({:?}) adds a {JSON_SYNTAX_ERROR}:\n{}", fixed.applied, fixed.text);
        prop_assert!(broken(&text) || !broken(&fixed.text), "fix-all ({:?}) breaks the JSON", fixed.applied);
    }
}

// ---------------------------------------------------------------------------------------------
// Incremental analysis: what an edit sequence leaves is what a fresh analysis finds.

/// Real policies of every type under 6 KB, with their path (which hints at their type):
/// `tests/corpus/realworld` beside the managed ones, since trust, SCP and resource policies
/// run rules identity policies never reach.
static TYPED_POLICIES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/realworld");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_dir())
        .flat_map(|dir| std::fs::read_dir(dir).expect("readable directory").map(|e| e.expect("entry").path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let realworld = paths.iter().filter_map(|p| {
        let text = std::fs::read_to_string(p).expect("corpus files are UTF-8");
        let path = p.strip_prefix(&root).expect("under the corpus").to_string_lossy().into_owned();
        (text.len() < 6 * 1024).then_some((path, text))
    });
    let managed = POLICIES.iter().map(|t| ("managed.json".to_owned(), t.clone()));
    realworld.chain(managed).collect()
});

/// The options a user may have set: by path alone, or with the resource the policy is attached to.
fn options_for(path: &str, attached: bool) -> Options {
    let resource_type = attached.then(|| match path.split('/').next() {
        Some(kind) if kind.starts_with("trust") => ResourceKind::IamAssumeRolePolicyDocument,
        _ => ResourceKind::S3Bucket,
    });
    Options { path: Some(path.to_owned()), resource_type, ..Options::default() }
}

/// An edit as typed into a valid policy: a JSON string replaced by another value (the grammar
/// still holds, the meaning changes), or any of the damage [`mutation`] does.
#[derive(Debug, Clone)]
enum Edit {
    Replace { string: usize, with: &'static str },
    Damage(Mutation),
}

/// Values that change what statements mean: other versions, variables, principals, keys.
const REPLACEMENTS: &[&str] = &[
    "\"2008-10-17\"",
    "\"2012-10-17\"",
    "\"Deny\"",
    "\"Allow\"",
    "\"*\"",
    "\"s3:*\"",
    "\"iam:PassRole\"",
    "\"sts:AssumeRoleWithWebIdentity\"",
    "\"arn:aws:s3:::b/${aws:username}/*\"",
    "\"${aws:PrincipalTag/team}\"",
    "\"aws:PrincipalOrgID\"",
    "\"StringLike\"",
    "\"NotAction\"",
    "\"Principal\"",
    "\"Sid\"",
    "\"Same\"",
    "[\"ec2:*\", \"ec2:RunInstances\"]",
    "{\"AWS\": \"arn:aws:iam::111122223333:root\"}",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), prop::sample::select(REPLACEMENTS)).prop_map(|(string, with)| Edit::Replace { string, with }),
        1 => mutation().prop_map(Edit::Damage),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    match edit {
        Edit::Replace { string, with } => {
            let mut strings = Vec::new();
            for root in &parse(text).roots {
                strings_of(root, &mut strings);
            }
            let Some(range) = strings.get(string % strings.len().max(1)) else { return text.to_owned() };
            format!("{}{with}{}", &text[..range.start], &text[range.end..])
        }
        Edit::Damage(m) => mutate(text, m),
    }
}

/// The ranges of the keys and string values under `node`, quotes included.
fn strings_of(node: &Node, out: &mut Vec<TextRange>) {
    match &node.kind {
        NodeKind::Object(members) => {
            for m in members {
                out.push(m.key.range);
                strings_of(&m.value, out);
            }
        }
        NodeKind::Array(items) => items.iter().for_each(|n| strings_of(n, out)),
        NodeKind::String(_) => out.push(node.range),
        _ => {}
    }
}

proptest! {
    #![proptest_config(config(400))]

    /// The server analyses each version of a document from the previous analysis; its syntax
    /// tree and findings, fixes included, must be those of analysing the text afresh, after
    /// every edit.
    #[test]
    fn reanalysis_after_each_edit_equals_a_fresh_analysis(
        index in any::<usize>(),
        attached in any::<bool>(),
        minified in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let (path, original) = &TYPED_POLICIES[index % TYPED_POLICIES.len()];
        let options = options_for(path, attached);
        // On one line, every statement shares its line with the one before it.
        let compact = || serde_json::to_string(&serde_json::from_str::<serde_json::Value>(original).ok()?).ok();
        let mut text = if minified { compact().unwrap_or_else(|| original.clone()) } else { original.clone() };
        let mut previous = reanalyze(&text, &options, &analyze(&text, &options), &text);
        for edit in &edits {
            let edited = apply(&text, edit);
            let before = std::mem::replace(&mut text, edited);
            let incremental = reanalyze(&text, &options, &previous, &before);
            let fresh = analyze(&text, &options);
            prop_assert_eq!(&incremental.parse, &fresh.parse, "{} after {:?}:\n{}", path, edit, text);
            prop_assert_eq!(
                format!("{:#?}", incremental.findings),
                format!("{:#?}", fresh.findings),
                "{} after {:?}:\n{}",
                path,
                edit,
                text
            );
            previous = incremental;
        }
    }
}
