//! The command line: `iam-lsp [serve]`, `check`, `rules`, `catalog`, `simulate`, `explain` and the
//! custom policy checks.

mod catalog;
mod check;
mod custom;
mod output;
mod rules;
mod simulate;
mod summary;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use check::{FileReport, check_text};
pub use output::render_sarif;
pub use rules::rules_markdown;

#[derive(Debug, Parser)]
#[command(name = "iam-lsp", version, about = "Language server and linter for AWS IAM policies")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Colour in human output: `auto` colours a terminal unless `NO_COLOR` is set.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    fn choice(self) -> anstream::ColorChoice {
        match self {
            Color::Auto => anstream::ColorChoice::Auto,
            Color::Always => anstream::ColorChoice::Always,
            Color::Never => anstream::ColorChoice::Never,
        }
    }
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
    /// Evaluate one request against a set of policies, as AWS does, offline.
    Simulate(simulate::SimulateArgs),
    /// Read an AccessDenied message: which policy type to look at, and with the policies, which
    /// statement decides.
    Explain(simulate::ExplainArgs),
    /// Access Analyzer's CheckAccessNotGranted, offline.
    CheckAccessNotGranted(custom::AccessNotGrantedArgs),
    /// Access Analyzer's CheckNoNewAccess, offline: does NEW allow a request OLD denies?
    CheckNoNewAccess(custom::NoNewAccessArgs),
    /// Access Analyzer's CheckNoPublicAccess, offline, for a resource-based policy.
    CheckNoPublicAccess(custom::NoPublicAccessArgs),
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
    cli.color.choice().write_global();
    match cli.command {
        None | Some(Command::Serve { .. }) => {
            if std::io::stdin().is_terminal() {
                output::emit_error_note(
                    "iam-lsp is a language server: it waits for an editor's messages on standard input \
                     (Ctrl-C to quit). To check files, run `iam-lsp check PATH`; see `iam-lsp --help`.",
                );
            }
            crate::lsp::run_stdio()
        }
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Summary(args)) => summary::run(&args),
        Some(Command::Simulate(args)) => simulate::run_simulate(&args),
        Some(Command::Explain(args)) => simulate::run_explain(&args),
        Some(Command::CheckAccessNotGranted(args)) => custom::run_access_not_granted(&args),
        Some(Command::CheckNoNewAccess(args)) => custom::run_no_new_access(&args),
        Some(Command::CheckNoPublicAccess(args)) => custom::run_no_public_access(&args),
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
