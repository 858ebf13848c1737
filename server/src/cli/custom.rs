//! `iam-lsp check-access-not-granted`, `check-no-new-access`, `check-no-public-access`: Access
//! Analyzer's custom policy checks, offline. Exit 0 on PASS, 1 on FAIL, 3 when undecided.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::eval::{self, Verdict};
use crate::policy::PolicyType;

use super::output;
use super::simulate::{Format, read_policy};

fn parse_type(s: &str) -> Result<PolicyType, String> {
    s.parse()
}

#[derive(Debug, Args)]
pub(super) struct AccessNotGrantedArgs {
    /// Actions (or patterns, expanded with the catalog) that must not be granted, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    actions: Vec<String>,
    /// Resources (ARNs or patterns) they must not be granted on; any resource when left out.
    #[arg(long, value_delimiter = ',')]
    resources: Vec<String>,
    #[arg(long, value_parser = parse_type, default_value = "identity")]
    policy_type: PolicyType,
    file: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Args)]
pub(super) struct NoNewAccessArgs {
    old: PathBuf,
    new: PathBuf,
    #[arg(long, value_parser = parse_type, default_value = "identity")]
    policy_type: PolicyType,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Args)]
pub(super) struct NoPublicAccessArgs {
    /// The resource-based policy.
    file: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

fn report(verdict: Result<Verdict, String>, format: Format) -> ExitCode {
    let verdict = match verdict {
        Ok(v) => v,
        Err(err) => {
            output::emit_error(&err);
            return ExitCode::from(2);
        }
    };
    output::emit(&match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&verdict).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::Human => match &verdict {
            Verdict::Pass => "PASS\n".to_owned(),
            Verdict::Fail { reason, request } => {
                let mut out = format!("FAIL: {reason}\n");
                if let Some(r) = request {
                    out.push_str(&format!(
                        "  counterexample: {} on {} by {}",
                        r.action, r.resource.arn, r.principal.arn
                    ));
                    for (k, v) in &r.context {
                        out.push_str(&format!(" {k}={}", v.values().join(",")));
                    }
                    out.push('\n');
                }
                out
            }
            Verdict::Undecided { reason } => format!("UNDECIDED: {reason}\n"),
        },
    });
    match verdict {
        Verdict::Pass => ExitCode::SUCCESS,
        Verdict::Fail { .. } => ExitCode::FAILURE,
        Verdict::Undecided { .. } => ExitCode::from(3),
    }
}

pub(super) fn run_access_not_granted(args: &AccessNotGrantedArgs) -> ExitCode {
    let verdict = read_policy(&args.file, args.policy_type)
        .map(|p| eval::access_not_granted(&p.policy, &args.actions, &args.resources));
    report(verdict, args.format)
}

pub(super) fn run_no_new_access(args: &NoNewAccessArgs) -> ExitCode {
    let verdict = read_policy(&args.old, args.policy_type).and_then(|old| {
        let new = read_policy(&args.new, args.policy_type)?;
        Ok(eval::no_new_access(&old.policy, &new.policy, args.policy_type))
    });
    report(verdict, args.format)
}

pub(super) fn run_no_public_access(args: &NoPublicAccessArgs) -> ExitCode {
    let verdict = read_policy(&args.file, PolicyType::Resource).map(|p| eval::no_public_access(&p.policy));
    report(verdict, args.format)
}
