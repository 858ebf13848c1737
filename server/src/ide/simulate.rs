//! "Simulate a request" on each statement: a request filled from the statement (see
//! [`eval::request_for`]), evaluated against the document as its policy type makes it, with
//! the decision and the statements that decide it.

use crate::checks::Analysis;
use crate::eval::{self, Decision, Evaluation, Request};
use crate::syntax::TextRange;

/// The name the document's policy is reported under.
const POLICY: &str = "this policy";

/// A lens above a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimulateLens {
    /// The statement's range (clients show the lens above its first line).
    pub range: TextRange,
    /// The policy's index among the document's policies, and the statement's in the policy.
    pub policy: usize,
    pub statement: usize,
    pub title: String,
}

/// One lens per statement a request can be filled from.
pub fn simulate_lenses(analysis: &Analysis) -> Vec<SimulateLens> {
    if !analysis.is_policy() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (p, policy) in analysis.document.policies.iter().enumerate() {
        for s in &policy.statements {
            if let Some(request) = eval::request_for(s) {
                out.push(SimulateLens {
                    range: s.range,
                    policy: p,
                    statement: s.index,
                    title: format!("Simulate a request: {} on {}", request.action, request.resource.arn),
                });
            }
        }
    }
    out
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Simulation {
    pub request: Request,
    pub evaluation: Evaluation,
    /// One line for the editor: the decision, the request and what decided it.
    pub message: String,
}

/// The request the statement suggests, evaluated against its policy; `None` when the document
/// has no such statement or no request can be filled from it.
pub fn simulate(analysis: &Analysis, policy: usize, statement: usize) -> Option<Simulation> {
    if !analysis.is_policy() {
        return None;
    }
    let p = analysis.document.policies.get(policy)?;
    let s = p.statements.get(statement)?;
    let request = eval::request_for(s)?;
    let evaluation = eval::evaluate(&eval::policy_set(p, POLICY), &request);
    let message = message(&request, &evaluation, s);
    Some(Simulation { request, evaluation, message })
}

fn message(request: &Request, e: &Evaluation, statement: &crate::policy::Statement) -> String {
    let mut out =
        format!("{}: {} on {} by {}", e.decision.text(), request.action, request.resource.arn, request.principal.arn);
    if !request.context.is_empty() {
        let keys: Vec<String> = request
            .context
            .iter()
            .map(|(k, v)| match v {
                eval::ContextValue::Single(v) => format!("{k}={v}"),
                eval::ContextValue::Multi(vs) => format!("{k}=[{}]", vs.join(",")),
            })
            .collect();
        out.push_str(&format!(" with {}", keys.join(", ")));
    }
    let deciding: Vec<String> = e.deciding().iter().map(|(p, s)| format!("`{}` of {}", s.label, p.name)).collect();
    match e.decision {
        Decision::Allowed | Decision::ExplicitlyDenied => {
            let verb = if e.decision == Decision::Allowed { "allowed" } else { "denied" };
            out.push_str(&format!(" — {verb} by {}", deciding.join(", ")));
        }
        _ => {
            let kinds: Vec<&str> = e.blocked_by.iter().map(|k| k.phrase()).collect();
            if !kinds.is_empty() {
                out.push_str(&format!(" — blocked by the {}", kinds.join(", ")));
            }
        }
    }
    // Why the statement the request was filled from does not apply, when it does not.
    let own = e
        .policies
        .iter()
        .filter(|p| p.name == POLICY)
        .flat_map(|p| &p.statements)
        .find(|s| s.index == statement.index && !s.misses.is_empty());
    if let Some(s) = own {
        let why: Vec<String> = s.misses.iter().map(|(m, t)| m.describe(*t)).collect();
        out.push_str(&format!(" — `{}`: {}", s.label, why.join("; ")));
    }
    out
}
