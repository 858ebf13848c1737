//! Rendering reports, and the one place the CLI writes to stdout.
#![allow(clippy::print_stdout)]

use std::cell::LazyCell;
use std::io::Write;

use anstyle::{AnsiColor, Style};

use serde::Serialize;
use serde_json::{Value, json};

use crate::checks::{self, Finding, Severity};
use crate::syntax::TextRange;

use super::FileReport;

/// Writes a rendered report; its styles reach the terminal only where colour is wanted (`--color`,
/// `NO_COLOR`, `CLICOLOR_FORCE`, a terminal or not), and are stripped otherwise.
pub(super) fn emit(text: &str) {
    emit_parts(&[text]);
}

/// [`emit`] for a report rendered in parts (a file's each), written in order without first
/// joining them: `check`'s JSON report of the managed corpus is 1.2 MB, which joined took a
/// copy, and its pages, in the one thread that runs once every file is checked.
pub(super) fn emit_parts(parts: &[&str]) {
    write_parts(anstream::stdout().lock(), parts);
}

/// Writes text as it is: the fixed policy of `check --fix -`, and the reports that carry no styles
/// (JSON, SARIF), with nothing to strip from megabytes of them.
pub(super) fn emit_plain(parts: &[&str]) {
    write_parts(std::io::stdout().lock(), parts);
}

pub(super) fn emit_report_to_stderr(parts: &[&str]) {
    write_parts(anstream::stderr().lock(), parts);
}

fn write_parts(out: impl Write, parts: &[&str]) {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = parts.iter().try_for_each(|part| out.write_all(part.as_bytes())).and_then(|()| out.flush());
}

pub(super) fn emit_error(text: &str) {
    let _ = writeln!(anstream::stderr(), "{ERROR}error{ERROR:#}: {text}");
}

pub(super) fn emit_error_note(text: &str) {
    let _ = writeln!(anstream::stderr(), "{INFO}note{INFO:#}: {text}");
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const INFO: Style = AnsiColor::Blue.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();
const EMPHASIS: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default();
const FIX: Style = AnsiColor::Green.on_default();

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Info => INFO,
        Severity::Hint => HINT,
    }
}

/// 1-based line and column, columns counted in characters; lines end at `\n`, `\r\n` or a lone
/// `\r`, as in the server. Built only for files with findings: where each line starts.
struct LineCol<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineCol<'t> {
    fn new(text: &'t str) -> Self {
        Self::up_to(text, text.len())
    }

    /// Only the lines that start at or before `limit`: [`Self::at`] is then right up to `limit`
    /// (the findings of a file are at half its length on average, its line index built for them).
    fn up_to(text: &'t str, limit: usize) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[..limit.min(bytes.len())]) {
            // The `\r` of a `\r\n` ends no line: its `\n` does.
            if !(bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n')) {
                starts.push(at + 1);
            }
        }
        LineCol { text, starts }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        // Inside a character: the character's own column, as the rope counts.
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        (line + 1, self.text[self.starts[line]..offset].chars().count() + 1)
    }

    /// Line `line`'s text without its line break, and where column `col` is in it: all of it
    /// when short; else `CONTEXT` characters either side of columns `col..end_col`, with `…`
    /// where it is cut (a minified policy is one line of megabytes, which every finding would
    /// print whole).
    fn window(&self, line: usize, col: usize, end_col: usize) -> (String, usize) {
        const CONTEXT: usize = 40;
        const LONG: usize = 160;
        let end = self.starts.get(line).map_or(self.text.len(), |&next| next);
        let text = self.text[self.starts[line - 1]..end].trim_end_matches(['\n', '\r']);
        let len = text.chars().count();
        if len <= LONG {
            return (text.to_owned(), col);
        }
        let start = (col - 1).saturating_sub(CONTEXT).min(len);
        let stop = (end_col.max(col) - 1 + CONTEXT).min(len);
        let cut_before = if start > 0 { "…" } else { "" };
        let cut_after = if stop < len { "…" } else { "" };
        let shown: String = text.chars().skip(start).take(stop - start).collect();
        (format!("{cut_before}{shown}{cut_after}"), col - start + cut_before.chars().count())
    }
}

/// One file's part of the human report: each finding with its source line.
pub(super) fn human_file(report: &FileReport) -> String {
    let mut out = String::new();
    let lc = LineCol::new(&report.text);
    for (code, title) in &report.fixed {
        out.push_str(&format!("{EMPHASIS}{}{EMPHASIS:#}: {FIX}fixed{FIX:#} {code}: {title}\n", report.path));
    }
    for f in &report.findings {
        let style = severity_style(f.severity);
        let (line, col) = lc.at(f.range.start);
        let (end_line, end_col) = lc.at(f.range.end);
        out.push_str(&format!(
            "{EMPHASIS}{}:{line}:{col}:{EMPHASIS:#} {style}{}{style:#} {EMPHASIS}{}{EMPHASIS:#} {}\n",
            report.path, f.severity, f.code, f.message
        ));
        let (source, at) = lc.window(line, col, if end_line == line { end_col } else { col });
        let width = line.to_string().len();
        let shown = source.chars().count() + 2 - at;
        let carets = if end_line == line { (end_col - col).clamp(1, shown) } else { shown };
        let pad: String = source.chars().take(at - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
        out.push_str(&format!(
            "{GUTTER}{:width$} |\n{line} |{GUTTER:#} {source}\n{GUTTER}{:width$} |{GUTTER:#} {pad}{style}{}{style:#}\n",
            "",
            "",
            "^".repeat(carets)
        ));
        for r in &f.related {
            let (rl, rc) = lc.at(r.range.start);
            out.push_str(&format!(
                "{:width$} {GUTTER}={GUTTER:#} note: {}:{rl}:{rc}: {}\n",
                "", report.path, r.message
            ));
        }
        for fix in &f.fixes {
            let kind = if fix.safe { "fix" } else { "suggestion" };
            out.push_str(&format!("{:width$} {GUTTER}={GUTTER:#} {FIX}{kind}{FIX:#}: {}\n", "", fix.title));
        }
        out.push('\n');
    }
    out
}

/// The human report in parts: those [`human_file`] rendered of `reports`, in order, and the totals.
pub(super) fn render_human(reports: &[FileReport], mut files: Vec<String>) -> Vec<String> {
    let mut counts = [0usize; 4];
    for f in reports.iter().flat_map(|r| &r.findings) {
        counts[f.severity as usize] += 1;
    }
    // Policies, not files holding one: a template holds many.
    let policies: usize = reports.iter().filter(|r| r.policy).map(|r| r.policy_types.len().max(1)).sum();
    files.push(format!(
        "Checked {} file{} ({policies} {}): {} error{}, {} warning{}, {} info, {} hint{}.\n",
        reports.len(),
        plural(reports.len()),
        if policies == 1 { "policy" } else { "policies" },
        counts[0],
        plural(counts[0]),
        counts[1],
        plural(counts[1]),
        counts[2],
        counts[3],
        plural(counts[3]),
    ));
    files
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One file's object of the JSON report, indented for its place in the `files` list.
pub(super) fn json_file(report: &FileReport) -> String {
    let object = serde_json::to_string_pretty(&JsonFile::new(report)).unwrap_or_default();
    // Strings are escaped on one line, so every line break is the pretty printer's own.
    let mut out = String::with_capacity(object.len() + object.len() / 8);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', object.as_bytes()) {
        out.push_str("    ");
        out.push_str(&object[start..=end]);
        start = end + 1;
    }
    out.push_str("    ");
    out.push_str(&object[start..]);
    out
}

/// The JSON format tools rely on: `{"files":[…],"version":1}`, pretty-printed, keys in
/// alphabetical order, in parts, from the objects [`json_file`] rendered of each file: a file's
/// object is rendered as soon as it is checked, so its text need not be kept to the end.
pub(super) fn render_json(files: &[String]) -> Vec<&str> {
    if files.is_empty() {
        return vec!["{\n  \"files\": [],\n  \"version\": 1\n}\n"];
    }
    let mut out = Vec::with_capacity(2 * files.len() + 1);
    out.push("{\n  \"files\": [\n");
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            out.push(",\n");
        }
        out.push(file);
    }
    out.push("\n  ],\n  \"version\": 1\n}\n");
    out
}

#[derive(Serialize)]
struct JsonFile<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixed: Vec<JsonFixed<'a>>,
    path: &'a str,
    policy: bool,
    /// The type the (first) policy was analysed as, and why: set, or inferred from the path or content.
    #[serde(rename = "policyType", skip_serializing_if = "Option::is_none")]
    policy_type: Option<&'static str>,
    #[serde(rename = "policyTypeReason", skip_serializing_if = "Option::is_none")]
    policy_type_reason: Option<&'a str>,
    /// Every policy of the file, in order, when it holds several (a template).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    policies: Vec<JsonPolicy<'a>>,
}

#[derive(Serialize)]
struct JsonPolicy<'a> {
    #[serde(rename = "policyType")]
    policy_type: &'static str,
    #[serde(rename = "policyTypeReason")]
    policy_type_reason: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    fixes: Vec<JsonFix<'a>>,
    message: &'a str,
    range: JsonRange,
    related: Vec<JsonRelated<'a>>,
    severity: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    safe: bool,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonFixed<'a> {
    code: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    range: JsonRange,
}

#[derive(Serialize)]
struct JsonRange {
    end: JsonPosition,
    start: JsonPosition,
}

/// 1-based; columns count characters.
#[derive(Serialize)]
struct JsonPosition {
    column: usize,
    line: usize,
}

impl<'a> JsonFile<'a> {
    fn new(report: &'a FileReport) -> JsonFile<'a> {
        // Most files have no finding: their line index is never built.
        let lc = LazyCell::new(|| {
            let ranges =
                report.findings.iter().flat_map(|f| std::iter::once(f.range).chain(f.related.iter().map(|r| r.range)));
            LineCol::up_to(&report.text, ranges.map(|r| r.end).max().unwrap_or(0))
        });
        let range = |r: TextRange| {
            let position = |offset| {
                let (line, column) = lc.at(offset);
                JsonPosition { column, line }
            };
            JsonRange { end: position(r.end), start: position(r.start) }
        };
        let diagnostic = |f: &'a Finding| JsonDiagnostic {
            code: f.code,
            fixes: f.fixes.iter().map(|x| JsonFix { safe: x.safe, title: &x.title }).collect(),
            message: &f.message,
            range: range(f.range),
            related: f.related.iter().map(|r| JsonRelated { message: &r.message, range: range(r.range) }).collect(),
            severity: f.severity.as_str(),
        };
        JsonFile {
            diagnostics: report.findings.iter().map(diagnostic).collect(),
            error: report.error.as_deref(),
            fixed: report.fixed.iter().map(|(code, title)| JsonFixed { code, title }).collect(),
            path: &report.path,
            policy: report.policy,
            policy_type: report.policy_types.first().map(|(t, _)| t.as_str()),
            policy_type_reason: report.policy_types.first().map(|(_, why)| why.as_str()),
            policies: if report.policy_types.len() > 1 {
                report
                    .policy_types
                    .iter()
                    .map(|(t, why)| JsonPolicy { policy_type: t.as_str(), policy_type_reason: why })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// SARIF 2.1.0, for code-scanning services.
pub fn render_sarif(reports: &[FileReport]) -> String {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    };
    let region = |lc: &LineCol, range: TextRange| {
        let (sl, sc) = lc.at(range.start);
        let (el, ec) = lc.at(range.end);
        json!({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec})
    };
    let rules: Vec<Value> = checks::rules()
        .map(|r| {
            json!({
                "id": r.code,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.explanation},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        let lc = LineCol::new(&report.text);
        let uri = report.path.replace('\\', "/");
        for f in &report.findings {
            let location =
                |range| json!({"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region(&lc, range)}});
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [location(f.range)],
            });
            if !f.related.is_empty() {
                result["relatedLocations"] = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let mut l = location(r.range);
                        l["id"] = json!(i);
                        l["message"] = json!({"text": r.message});
                        l
                    })
                    .collect();
            }
            results.push(result);
        }
    }
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "iam-lsp",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::every_text;

    /// Lines and columns as the server's rope counts them, over every text of up to six
    /// characters from line breaks, a two-byte character and a letter, at every byte offset.
    #[test]
    fn line_and_column_agree_with_the_rope() {
        for text in every_text(&["\n", "\r", "é", "a"], 6) {
            let (lc, rope) = (LineCol::new(&text), ropey::Rope::from_str(&text));
            for offset in 0..=text.len() {
                let line = rope.byte_to_line(offset);
                let column = rope.byte_to_char(offset) - rope.line_to_char(line);
                assert_eq!(lc.at(offset), (line + 1, column + 1), "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn a_long_line_shows_a_window_around_the_finding() {
        let statement = |action: &str| format!(r#"{{"Effect":"Allow","Action":"{action}","Resource":"*"}}"#);
        let statements: Vec<String> =
            (0..200).map(|i| statement(if i == 150 { "s3:GetObjekt" } else { "s3:GetObject" })).collect();
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, statements.join(","));
        let report = crate::cli::check::check_text("minified.json", text, &checks::Options::default());
        let out = anstream::adapter::strip_str(&human_file(&report)).to_string();
        assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let at = lines.iter().position(|l| l.contains("INVALID_ACTION ")).expect("the typo is reported");
        let (source, carets) = (lines[at + 2], lines[at + 3]);
        assert!(source.starts_with("1 | …") && source.ends_with('…'), "{source}");
        // Columns in characters: the cut is marked by a character of three bytes.
        let column = carets.chars().position(|c| c == '^').expect("carets");
        let under: String = source.chars().skip(column).take(carets.matches('^').count()).collect();
        assert_eq!(under, "GetObjekt", "{source}\n{carets}");
    }
}
