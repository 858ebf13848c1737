//! `iam-lsp check`.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::checks::{self, Finding, Options, ResourceKind, Severity};
use crate::policy::PolicyType;
use crate::syntax::SyntaxErrorKind;

use super::output;

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// Files, directories (searched for `*.json`, `*.yaml`, `*.yml`, `*.template`, `*.tf` and
    /// `*.tf.json`; `.terraform/` is skipped) or `-` for standard input.
    #[arg(required = true, value_name = "PATH|-")]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The kind of policy; `auto` infers it from each file.
    #[arg(long, default_value = "auto", value_parser = parse_policy_type, value_name = "auto|identity|resource|trust|scp|rcp|endpoint|boundary|session")]
    policy_type: PolicyTypeArg,
    /// What resource policies are attached to, as Access Analyzer names it (`AWS::S3::Bucket`,
    /// `AWS::DynamoDB::Table`…); inferred from the policy's resources when they tell.
    #[arg(long, value_name = "AWS::SERVICE::TYPE")]
    resource_type: Option<ResourceKind>,
    /// Apply every safe fix in place, never to a file that does not parse. With `-` (alone), the
    /// fixed text goes to standard output and the report to standard error.
    #[arg(long)]
    fix: bool,
    /// Override a rule's severity, or turn it off: `CODE=off|error|warning|info|hint`. Repeatable.
    #[arg(long = "severity", value_name = "CODE=LEVEL", value_parser = parse_severity)]
    severities: Vec<(String, Option<Severity>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    Human,
    Json,
    Sarif,
}

/// A policy type, or `None` for `auto`.
#[derive(Debug, Clone, Copy)]
struct PolicyTypeArg(Option<PolicyType>);

fn parse_policy_type(s: &str) -> Result<PolicyTypeArg, String> {
    if s.eq_ignore_ascii_case("auto") { Ok(PolicyTypeArg(None)) } else { s.parse().map(|t| PolicyTypeArg(Some(t))) }
}

fn parse_severity(s: &str) -> Result<(String, Option<Severity>), String> {
    let (code, level) = s.split_once('=').ok_or("expected CODE=LEVEL, e.g. MISSING_VERSION=off")?;
    if checks::rule(code).is_none() {
        return Err(format!("unknown rule code `{code}` (see `iam-lsp rules`)"));
    }
    let level = if level.eq_ignore_ascii_case("off") { None } else { Some(level.parse()?) };
    Ok((code.to_owned(), level))
}

/// What checking one input produced.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// As given on the command line, or `-`.
    pub path: String,
    /// What was checked (fixed, with `--fix`); `check` empties it once the file's part of a human
    /// or JSON report is rendered, unless it prints it (`--fix -`).
    pub text: String,
    pub policy: bool,
    /// The type each policy of the file was analysed as, and why.
    pub policy_types: Vec<(PolicyType, String)>,
    pub findings: Vec<Finding>,
    /// Code and title of each fix applied with `--fix`.
    pub fixed: Vec<(&'static str, String)>,
    /// Why the file could not be read or written.
    pub error: Option<String>,
}

/// Checks one document; the building block of `check` and of tests.
pub fn check_text(path: &str, text: String, options: &Options) -> FileReport {
    let options = Options { path: (path != "-").then(|| path.to_owned()), ..options.clone() };
    let analysis = checks::analyze(&text, &options);
    FileReport {
        path: path.to_owned(),
        policy: analysis.is_policy(),
        policy_types: analysis.document.policies.iter().map(|p| (p.policy_type, p.type_reason.clone())).collect(),
        findings: analysis.findings,
        text,
        fixed: Vec::new(),
        error: None,
    }
}

pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let options = Options {
        policy_type: args.policy_type.0,
        resource_type: args.resource_type,
        severities: args.severities.iter().cloned().collect(),
        path: None,
    };
    let fix_stdin = args.fix && args.paths.iter().any(|p| p.as_os_str() == "-");
    if fix_stdin && args.paths.len() > 1 {
        output::emit_error("`--fix -` writes the fixed text to standard output, so it takes no other paths");
        return ExitCode::from(2);
    }
    let mut inputs = Vec::new();
    let mut usage_error = false;
    let mut walk = Walk::default();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let mut found = Vec::new();
            collect_files(path, &mut walk, &mut found);
            // Each folder's entries are walked in name order: the paths come out sorted.
            debug_assert!(found.is_sorted());
            inputs.extend(found.into_iter().map(Input::File));
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    // Each file's part of a human or JSON report is rendered as soon as it is checked, and its text
    // then dropped (unless printed fixed): kept to the end, the texts were a third of what checking
    // the managed corpus held at its peak. SARIF is built as one tree from every report.
    let check = |input: &Input| {
        let mut report = check_input(input, &options, args.fix);
        let rendered = match args.format {
            Format::Human => output::human_file(&report),
            Format::Json => output::json_file(&report),
            Format::Sarif => return (report, String::new()),
        };
        if !fix_stdin {
            report.text = String::new();
        }
        (report, rendered)
    };
    // One file is checked in this thread: starting rayon's pool costs more than the analysis.
    if inputs.len() > 1 {
        // Fails only if the pool was started already, which nothing before does.
        let _ = rayon::ThreadPoolBuilder::new().start_handler(|_| crate::allocator::share_main_arena()).build_global();
    }
    // One file per job: rayon otherwise checks runs of files, and a run a thread has started is not
    // shared, so the other may sit idle at the end; with single files they finish within one file.
    let (reports, rendered): (Vec<FileReport>, Vec<String>) = if inputs.len() == 1 {
        inputs.iter().map(check).unzip()
    } else {
        inputs.par_iter().with_max_len(1).map(check).unzip()
    };
    for r in &reports {
        if let Some(error) = &r.error {
            output::emit_error(&format!("{}: {error}", r.path));
            usage_error = true;
        }
    }
    let write = |parts: &[&str]| {
        if fix_stdin {
            // The fixed text is the output, so a pipeline can rewrite a file; the report goes aside.
            output::emit_plain(&[&reports[0].text]);
            output::emit_report_to_stderr(parts);
        } else if args.format == Format::Human {
            output::emit_parts(parts);
        } else {
            output::emit_plain(parts);
        }
    };
    match args.format {
        Format::Human => {
            write(&output::render_human(&reports, rendered).iter().map(String::as_str).collect::<Vec<_>>())
        }
        Format::Json => write(&output::render_json(&rendered)),
        Format::Sarif => write(&[&output::render_sarif(&reports)]),
    }
    let status = if usage_error {
        ExitCode::from(2)
    } else if reports.iter().flat_map(|r| &r.findings).any(|f| f.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends here: freeing the findings of every file one by one (over a thousand, with
    // their fixes, in the managed corpus) is work for nothing.
    std::mem::forget(reports);
    status
}

enum Input {
    Stdin,
    File(PathBuf),
}

fn check_input(input: &Input, options: &Options, fix: bool) -> FileReport {
    let (path, read) = match input {
        Input::Stdin => {
            let mut text = String::new();
            ("-".to_owned(), std::io::stdin().read_to_string(&mut text).map(|_| text))
        }
        Input::File(p) => (p.display().to_string(), std::fs::read_to_string(p)),
    };
    let text = match read {
        Ok(text) => text,
        Err(err) => {
            return FileReport {
                path,
                text: String::new(),
                policy: false,
                policy_types: Vec::new(),
                findings: Vec::new(),
                fixed: Vec::new(),
                error: Some(format!("cannot read: {err}")),
            };
        }
    };
    // A file that does not parse is never rewritten: its fixes would be guesses.
    let format = crate::host::Format::of(Some(&path), &text);
    let unparsed = || format.parse(&text).errors.iter().any(|e| e.kind == SyntaxErrorKind::Invalid);
    if !fix || unparsed() {
        return check_text(&path, text, options);
    }
    let result = checks::fix_all(&text, &Options { path: (path != "-").then(|| path.clone()), ..options.clone() });
    if result.applied.is_empty() {
        return check_text(&path, text, options);
    }
    let mut report = check_text(&path, result.text, options);
    report.fixed = result.applied;
    if let Input::File(file) = input
        && let Err(err) = std::fs::write(file, &report.text)
    {
        report.error = Some(format!("cannot write fixes: {err}"));
    }
    report
}

/// Where a walk has been, so that a link cycle ends and a file reached twice is listed once:
/// each folder by its canonical path, each file by its folder's number and its name (a file
/// reached through a link by its target's). Only folders and links are resolved on disk
/// (resolving each file cost a dozen system calls, in the one thread that lists the files before
/// any is checked), and a file is remembered without hashing its folder's path again.
#[derive(Default)]
struct Walk {
    /// Each canonical folder path's number, and whether it was walked (a link's target folder is
    /// numbered, not walked).
    folders: HashMap<PathBuf, (usize, bool)>,
    files: FxHashSet<(usize, OsString)>,
}

impl Walk {
    fn folder(&mut self, real: PathBuf) -> &mut (usize, bool) {
        let next = self.folders.len();
        self.folders.entry(real).or_insert((next, false))
    }
}

/// Every policy or template file below `dir` (`*.json`, `*.tf.json` among them, `*.yaml`, `*.yml`,
/// `*.template`, `*.tf`), skipping hidden folders (`.terraform/`, Terraform's module and provider
/// cache) and build output, in name order. Symbolic links are followed, but every folder and
/// file is visited once.
fn collect_files(dir: &Path, walk: &mut Walk, out: &mut Vec<PathBuf>) {
    let Ok(real_dir) = std::fs::canonicalize(dir) else { return };
    let (folder, walked) = walk.folder(real_dir);
    if std::mem::replace(walked, true) {
        return;
    }
    let folder = *folder;
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    // In name order, so which of two paths to one file is reported does not depend on the disk.
    let mut entries: Vec<_> = entries.flatten().map(|e| (e.file_name(), e)).collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (file_name, entry) in entries {
        let name = file_name.to_string_lossy();
        let Ok(kind) = entry.file_type() else { continue };
        let link = kind.is_symlink();
        if if link { entry.path().is_dir() } else { kind.is_dir() } {
            if !name.starts_with('.') && name != "node_modules" && name != "target" {
                collect_files(&entry.path(), walk, out);
            }
        } else if [".json", ".yaml", ".yml", ".template", ".tf"].iter().any(|ext| name.ends_with(ext)) {
            let key = if link {
                let Ok(real) = std::fs::canonicalize(entry.path()) else { continue };
                let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else { continue };
                (walk.folder(parent.to_owned()).0, name.to_owned())
            } else {
                (folder, file_name)
            };
            if walk.files.insert(key) {
                out.push(entry.path());
            }
        }
    }
}
