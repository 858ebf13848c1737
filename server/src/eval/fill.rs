//! A request filled from one statement, for the editor's "Simulate a request": its first
//! concrete action, a resource it names (or an ARN of the action's resource type for `*`), the
//! principal it names, and the context keys its conditions need to hold. And the policy set a
//! single document makes, by its type.

use crate::catalog;
use crate::catalog::find_variable;
use crate::policy::{Policy, PolicyType, PrincipalValue, Statement};

use super::custom::{expand, satisfying};
use super::decide::{Named, PolicySet};
use super::request::{ContextValue, Request, RequestPrincipal, RequestResource};
use super::substitute::{Tri, glob};

/// The account of the example principal when the statement names none.
const ACCOUNT: &str = "111122223333";
const REGION: &str = "us-east-1";

/// The request, or `None` when the statement has no action a request can have (`"NotAction": "*"`,
/// no action the catalog knows).
pub fn request_for(statement: &Statement) -> Option<Request> {
    let action = first_action(statement)?;
    let principal = principal_for(statement);
    let account = principal.account.clone().unwrap_or_else(|| ACCOUNT.to_owned());
    let (resource, variables) = resource_for(statement, &action, &account);
    let mut request = Request::new(principal, &action, RequestResource::new(&resource, None));
    // A policy variable in the resource takes the request's own value, else `example`.
    for name in variables {
        if request.lookup(&name).is_none() {
            request.context.insert(name, ContextValue::Single("example".into()));
        }
    }
    for block in statement.condition.iter().flat_map(|c| &c.blocks) {
        let Some(op) = crate::policy::Operator::parse(&block.operator.value) else { continue };
        for e in &block.entries {
            if let Some(value) = satisfying(&op, &e.values) {
                request.context.insert(e.key.value.to_string(), value);
            }
        }
    }
    Some(request)
}

/// The first action entry without wildcards; else the first catalog action an entry matches;
/// for `NotAction`, the first catalog action it does not exclude.
fn first_action(statement: &Statement) -> Option<String> {
    let (list, negated) = statement.actions()?;
    if negated {
        let excluded = |a: &str| list.items.iter().any(|p| glob(&p.value, a, true) != Tri::No);
        return catalog::catalog()
            .services()
            .flat_map(|svc| svc.actions.iter().map(move |a| format!("{}:{}", svc.prefix, a.name())))
            .find(|a| !excluded(a));
    }
    let literal = list.items.iter().find(|i| i.value.contains(':') && !i.value.contains(['*', '?']));
    match literal {
        Some(item) => Some(item.value.to_string()),
        None => list.items.iter().find_map(|i| expand(&i.value).into_iter().next()),
    }
}

/// The first AWS or service principal the statement names: an account (or its root) becomes an
/// IAM user of that account, so that the request is not the root user's.
fn principal_for(statement: &Statement) -> RequestPrincipal {
    let example = || RequestPrincipal::parse(&format!("arn:aws:iam::{ACCOUNT}:user/example"));
    let named = statement.principal.as_ref().and_then(|p| match &p.value {
        PrincipalValue::Map(entries) => entries.iter().find_map(|e| {
            let value = e.values.iter().find(|v| !v.value.contains(['*', '?']))?.value.as_ref();
            match &*e.kind.value {
                "AWS" if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) => {
                    RequestPrincipal::parse(&format!("arn:aws:iam::{value}:user/example"))
                }
                "AWS" => match value.strip_suffix(":root") {
                    Some(account) => RequestPrincipal::parse(&format!("{account}:user/example")),
                    None => RequestPrincipal::parse(value).or_else(|| role_session(value)),
                },
                "Service" => RequestPrincipal::parse(value),
                _ => None,
            }
        }),
        _ => None,
    });
    named.or_else(example).expect("a valid example principal")
}

/// A role ARN names the role's sessions: the request comes from one.
fn role_session(arn: &str) -> Option<RequestPrincipal> {
    let (head, role) = arn.split_once(":role/")?;
    let account = head.strip_prefix("arn:aws:iam::")?;
    let name = role.rsplit('/').next()?;
    RequestPrincipal::parse(&format!("arn:aws:sts::{account}:assumed-role/{name}/example"))
}

/// A resource of the statement the action can use, made concrete; with the policy variables it
/// contains. `NotResource` and `*` take the first ARN template of the action's resource types.
fn resource_for(statement: &Statement, action: &str, account: &str) -> (String, Vec<String>) {
    let found = catalog::catalog().action(action);
    let templates: Vec<&str> =
        found.iter().flat_map(|a| a.resource_types().flat_map(|(r, _)| r.templates().take(1))).collect();
    let listed: Vec<&str> = match statement.resources() {
        Some((list, false)) => list.items.iter().map(|i| &*i.value).filter(|v| *v != "*").collect(),
        _ => Vec::new(),
    };
    let usable = |r: &&&str| found.is_none_or(|a| a.resource_types().any(|(t, _)| t.matches_arn(r)));
    if let Some(r) = listed.iter().find(usable).or(listed.first()) {
        return concrete(r, account);
    }
    match templates.first() {
        Some(t) => (fill_template(t, account), Vec::new()),
        None => ("*".to_owned(), Vec::new()),
    }
}

/// `${Partition}`, `${Region}`, `${Account}` and the names of a catalog ARN template filled in.
fn fill_template(template: &str, account: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = find_variable(rest) {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else { break };
        out.push_str(match &rest[start + 2..start + len] {
            "Partition" => "aws",
            "Region" => REGION,
            "Account" => account,
            _ => "example",
        });
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// One ARN a pattern matches: wildcards in the region and account become a real region and the
/// principal's account, elsewhere `example`; each policy variable `${name}` becomes `example`
/// (set as the key's value unless the request has one).
fn concrete(pattern: &str, account: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut variables = Vec::new();
    let mut from = 0;
    for var in crate::checks::variables::variables(pattern) {
        let name = var.body.split(',').next().unwrap_or("").trim();
        text.push_str(&pattern[from..var.start]);
        match name {
            "*" | "?" | "$" => text.push_str(name),
            _ => {
                text.push_str("example");
                variables.push(name.to_owned());
            }
        }
        from = var.end;
    }
    text.push_str(&pattern[from..]);
    let mut fields: Vec<String> = text.splitn(6, ':').map(str::to_owned).collect();
    let wild = |s: &str| s.contains(['*', '?']);
    if fields.len() == 6 && fields[0] == "arn" {
        if wild(&fields[1]) {
            fields[1] = "aws".into();
        }
        if wild(&fields[3]) {
            fields[3] = REGION.into();
        }
        if wild(&fields[4]) {
            fields[4] = account.into();
        }
    }
    let arn = fields.join(":").replace('*', "example").replace('?', "x");
    (arn, variables)
}

/// The policy set one document makes: identity-policy grammar as the principal's identity
/// policy (a boundary or session policy beside an identity policy allowing everything, as it
/// grants nothing alone), a resource or trust policy as the resource's, an SCP or RCP as the one
/// level of its kind, an endpoint policy as the endpoint's; SCPs, RCPs and endpoint policies
/// beside an identity policy allowing everything.
pub fn policy_set(policy: &Policy, name: &str) -> PolicySet {
    let named = Named { name: name.to_owned(), policy: policy.clone() };
    let allow_all = || {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        let doc = crate::policy::build(&crate::syntax::parse(text), Some(PolicyType::Identity), None);
        let policy = doc.policies.into_iter().next().expect("a valid built-in policy");
        vec![Named { name: "an identity policy allowing everything".into(), policy }]
    };
    match policy.policy_type {
        PolicyType::Identity => PolicySet { identity: vec![named], ..PolicySet::default() },
        PolicyType::Boundary => PolicySet { identity: allow_all(), boundary: Some(named), ..PolicySet::default() },
        PolicyType::Session => PolicySet { identity: allow_all(), session: Some(named), ..PolicySet::default() },
        PolicyType::Resource | PolicyType::Trust => PolicySet { resource: Some(named), ..PolicySet::default() },
        PolicyType::Scp => PolicySet { identity: allow_all(), scps: vec![vec![named]], ..PolicySet::default() },
        PolicyType::Rcp => {
            PolicySet { identity: allow_all(), rcps: vec![vec![named]], rcp_full_access: true, ..PolicySet::default() }
        }
        PolicyType::Endpoint => PolicySet { identity: allow_all(), endpoint: Some(named), ..PolicySet::default() },
    }
}
