//! The `iam-lsp` binary's command line: output formats, exit codes, `--fix`, errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli").join(name)
}

fn iam_lsp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli"))
        .stdin(Stdio::null())
        .output()
        .expect("run iam-lsp")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn json_output_has_the_documented_shape() {
    let out = iam_lsp(&["check", "--format", "json", "loose.json", "clean.json", "package.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[2]["policy"], false);
    assert_eq!(files[2]["diagnostics"].as_array().unwrap().len(), 0);
    let loose = &files[0]["diagnostics"];
    let comment =
        loose.as_array().unwrap().iter().find(|d| d["message"].as_str().unwrap().contains("comments")).unwrap();
    assert_eq!(comment["code"], "JSON_SYNTAX_ERROR");
    assert_eq!(
        comment["range"],
        serde_json::json!({"start": {"line": 2, "column": 5}, "end": {"line": 2, "column": 46}})
    );
    assert_eq!(comment["fixes"][0], serde_json::json!({"title": "Remove the comment", "safe": true}));
    insta::assert_json_snapshot!("check_json", v);
}

#[test]
fn json_output_names_each_file_s_policy_type_and_why() {
    let types = |args: &[&str]| -> Vec<(String, String)> {
        let v = json(&iam_lsp(args));
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["policyType"].as_str().unwrap().to_owned(), f["policyTypeReason"].as_str().unwrap().to_owned()))
            .collect()
    };
    let files = ["scp/deny-regions.json", "lambda-trust.json", "clean.json"];
    let detected = types(&[&["check", "--format", "json"][..], &files].concat());
    assert_eq!(detected[0], ("scp".to_owned(), "the path names it (`scp`)".to_owned()));
    assert_eq!(detected[1].0, "trust");
    assert!(detected[1].1.contains("the path names it (`lambda-trust.json`)"), "{:?}", detected[1]);
    assert_eq!(detected[2], ("identity".to_owned(), "no statement names a `Principal`".to_owned()));
    let explicit = types(&[&["check", "--format", "json", "--policy-type", "boundary"][..], &files].concat());
    for (kind, why) in explicit {
        assert_eq!((kind.as_str(), why.as_str()), ("boundary", "set by the settings or `--policy-type`"));
    }
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let out = iam_lsp(&["check", "--format", "sarif", "loose.json"]);
    let v = json(&out);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "iam-lsp");
    let rule_ids: Vec<&str> =
        run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    for result in run["results"].as_array().unwrap() {
        assert!(rule_ids.contains(&result["ruleId"].as_str().unwrap()));
        assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "loose.json");
    }
    insta::assert_json_snapshot!("check_sarif_results", run["results"]);
}

#[test]
fn human_output_points_at_the_problem() {
    let out = iam_lsp(&["check", "loose.json"]);
    insta::assert_snapshot!("check_human", stdout(&out));
}

#[test]
fn exit_codes_follow_the_worst_finding() {
    assert_eq!(iam_lsp(&["check", "clean.json"]).status.code(), Some(0));
    assert_eq!(iam_lsp(&["check", "package.json"]).status.code(), Some(0));
    assert_eq!(iam_lsp(&["check", "loose.json"]).status.code(), Some(1));
    let off = iam_lsp(&["check", "loose.json", "--severity", "JSON_SYNTAX_ERROR=warning"]);
    assert_ne!(off.status.code(), Some(2), "{}", String::from_utf8_lossy(&off.stderr));
}

#[test]
fn usage_errors_exit_2() {
    let unknown = iam_lsp(&["check", "--severity", "NO_SUCH_RULE=off", "clean.json"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("NO_SUCH_RULE"));
    assert_eq!(iam_lsp(&["check", "--policy-type", "bucket", "clean.json"]).status.code(), Some(2));
    assert_eq!(iam_lsp(&["check"]).status.code(), Some(2));
}

#[test]
fn an_unreadable_file_is_named_and_the_others_are_still_checked() {
    let dir = tempdir();
    std::fs::write(dir.join("binary.json"), [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    std::fs::copy(fixture("clean.json"), dir.join("clean.json")).unwrap();
    let missing = dir.join("missing.json");
    let out = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(["check", "--format", "json"])
        .arg(&dir)
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("binary.json") && stderr.contains("missing.json"), "{stderr}");
    let v = json(&out);
    let clean = v["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with("clean.json"));
    assert_eq!(clean.unwrap()["policy"], true);
}

#[test]
fn stdin_is_checked_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(br#"{"Version": "2012-10-17", "Statement": [],}"#).unwrap();
    let out = child.wait_with_output().unwrap();
    let v = json(&out);
    assert_eq!(v["files"][0]["path"], "-");
    assert!(v["files"][0]["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "JSON_SYNTAX_ERROR"));
}

#[test]
fn fix_rewrites_safe_fixes_in_place_and_reports_them() {
    let dir = tempdir();
    let file = dir.join("loose.json");
    std::fs::copy(fixture("loose.json"), &file).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(["check", "--fix", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let v = json(&out);
    let fixed: Vec<&str> =
        v["files"][0]["fixed"].as_array().unwrap().iter().map(|f| f["title"].as_str().unwrap()).collect();
    assert!(fixed.contains(&"Remove the comment") && fixed.contains(&"Remove the trailing comma"), "{fixed:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    serde_json::from_str::<Value>(&text).expect("the fixed file is strict JSON");
    assert!(!text.contains("//"));
}

#[test]
fn fix_never_writes_a_file_that_does_not_parse() {
    let dir = tempdir();
    let file = dir.join("broken.json");
    let broken = "{\"Version\": \"2012-10-17\", // x\n \"Statement\": [{\"Effect\": \"Allow\"";
    std::fs::write(&file, broken).unwrap();
    Command::new(env!("CARGO_BIN_EXE_iam-lsp")).args(["check", "--fix"]).arg(&file).output().unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
}

#[test]
fn fix_leaves_a_file_with_a_fixable_comma_but_an_unparsable_rest() {
    let dir = tempdir();
    let file = dir.join("half.json");
    let half =
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\",}]} ]]";
    std::fs::write(&file, half).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(["check", "--fix", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), half);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["fixed"].as_array().map_or(0, Vec::len), 0, "{v}");
}

#[cfg(unix)]
#[test]
fn directories_are_walked_once_through_symbolic_link_cycles() {
    let dir = tempdir();
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    std::fs::copy(fixture("clean.json"), dir.join("a/b/clean.json")).unwrap();
    std::os::unix::fs::symlink(dir.join("a"), dir.join("a/b/loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("a/b/clean.json"), dir.join("a/alias.json")).unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_iam-lsp")).args(["check", "--format", "json"]).arg(&dir).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
}

#[test]
fn summary_of_a_policy_that_does_not_parse_says_what_is_wrong_and_where() {
    let dir = tempdir();
    let file = dir.join("half.json");
    std::fs::write(&file, "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\"").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_iam-lsp")).arg("summary").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not parse yet") && stderr.contains("(line 2, column "), "{stderr}");
}

#[test]
fn catalog_reports_integer_counts() {
    let v = json(&iam_lsp(&["catalog", "--format", "json"]));
    for field in ["services", "actions", "resource_types", "condition_keys", "global_condition_keys"] {
        assert!(v[field].as_u64().is_some_and(|n| n > 0), "{field}: {}", v[field]);
    }
    assert!(v["services"].as_u64().unwrap() >= 400 && v["actions"].as_u64().unwrap() >= 20_000);
    assert!(v["data_date"].as_str().is_some_and(|d| !d.is_empty()));
}

#[test]
fn the_committed_rules_reference_is_current() {
    let out = iam_lsp(&["rules", "--format", "markdown"]);
    let committed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md")).unwrap();
    assert!(
        stdout(&out) == committed,
        "server/docs/rules.md is stale: run `cargo run -p iam-lsp -- rules --format markdown > server/docs/rules.md`"
    );
}

/// A fresh directory in the system temp dir, removed when the test passes and left in place,
/// to be inspected, when it fails.
fn tempdir() -> TempDir {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir =
        std::env::temp_dir().join(format!("iam-lsp-cli-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("left for inspection: {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Runs `iam-lsp` with `input` on standard input and extra environment.
fn iam_lsp_with(args: &[&str], input: &str, env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(args)
        .envs(env.iter().copied())
        .env_remove("CLICOLOR_FORCE")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run iam-lsp");
    // A usage error ends the program before it reads its input: a closed pipe is no failure.
    if let Err(e) = child.stdin.take().unwrap().write_all(input.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

#[test]
fn colour_is_used_when_asked_and_never_in_a_pipe_by_default() {
    let coloured = iam_lsp(&["check", "--color", "always", "loose.json"]);
    assert!(stdout(&coloured).contains("\u{1b}["), "{}", stdout(&coloured));
    let piped = iam_lsp(&["check", "loose.json"]);
    assert!(!stdout(&piped).contains('\u{1b}'), "{}", stdout(&piped));
    assert!(stdout(&piped).contains("loose.json:"), "{}", stdout(&piped));
    let forced_but_no_color = iam_lsp_with(&["check", "loose.json"], "", &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
    assert!(!stdout(&forced_but_no_color).contains('\u{1b}'), "{}", stdout(&forced_but_no_color));
    let never = iam_lsp(&["check", "--color", "never", "loose.json"]);
    assert_eq!(stdout(&never), stdout(&piped));
}

#[test]
fn fix_on_standard_input_writes_the_fixed_text_to_standard_output() {
    let text = std::fs::read_to_string(fixture("loose.json")).unwrap();
    let out = iam_lsp_with(&["check", "--fix", "--format", "json", "-"], &text, &[]);
    let fixed = stdout(&out);
    serde_json::from_str::<Value>(&fixed).unwrap_or_else(|e| panic!("{e}: the fixed text is strict JSON: {fixed}"));
    assert_ne!(fixed, text);
    let report: Value = serde_json::from_slice(&out.stderr).expect("the report on standard error");
    let titles: Vec<&str> =
        report["files"][0]["fixed"].as_array().unwrap().iter().map(|f| f["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Remove the trailing comma"), "{titles:?}");

    let unparsable = "{\"Version\": \"2012-10-17\", \"Statement\": [ {,";
    let out = iam_lsp_with(&["check", "--fix", "-"], unparsable, &[]);
    assert_eq!(stdout(&out), unparsable, "a text that does not parse comes back unchanged");
}

#[test]
fn fix_on_standard_input_takes_no_other_paths() {
    let out = iam_lsp_with(&["check", "--fix", "-", "clean.json"], "{}", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no other paths"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn started_from_a_terminal_the_server_says_what_it_waits_for() {
    // `script` gives the server a terminal on standard input; `timeout` ends the wait.
    if Command::new("script").arg("--version").output().is_err() {
        panic!("this test needs `script` (util-linux)");
    }
    let command = format!("timeout 2 {}", env!("CARGO_BIN_EXE_iam-lsp"));
    let out = Command::new("script").args(["-qec", &command, "/dev/null"]).stdin(Stdio::null()).output().unwrap();
    let seen = String::from_utf8_lossy(&out.stdout);
    assert!(seen.contains("iam-lsp is a language server"), "{seen}");
    // From a pipe (an editor), nothing is written to standard error.
    let quiet = iam_lsp_with(&[], "", &[]);
    assert!(quiet.stderr.is_empty(), "{}", String::from_utf8_lossy(&quiet.stderr));
}

#[test]
fn the_vs_code_extension_names_the_project_home_cargo_declares() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/vscode/package.json");
    let package: Value = serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
    assert_eq!(package["repository"]["url"], env!("CARGO_PKG_REPOSITORY"));
}

/// A directory walk reads Terraform (`*.tf`) and skips Terraform's `.terraform/` cache; SARIF
/// locations point into the `.tf` file, at the line and column of the defect.
#[test]
fn terraform_files_are_walked_and_sarif_points_into_them() {
    let dir = tempdir();
    std::fs::create_dir_all(dir.join(".terraform/modules/m")).unwrap();
    let text = "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Version   = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", Action = \"s3:GetObjekt\", Resource = \"*\" }]\n  })\n}\n";
    std::fs::write(dir.join("main.tf"), text).unwrap();
    std::fs::write(dir.join(".terraform/modules/m/cached.tf"), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(["check", "--format", "sarif", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    let results = v["runs"][0]["results"].as_array().unwrap();
    let at: Vec<_> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap(),
                location["artifactLocation"]["uri"].as_str().unwrap(),
                location["region"]["startLine"].as_u64().unwrap(),
                location["region"]["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(at, [("INVALID_ACTION", "./main.tf", 4, 51)]);
}

#[test]
fn the_human_summary_counts_policies_not_files() {
    let dir = tempdir();
    let role = |name: &str| {
        format!(
            "resource \"aws_iam_role_policy\" \"{name}\" {{\n  policy = jsonencode({{\n    Version   = \"2012-10-17\"\n    \
             Statement = [{{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }}]\n  }})\n}}\n"
        )
    };
    std::fs::write(dir.join("main.tf"), format!("{}{}{}", role("a"), role("b"), role("c"))).unwrap();
    std::fs::write(dir.join("policy.json"), r#"{"Version": "2012-10-17", "Statement": []}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(["check", "--color", "never", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("Checked 2 files (4 policies)"), "{text}");
}

#[test]
fn json_output_lists_every_policy_of_a_template() {
    let dir = tempdir();
    let text = "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({\n    Version = \"2012-10-17\"\n    \
                Statement = [{ Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal = { Service = \"ec2.amazonaws.com\" } }]\n  \
                })\n}\nresource \"aws_iam_role_policy\" \"p\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    \
                Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }]\n  })\n}\n";
    std::fs::write(dir.join("main.tf"), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(["check", "--format", "json", "main.tf"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let v = json(&out);
    let policies: Vec<(&str, &str)> = v["files"][0]["policies"]
        .as_array()
        .unwrap_or_else(|| panic!("no policies: {v:#}"))
        .iter()
        .map(|p| (p["policyType"].as_str().unwrap(), p["policyTypeReason"].as_str().unwrap()))
        .collect();
    assert_eq!(policies.len(), 2, "{policies:?}");
    assert_eq!(policies[0].0, "trust");
    assert!(policies[0].1.contains("aws_iam_role.r.assume_role_policy"), "{policies:?}");
    assert_eq!(policies[1].0, "identity");
    assert!(policies[1].1.contains("aws_iam_role_policy.p.policy"), "{policies:?}");
}
