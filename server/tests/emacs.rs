//! End to end with a real client: batch Emacs with eglot loads the project's own `editors/emacs`
//! configuration and talks to the freshly built `iam-lsp`. The Emacs Lisp driver
//! (`fixtures/emacs/drive.el`) runs the scenario once and records what Emacs saw; each test here
//! asserts one part of it. The policies are the Neovim test's fixtures.
//!
//! `emacs` comes from `IAM_LSP_EMACS` (a path) or `PATH` (`.ci/run` installs Debian's `emacs-nox`
//! and `elpa-eglot`). Without it every test is reported as ignored, with the reason; with
//! `IAM_LSP_REQUIRE_EMACS=1` (as in `.ci/run`) a missing Emacs or eglot fails.

mod editor;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::{env, fs, thread};

use editor::at;
use serde_json::{Value, json};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const EDITORS_EMACS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../editors/emacs");
const SERVER: &str = env!("CARGO_BIN_EXE_iam-lsp");
/// Per wait inside Emacs; the whole run is bounded by [`RUN_LIMIT`].
const WAIT_MS: u64 = 20_000;
const RUN_LIMIT: Duration = Duration::from_secs(240);
const MERGED: &str = include_str!("fixtures/nvim/policy.merged.json");

/// What one run of the driver observed, plus the policy as it was opened.
struct Run {
    observed: Value,
    policy: String,
    /// Emacs's output and the eglot events, for failure messages.
    logs: String,
}

impl Run {
    fn get(&self, step: &str, key: &str) -> &Value {
        if let Some(err) = self.observed["errors"].get(step) {
            panic!("the Emacs step `{step}` failed: {err}\nobserved: {:#}\n{}", self.observed, self.logs);
        }
        let value = &self.observed[key];
        assert!(!value.is_null(), "Emacs recorded no `{key}`; observed: {:#}\n{}", self.observed, self.logs);
        value
    }
}

fn main() {
    editor::main(
        editor::Editor {
            name: "Emacs 28+ with eglot",
            require_var: "IAM_LSP_REQUIRE_EMACS",
            install_hint: "set IAM_LSP_EMACS to its path or put `emacs` on PATH (apt-get install emacs-nox \
                           elpa-eglot)",
            find: find_emacs,
            drive,
        },
        &[
            ("diagnostics_on_open", diagnostics_on_open),
            ("hover_on_action_shows_markdown", hover_on_action_shows_markdown),
            ("completion_after_service_prefix_offers_actions", completion_after_service_prefix_offers_actions),
            ("merge_duplicate_statements_code_action", merge_duplicate_statements_code_action),
            ("no_server_for_package_json", no_server_for_package_json),
        ],
    )
}

/// `IAM_LSP_EMACS`, else `emacs` on PATH; it must load eglot (Emacs 29+, or Debian's elpa-eglot).
fn find_emacs() -> Result<PathBuf, String> {
    let emacs = editor::locate("IAM_LSP_EMACS", "emacs")?;
    let out = Command::new(&emacs)
        .args(["--batch", "--eval", "(progn (require 'eglot) (princ emacs-version))"])
        .output()
        .map_err(|e| format!("{} cannot run: {e}", emacs.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} cannot load eglot: {}",
            emacs.display(),
            String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or_default()
        ));
    }
    Ok(emacs)
}

/// Copies the fixtures to a fresh folder and runs the driver there, killing Emacs past the limit.
fn drive(emacs: &Path) -> Result<Run, String> {
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    let work = env::temp_dir().join(format!("iam-lsp-emacs-{}-{stamp}", std::process::id()));
    fs::create_dir_all(&work).map_err(|e| format!("create {}: {e}", work.display()))?;
    for name in ["policy.json", "complete.json", "package.json"] {
        fs::copy(Path::new(FIXTURES).join("nvim").join(name), work.join(name))
            .map_err(|e| format!("copy {name}: {e}"))?;
    }
    let server_dir = Path::new(SERVER).parent().expect("the server binary's folder");
    let mut path = vec![server_dir.to_path_buf()];
    path.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    let output_file = work.join("emacs.out");
    let output = fs::File::create(&output_file).map_err(|e| format!("create emacs.out: {e}"))?;

    let mut child = Command::new(emacs)
        .args(["--batch", "-l"])
        .arg(Path::new(FIXTURES).join("emacs/drive.el"))
        .env("PATH", env::join_paths(path).expect("PATH"))
        .env("HOME", &work)
        .env("IAM_LSP_WORK", &work)
        .env("IAM_LSP_EDITORS_EMACS", EDITORS_EMACS)
        .env("IAM_LSP_TIMEOUT_MS", WAIT_MS.to_string())
        .current_dir(&work)
        .stdin(Stdio::null())
        .stdout(output.try_clone().map_err(|e| format!("emacs.out: {e}"))?)
        .stderr(output)
        .spawn()
        .map_err(|e| format!("start {}: {e}", emacs.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("wait for emacs: {e}"))? {
            break Some(status);
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };

    let read = |p: PathBuf| fs::read_to_string(p).unwrap_or_default();
    let logs = format!("--- emacs output ---\n{}\n(work folder: {})", read(output_file), work.display());
    let observed: Value = serde_json::from_str(&read(work.join("observed.json")))
        .map_err(|e| format!("Emacs wrote no readable observed.json ({e}); exit: {status:?}\n{logs}"))?;
    if observed["done"] != true {
        return Err(format!(
            "Emacs did not finish the scenario within {RUN_LIMIT:?} (exit: {status:?}); observed: {observed:#}\n{logs}"
        ));
    }
    let policy = read(Path::new(FIXTURES).join("nvim/policy.json"));
    let _ = fs::remove_dir_all(&work);
    Ok(Run { observed, policy, logs })
}

/// `[code, line, column]` triples, as the driver records them, in line and column order.
fn diagnostics(items: &[(&str, (u64, u64))]) -> Value {
    let mut v: Vec<_> = items.to_vec();
    v.sort_by_key(|&(_, at)| at);
    Value::Array(v.into_iter().map(|(code, (line, col))| json!([code, line, col])).collect())
}

fn diagnostics_on_open(run: &Run) {
    assert_eq!(run.get("open_policy", "mode"), "iam-policy-mode", "policy.json opens in iam-policy-mode");
    let text = &run.policy;
    let want = diagnostics(&[
        ("INVALID_ACTION", at(text, "GetObjekt\"")),
        ("DUPLICATE_KEY", at(text, "\"Statement\": {")),
        ("INVALID_EFFECT", at(text, "\"Alow\"")),
    ]);
    assert_eq!(run.get("open_policy", "initial"), &want, "flymake diagnostics after opening policy.json");
}

fn hover_on_action_shows_markdown(run: &Run) {
    let hover = run.get("hover", "hover").as_str().unwrap_or_default();
    for part in [
        "s3:GetObject",
        "Amazon S3",
        "Grants permission to retrieve objects",
        "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
        "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html",
    ] {
        assert!(hover.contains(part), "eldoc hover on s3:GetObject lacks {part:?}:\n{hover}");
    }
}

fn completion_after_service_prefix_offers_actions(run: &Run) {
    assert_eq!(run.get("completion", "completion_prefix"), "s3:Get", "the completion prefix eglot sees");
    let labels = run.get("completion", "completion_labels");
    let labels: Vec<&str> = labels.as_array().expect("labels").iter().filter_map(Value::as_str).collect();
    assert!(
        !labels.is_empty() && labels.iter().all(|l| l.starts_with("s3:Get")),
        "candidates after \"s3:Get: {labels:?}"
    );
    assert_eq!(
        run.get("completion", "completion_line"),
        "            \"Action\": \"s3:GetObject\",",
        "the line after accepting s3:GetObject"
    );
}

fn merge_duplicate_statements_code_action(run: &Run) {
    let merged = run.get("code_action", "merged_text");
    assert_eq!(
        merged.as_str().unwrap_or_default(),
        MERGED,
        "buffer after \"Merge duplicate Statement elements\"; actions offered: {}",
        run.observed["code_actions"]
    );
    let want =
        diagnostics(&[("INVALID_ACTION", at(MERGED, "GetObjekt\"")), ("INVALID_EFFECT", at(MERGED, "\"Alow\""))]);
    assert_eq!(run.get("code_action", "after_merge"), &want, "diagnostics after the merge");
}

fn no_server_for_package_json(run: &Run) {
    let pkg = run.get("package_json", "package_json");
    assert_ne!(pkg["mode"], "iam-policy-mode", "package.json opened as a policy: {pkg}");
    assert_eq!(pkg["server"], false, "eglot manages package.json: {pkg}");
}
