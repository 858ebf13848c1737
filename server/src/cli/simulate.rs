//! `iam-lsp simulate` (one request against a set of policies) and `iam-lsp explain` (an
//! AccessDenied message read, and, given the policies, the statement that decides).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::eval::{
    self, ContextValue, Decision, Evaluation, Named, PolicySet, Reason, Request, RequestPrincipal, RequestResource, Tri,
};
use crate::policy::PolicyType;

use super::output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Expect {
    Allowed,
    Denied,
}

/// The policies of a request, as files.
#[derive(Debug, Args)]
pub(super) struct PolicyArgs {
    /// Identity-based policies of the principal (repeatable).
    #[arg(long, value_name = "FILE")]
    identity: Vec<PathBuf>,
    /// The resource's resource-based policy.
    #[arg(long, value_name = "FILE")]
    resource_policy: Option<PathBuf>,
    /// The principal's permissions boundary.
    #[arg(long, value_name = "FILE")]
    boundary: Option<PathBuf>,
    /// The session policy passed when the session was created.
    #[arg(long, value_name = "FILE")]
    session_policy: Option<PathBuf>,
    /// SCPs, one organization level each from the root down; several policies of one level are
    /// joined with commas (`--scp root.json --scp ou1.json,ou2.json`).
    #[arg(long, value_name = "FILE[,FILE…]")]
    scp: Vec<String>,
    /// RCPs, one level each as for `--scp`; AWS's `RCPFullAWSAccess` is added to every level.
    #[arg(long, value_name = "FILE[,FILE…]")]
    rcp: Vec<String>,
    /// The VPC endpoint's policy, when the request goes through one.
    #[arg(long, value_name = "FILE")]
    endpoint_policy: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(super) struct SimulateArgs {
    /// The action, as `service:Action`.
    #[arg(long)]
    action: String,
    /// The resource ARN.
    #[arg(long)]
    resource: String,
    /// The account that owns the resource, when its ARN has none (S3 buckets).
    #[arg(long, value_name = "ACCOUNT")]
    resource_account: Option<String>,
    /// Who asks: a user, role session or federated user ARN, a service principal, or `anonymous`.
    #[arg(long, default_value = "arn:aws:iam::111122223333:user/alice")]
    principal: String,
    /// A context key: `KEY=VALUE`, `KEY=[A,B]` for a multivalued key (`KEY=[]` empty),
    /// `aws:PrincipalTag/K=V` for tags. Repeatable.
    #[arg(long, value_name = "KEY=VALUE")]
    context: Vec<String>,
    #[command(flatten)]
    policies: PolicyArgs,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 unless the decision is this (an undecided request meets neither).
    #[arg(long, value_enum)]
    expect: Option<Expect>,
}

#[derive(Debug, Args)]
pub(super) struct ExplainArgs {
    /// The AccessDenied message, quoted.
    message: String,
    /// Context keys of the denied request, as for `simulate`.
    #[arg(long, value_name = "KEY=VALUE")]
    context: Vec<String>,
    #[arg(long, value_name = "ACCOUNT")]
    resource_account: Option<String>,
    #[command(flatten)]
    policies: PolicyArgs,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub(super) fn read_policy(path: &Path, policy_type: PolicyType) -> Result<Named, String> {
    let text =
        if path.as_os_str() == "-" { std::io::read_to_string(std::io::stdin()) } else { std::fs::read_to_string(path) }
            .map_err(|err| format!("{}: cannot read: {err}", path.display()))?;
    let policy = eval::parse_policy(&text, policy_type).map_err(|err| format!("{}: {err}", path.display()))?;
    Ok(Named { name: path.display().to_string(), policy })
}

fn levels(specs: &[String], policy_type: PolicyType) -> Result<Vec<Vec<Named>>, String> {
    specs.iter().map(|level| level.split(',').map(|f| read_policy(Path::new(f), policy_type)).collect()).collect()
}

impl PolicyArgs {
    fn is_empty(&self) -> bool {
        self.identity.is_empty()
            && self.resource_policy.is_none()
            && self.boundary.is_none()
            && self.session_policy.is_none()
            && self.scp.is_empty()
            && self.rcp.is_empty()
            && self.endpoint_policy.is_none()
    }

    fn load(&self) -> Result<PolicySet, String> {
        let one = |p: &Option<PathBuf>, t| p.as_deref().map(|p| read_policy(p, t)).transpose();
        Ok(PolicySet {
            identity: self.identity.iter().map(|p| read_policy(p, PolicyType::Identity)).collect::<Result<_, _>>()?,
            resource: one(&self.resource_policy, PolicyType::Resource)?,
            boundary: one(&self.boundary, PolicyType::Identity)?,
            session: one(&self.session_policy, PolicyType::Identity)?,
            scps: levels(&self.scp, PolicyType::Scp)?,
            rcps: levels(&self.rcp, PolicyType::Rcp)?,
            rcp_full_access: true,
            endpoint: one(&self.endpoint_policy, PolicyType::Resource)?,
        })
    }
}

/// `KEY=VALUE` and `KEY=[A,B]`; tag keys become principal or resource tags.
fn apply_context(request: &mut Request, specs: &[String]) -> Result<(), String> {
    for spec in specs {
        let (key, value) = spec.split_once('=').ok_or_else(|| format!("`{spec}`: expected KEY=VALUE"))?;
        let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some("") => ContextValue::Multi(Vec::new()),
            Some(list) => ContextValue::Multi(list.split(',').map(|v| v.trim().to_owned()).collect()),
            None => ContextValue::Single(value.to_owned()),
        };
        let lower = key.to_ascii_lowercase();
        if let (Some(tag), ContextValue::Single(v)) = (lower.strip_prefix("aws:principaltag/"), &value) {
            request.principal.tags.insert(key[key.len() - tag.len()..].to_owned(), v.clone());
        } else if let (Some(tag), ContextValue::Single(v)) = (lower.strip_prefix("aws:resourcetag/"), &value) {
            request.resource.tags.insert(key[key.len() - tag.len()..].to_owned(), v.clone());
        } else {
            request.context.insert(key.to_owned(), value);
        }
    }
    Ok(())
}

fn build_request(
    principal: &str,
    action: &str,
    resource: &str,
    account: Option<String>,
    context: &[String],
) -> Result<Request, String> {
    let principal = RequestPrincipal::parse(principal)
        .ok_or_else(|| format!("`{principal}` is not a principal ARN, a service principal or `anonymous`"))?;
    if crate::catalog::catalog().action(action).is_none() {
        tracing::warn!("{action} is not an action of the bundled catalog");
    }
    let mut request = Request::new(principal, action, RequestResource::new(resource, account));
    apply_context(&mut request, context)?;
    if request.resource.account.is_none() {
        request.resource.account = request.principal.account.clone();
    }
    Ok(request)
}

pub(super) fn run_simulate(args: &SimulateArgs) -> ExitCode {
    let result = args.policies.load().and_then(|set| {
        let request =
            build_request(&args.principal, &args.action, &args.resource, args.resource_account.clone(), &args.context)?;
        Ok((eval::evaluate(&set, &request), request))
    });
    let (evaluation, request) = match result {
        Ok(r) => r,
        Err(err) => {
            output::emit_error(&err);
            return ExitCode::from(2);
        }
    };
    output::emit(&match args.format {
        Format::Human => human(&request, &evaluation),
        Format::Json => json(&serde_json::json!({ "request": request, "evaluation": evaluation })),
    });
    let met = match args.expect {
        None => true,
        Some(Expect::Allowed) => evaluation.decision.is_allowed(),
        Some(Expect::Denied) => evaluation.decision.is_denied(),
    };
    if met { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn json(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn human(request: &Request, e: &Evaluation) -> String {
    let mut out = format!(
        "{}: {} on {} by {}{}\n",
        e.decision.text(),
        request.action,
        request.resource.arn,
        request.principal.arn,
        if e.cross_account { " (cross-account)" } else { "" }
    );
    if !e.blocked_by.is_empty() {
        let kinds: Vec<&str> = e.blocked_by.iter().map(|k| k.phrase()).collect();
        out.push_str(&format!("  blocked by: {}\n", kinds.join(", ")));
    }
    for p in &e.policies {
        let level = p.level.map(|l| format!(" (level {l})")).unwrap_or_default();
        out.push_str(&format!("  {} {}{level}\n", p.kind.phrase(), p.name));
        for s in &p.statements {
            let effect = if s.allow { "Allow" } else { "Deny" };
            let state = match s.applies {
                Tri::Yes => "applies".to_owned(),
                Tri::No | Tri::Unknown => {
                    let why: Vec<String> = s.misses.iter().map(|(m, t)| m.describe(*t)).collect();
                    let head = if s.applies == Tri::No { "does not apply" } else { "undecided" };
                    format!("{head}: {}", why.join("; "))
                }
            };
            out.push_str(&format!("    {effect} {}: {state}\n", s.label));
        }
    }
    out
}

pub(super) fn run_explain(args: &ExplainArgs) -> ExitCode {
    let Some(denial) = eval::parse_denial(&args.message) else {
        output::emit_error("not an AccessDenied message (expected `User: … is not authorized to perform: …`)");
        return ExitCode::from(2);
    };
    let look_at = match &denial.reason {
        Reason::NoAllow(kind) => format!("No {} allows the action: add an Allow to it (or check its conditions).", kind.phrase()),
        Reason::ExplicitDeny { kind: Some(kind), policy_arn } => format!(
            "A Deny statement in a {}{} applies: find it, or the condition that makes it apply.",
            kind.phrase(),
            policy_arn.as_ref().map(|a| format!(" ({a})")).unwrap_or_default()
        ),
        Reason::ExplicitDeny { kind: None, .. } => {
            "A Deny statement applies; AWS does not say in which policy: check every policy type.".to_owned()
        }
        Reason::Unstated => "AWS gives no reason: check the identity and resource policies, boundary, session policy, SCPs, RCPs and VPC endpoint policy.".to_owned(),
    };
    let mut simulated = None;
    if !args.policies.is_empty() {
        let (Some(principal), Some(action)) = (&denial.principal, &denial.action) else {
            output::emit_error("the message names no principal or action to simulate");
            return ExitCode::from(2);
        };
        let resource = denial.resource.clone().unwrap_or_else(|| "*".into());
        let result = args.policies.load().and_then(|set| {
            let request = build_request(principal, action, &resource, args.resource_account.clone(), &args.context)?;
            Ok((eval::evaluate(&set, &request), request))
        });
        match result {
            Ok(r) => simulated = Some(r),
            Err(err) => {
                output::emit_error(&err);
                return ExitCode::from(2);
            }
        }
    }
    output::emit(&match args.format {
        Format::Json => json(&serde_json::json!({
            "denial": denial,
            "lookAt": look_at,
            "evaluation": simulated.as_ref().map(|(e, _)| e),
        })),
        Format::Human => {
            let mut out = format!("{look_at}\n");
            if let Some((e, request)) = &simulated {
                let agrees = match (&denial.reason, e.decision) {
                    (Reason::NoAllow(k), Decision::ImplicitlyDenied) => e.blocked_by.contains(k),
                    (Reason::ExplicitDeny { kind: Some(k), .. }, Decision::ExplicitlyDenied) => {
                        e.blocked_by.contains(k)
                    }
                    (Reason::ExplicitDeny { kind: None, .. }, Decision::ExplicitlyDenied) => true,
                    _ => false,
                };
                if !agrees {
                    out.push_str("These policies do not reproduce the message: the ones AWS used differ.\n");
                }
                for (p, s) in e.deciding().iter().filter(|(_, s)| !s.allow) {
                    out.push_str(&format!("Deciding: {} in {} {}\n", s.label, p.kind.phrase(), p.name));
                }
                if e.decision == Decision::ImplicitlyDenied {
                    for kind in &e.blocked_by {
                        out.push_str(&format!("No statement of the {} applies.\n", kind.phrase()));
                    }
                }
                out.push_str(&human(request, e));
            }
            out
        }
    });
    ExitCode::SUCCESS
}
