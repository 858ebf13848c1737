//! The command line: `iam-lsp [serve]`, `check`, `rules`, `catalog`.

mod catalog;
mod check;
mod output;
mod rules;
mod summary;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use check::{FileReport, check_text};
pub use output::{render_json, render_sarif};
pub use rules::rules_markdown;

#[derive(Debug, Parser)]
#[command(name = "iam-lsp", version, about = "Language server and linter for AWS IAM policies")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Speak the Language Server Protocol over stdio (the default).
    Serve {
        /// Use stdio (the only transport; accepted for editors that pass it).
        #[arg(long)]
        stdio: bool,
    },
    /// Check policy files, directories (every `*.json` below them) or `-` for stdin.
    Check(check::CheckArgs),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = DocFormat::Human)]
        format: DocFormat,
    },
    /// Summarize what a policy grants per service, as the IAM console does.
    Summary(summary::SummaryArgs),
    /// Show the bundled service catalog's counts, sources and data date.
    Catalog {
        #[arg(long, value_enum, default_value_t = DocFormat::Human)]
        format: DocFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DocFormat {
    Human,
    Json,
    Markdown,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        None | Some(Command::Serve { .. }) => crate::lsp::run_stdio(),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Summary(args)) => summary::run(&args),
        Some(Command::Rules { format }) => {
            output::emit(&rules::render(format));
            ExitCode::SUCCESS
        }
        Some(Command::Catalog { format }) => {
            output::emit(&catalog::render(format));
            ExitCode::SUCCESS
        }
    }
}
