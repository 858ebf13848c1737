//! IAM Access Analyzer's real findings on AWS managed policies, compared with ours.
//!
//! `corpus/access-analyzer/findings.tsv` holds, one row per location, the findings that Access
//! Analyzer's `ValidatePolicy` (policy type `IDENTITY_POLICY`) returned for AWS managed policies in
//! the public MAMIP run (provenance on every row). Each policy is analysed as an identity policy,
//! every finding's range is mapped to the JSON path Access Analyzer uses, and the comparison is pinned
//! in a snapshot: a new mismatch (or a fixed one) changes it. `corpus/access-analyzer/REVIEW.md`
//! explains every line that is not `matched`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use iam_lsp::checks::{Options, access_analyzer, analyze};
use iam_lsp::policy::PolicyType;
use iam_lsp::syntax::{Node, NodeKind, TextRange};

/// One location of one Access Analyzer finding.
struct AaLocation {
    policy: String,
    /// The finding's number within its policy: a finding's locations are compared together.
    finding: String,
    version_match: String,
    code: String,
    path: String,
    element_text: String,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn read_findings() -> Vec<AaLocation> {
    let text = std::fs::read_to_string(corpus().join("access-analyzer/findings.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (policy, finding, version) = (column("policy"), column("finding"), column("version_match"));
    let (code, path, element) = (column("issue_code"), column("path"), column("element_text"));
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), header.len(), "malformed row: {line}");
            AaLocation {
                policy: cells[policy].to_string(),
                finding: cells[finding].to_string(),
                version_match: cells[version].to_string(),
                code: cells[code].to_string(),
                path: cells[path].to_string(),
                element_text: cells[element].to_string(),
            }
        })
        .collect()
}

/// The policy's text: the managed corpus shared with other tests, or this test's own copies.
fn policy_text(name: &str) -> String {
    let file = format!("{name}.json");
    let shared = corpus().join("managed").join(&file);
    let path = if shared.exists() { shared } else { corpus().join("access-analyzer/policies").join(&file) };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A path step in Access Analyzer's notation: `.Name`, `["odd name"]`, `[index]`, `{"key"}`.
fn value_step(name: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric()) {
        format!(".{name}")
    } else {
        format!("[{}]", serde_json::to_string(name).unwrap())
    }
}

fn key_step(name: &str) -> String {
    format!("{{{}}}", serde_json::to_string(name).unwrap())
}

/// The JSON path of the innermost element holding `range`: an object key is a `{"key"}` step, as
/// Access Analyzer reports a condition key; a range inside a string is the string's path.
fn path_of_range(root: &Node, range: TextRange) -> String {
    let mut path = String::new();
    let mut node = root;
    loop {
        if node.range == range {
            break;
        }
        let next = match &node.kind {
            NodeKind::Object(members) => {
                let Some(member) = members.iter().find(|m| m.range().contains_range(range)) else { break };
                if member.key.range.contains_range(range) {
                    path.push_str(&key_step(&member.key.text));
                    break;
                }
                if !member.value.range.contains_range(range) {
                    break;
                }
                path.push_str(&value_step(&member.key.text));
                &member.value
            }
            NodeKind::Array(items) => {
                let Some(index) = items.iter().position(|n| n.range.contains_range(range)) else { break };
                path.push_str(&format!("[{index}]"));
                &items[index]
            }
            _ => break,
        };
        node = next;
    }
    path.trim_start_matches('.').to_string()
}

/// Every element's path with its text (a key's name, a string's value, any other value as compact
/// JSON), to check that a path still points at the element Access Analyzer reported.
fn element_texts(root: &Node) -> BTreeMap<String, String> {
    fn walk(node: &Node, path: &str, out: &mut BTreeMap<String, String>) {
        let text = match &node.kind {
            NodeKind::String(s) => s.to_string(),
            _ => compact(node),
        };
        out.insert(path.trim_start_matches('.').to_string(), text);
        match &node.kind {
            NodeKind::Object(members) => {
                for m in members {
                    out.insert(
                        format!("{path}{}", key_step(&m.key.text)).trim_start_matches('.').to_string(),
                        m.key.text.clone(),
                    );
                    walk(&m.value, &format!("{path}{}", value_step(&m.key.text)), out);
                }
            }
            NodeKind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(root, "", &mut out);
    out
}

fn compact(node: &Node) -> String {
    match &node.kind {
        NodeKind::Object(members) => {
            let inner: Vec<String> = members
                .iter()
                .map(|m| format!("{}:{}", serde_json::to_string(&m.key.text).unwrap(), compact(&m.value)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        NodeKind::Array(items) => format!("[{}]", items.iter().map(compact).collect::<Vec<_>>().join(",")),
        NodeKind::String(s) => serde_json::to_string(&**s).unwrap(),
        NodeKind::Number(n) => n.clone(),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Null => "null".to_string(),
        NodeKind::Unknown(function) => unreachable!("a managed policy holds no template intrinsic ({function})"),
    }
}

/// Rows whose element is unchanged in our copy of the policy (or, for the size check, whose size is
/// still over the quota) are compared; the others are listed as `stale`, and so are the other
/// locations of the same finding (Access Analyzer reported them together).
fn comparable(version_match: &str) -> bool {
    match version_match {
        "same-text" | "same-length" | "same-size" | "size-differs" => true,
        "changed" => false,
        other => panic!("unknown version_match {other}"),
    }
}

/// One line per Access Analyzer location and per extra finding of ours under an Access Analyzer
/// code: `policy  path  code  matched|aa-only|ours-only|stale`. Access Analyzer reports a check on
/// the whole document (the size quota) at the empty path, where ours is anchored on one key (a range
/// is never the whole file): a finding of the same code anywhere in the policy matches it.
#[test]
fn access_analyzer_findings_on_managed_policies() {
    let findings = read_findings();
    let policies: BTreeSet<&str> = findings.iter().map(|f| f.policy.as_str()).collect();
    let options = Options { policy_type: Some(PolicyType::Identity), ..Options::default() };
    let mut lines = BTreeSet::new();
    for policy in policies {
        let text = policy_text(policy);
        let analysis = analyze(&text, &options);
        let root = &analysis.parse.roots[0];
        let elements = element_texts(root);
        // (code, path) of every location of every finding of ours.
        let mut ours: BTreeSet<(String, String)> = BTreeSet::new();
        let mut ours_main: BTreeSet<(String, String)> = BTreeSet::new();
        for f in &analysis.findings {
            let main = path_of_range(root, f.range);
            ours_main.insert((f.code.to_string(), main.clone()));
            ours.insert((f.code.to_string(), main));
            for r in &f.related {
                ours.insert((f.code.to_string(), path_of_range(root, r.range)));
            }
        }
        let mine: Vec<&AaLocation> = findings.iter().filter(|f| f.policy == policy).collect();
        let stale: BTreeSet<&str> =
            mine.iter().filter(|f| !comparable(&f.version_match)).map(|f| f.finding.as_str()).collect();
        let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
        for aa in mine {
            reported.insert((aa.code.clone(), aa.path.clone()));
            let status = if stale.contains(aa.finding.as_str()) {
                "stale"
            } else {
                if !aa.path.is_empty() {
                    assert_eq!(
                        elements.get(&aa.path),
                        Some(&aa.element_text),
                        "{policy} {}: the element is not the one Access Analyzer reported",
                        aa.path
                    );
                }
                let found = if aa.path.is_empty() {
                    ours.iter().any(|(code, _)| *code == aa.code)
                } else {
                    ours.contains(&(aa.code.clone(), aa.path.clone()))
                };
                if found { "matched" } else { "aa-only" }
            };
            lines.insert(format!("{policy}  {}  {}  {status}", display(&aa.path), aa.code));
        }
        for (code, path) in &ours_main {
            let whole_policy = reported.contains(&(code.clone(), String::new()));
            if access_analyzer::check(code).is_some()
                && !whole_policy
                && !reported.contains(&(code.clone(), path.clone()))
            {
                lines.insert(format!("{policy}  {}  {code}  ours-only", display(path)));
            }
        }
    }
    let out: String = lines.into_iter().map(|l| l + "\n").collect();
    insta::assert_snapshot!(out);
}

/// The whole document's path, shown as `(policy)`.
fn display(path: &str) -> &str {
    if path.is_empty() { "(policy)" } else { path }
}

/// The path helper names keys and values the way Access Analyzer does.
#[test]
fn paths_follow_access_analyzer_notation() {
    let text = r#"{"Statement": [{"Action": ["s3:GetObject", "iam:PassRole"],
        "Condition": {"StringLike": {"aws:RequestTag/k8s.io/name": "*"}}}]}"#;
    let parse = iam_lsp::syntax::parse(text);
    let root = &parse.roots[0];
    let range_of = |needle: &str| {
        let start = text.find(needle).unwrap();
        TextRange::new(start, start + needle.len())
    };
    assert_eq!(path_of_range(root, range_of(r#""iam:PassRole""#)), "Statement[0].Action[1]");
    assert_eq!(path_of_range(root, range_of("PassRole")), "Statement[0].Action[1]");
    assert_eq!(
        path_of_range(root, range_of(r#""aws:RequestTag/k8s.io/name""#)),
        r#"Statement[0].Condition.StringLike{"aws:RequestTag/k8s.io/name"}"#
    );
    assert_eq!(
        path_of_range(root, range_of(r#""*""#)),
        r#"Statement[0].Condition.StringLike["aws:RequestTag/k8s.io/name"]"#
    );
    assert_eq!(path_of_range(root, root.range), "");
    let elements = element_texts(root);
    assert_eq!(elements["Statement[0].Action[0]"], "s3:GetObject");
    assert_eq!(elements[r#"Statement[0].Condition{"StringLike"}"#], "StringLike");
    assert_eq!(elements["Statement[0].Condition.StringLike"], r#"{"aws:RequestTag/k8s.io/name":"*"}"#);
}
