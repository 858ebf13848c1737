//! `iam-lsp summary FILE`: the policy summary the IAM console shows, offline.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::checks::{self, Options};
use crate::ide::summary;

use super::{DocFormat, output};

#[derive(Debug, Args)]
pub(super) struct SummaryArgs {
    /// The policy file, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    file: PathBuf,
    #[arg(long, value_enum, default_value_t = DocFormat::Human)]
    format: DocFormat,
}

pub(super) fn run(args: &SummaryArgs) -> ExitCode {
    let read = if args.file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(&args.file)
    };
    let text = match read {
        Ok(text) => text,
        Err(err) => {
            output::emit_error(&format!("{}: cannot read: {err}", args.file.display()));
            return ExitCode::from(2);
        }
    };
    let analysis = checks::analyze(&text, &Options::default());
    if !analysis.is_policy() {
        output::emit_error(&format!(
            "{}: {}",
            args.file.display(),
            summary::parse_error(&analysis, &text).as_deref().unwrap_or("not an IAM policy")
        ));
        return ExitCode::from(2);
    }
    let summary = summary::summary(&analysis);
    output::emit(&match args.format {
        DocFormat::Human => summary::to_text(&summary),
        DocFormat::Markdown => summary::to_markdown(&summary),
        DocFormat::Json => {
            let mut json = serde_json::to_string_pretty(&summary).unwrap_or_default();
            json.push('\n');
            json
        }
    });
    ExitCode::SUCCESS
}
