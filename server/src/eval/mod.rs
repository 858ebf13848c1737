//! Offline request evaluation: AWS's policy evaluation logic over a request and a set of
//! policies, the reason pointed at each statement; the parsing of AccessDenied messages; and
//! Access Analyzer's custom policy checks, sound where they answer "no".

mod condition;
mod custom;
mod decide;
mod fill;
mod message;
mod overrides;
mod request;
mod statement;
mod substitute;

pub use condition::{KeyOutcome, parse_date};
pub use custom::{Verdict, access_not_granted, no_new_access, no_public_access};
pub use decide::{Decision, Evaluation, Kind, Named, PolicySet, PolicyTrace, evaluate};
pub use fill::{policy_set, request_for};
pub use message::{Denial, Reason, parse_denial};
pub use overrides::{Extent, Override, overrides};
pub use request::{ContextValue, Naming, PrincipalKind, Request, RequestPrincipal, RequestResource};
pub use statement::{Miss, StatementTrace};
pub use substitute::Tri;

use crate::policy::{Policy, PolicyType};

/// Parses one policy document for evaluation; `Err` says why it is not one.
pub fn parse_policy(text: &str, policy_type: PolicyType) -> Result<Policy, String> {
    let parse = crate::syntax::parse(text);
    if let Some(err) = parse.errors.first() {
        return Err(format!("invalid JSON at byte {}: {}", err.range.start, err.message));
    }
    let mut doc = crate::policy::build(&parse, Some(policy_type), None);
    match doc.policies.len() {
        0 => Err("not an IAM policy (no Statement)".into()),
        1 => Ok(doc.policies.remove(0)),
        n => Err(format!("{n} policies in one document; IAM takes one")),
    }
}
