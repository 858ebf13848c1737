//! The evaluation engine against the case tables in `eval_cases/`: condition operators, and the
//! policy evaluation logic across policy types and accounts. Every row states the expected
//! decision and the policy types that blocked it.

use iam_lsp::eval::{self, ContextValue, Decision, Kind, Named, PolicySet, Request, RequestPrincipal, RequestResource};
use iam_lsp::policy::PolicyType;

const ACCOUNT: &str = "111111111111";

fn policy(statements: &str, policy_type: PolicyType) -> Named {
    let text = format!(r#"{{"Version":"2012-10-17","Statement":{statements}}}"#);
    let policy = eval::parse_policy(&text, policy_type).unwrap_or_else(|e| panic!("{e}: {text}"));
    Named { name: "p".into(), policy }
}

fn letter(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "A",
        Decision::ImplicitlyDenied => "I",
        Decision::ExplicitlyDenied => "E",
        Decision::Undecided { .. } => "U",
    }
}

fn context_value(text: &str) -> Option<ContextValue> {
    match text {
        "-" => None,
        _ => Some(match text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            Some("") => ContextValue::Multi(Vec::new()),
            Some(list) => ContextValue::Multi(list.split(',').map(str::to_owned).collect()),
            None => ContextValue::Single(text.to_owned()),
        }),
    }
}

fn cells(line: &str) -> Vec<&str> {
    line.split(" | ").map(str::trim).collect()
}

fn rows(table: &str) -> impl Iterator<Item = (usize, &str)> {
    table.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#')).map(|(i, l)| (i + 1, l))
}

fn user() -> RequestPrincipal {
    RequestPrincipal::parse(&format!("arn:aws:iam::{ACCOUNT}:user/alice")).unwrap()
}

#[test]
fn condition_operators() {
    let table = include_str!("eval_cases/conditions.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for (line, row) in rows(table) {
        let [op, key, values, value, expect] = cells(row)[..] else { panic!("line {line}: 5 cells expected") };
        let statement = format!(
            r#"{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"{op}":{{"{key}":{values}}}}}}}"#
        );
        let set = PolicySet { identity: vec![policy(&statement, PolicyType::Identity)], ..PolicySet::default() };
        let mut request =
            Request::new(user(), "s3:GetObject", RequestResource::new("arn:aws:s3:::bucket/key", Some(ACCOUNT.into())));
        if let Some(v) = context_value(value) {
            request = request.with(key, v);
        }
        let got = letter(eval::evaluate(&set, &request).decision);
        count += 1;
        if got != expect {
            failures.push(format!("line {line}: {row}: got {got}"));
        }
    }
    assert!(count >= 150, "{count} condition cases");
    assert!(failures.is_empty(), "{} of {count} cases differ:\n{}", failures.len(), failures.join("\n"));
}

fn principal(token: &str) -> RequestPrincipal {
    let arn = match token {
        "user" => format!("arn:aws:iam::{ACCOUNT}:user/alice"),
        "session" => format!("arn:aws:sts::{ACCOUNT}:assumed-role/R/s"),
        "fed" => format!("arn:aws:sts::{ACCOUNT}:federated-user/bob"),
        "root" => format!("arn:aws:iam::{ACCOUNT}:root"),
        "svc" => "cloudtrail.amazonaws.com".into(),
        "anon" => "anonymous".into(),
        other => panic!("unknown principal {other}"),
    };
    RequestPrincipal::parse(&arn).unwrap()
}

fn who(token: &str) -> String {
    match token {
        "user" => format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:user/alice"}}"#),
        "session" => format!(r#"{{"AWS":"arn:aws:sts::{ACCOUNT}:assumed-role/R/s"}}"#),
        "role" => format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:role/R"}}"#),
        "acct" => format!(r#"{{"AWS":"{ACCOUNT}"}}"#),
        "root" => format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}}"#),
        "*" => r#""*""#.into(),
        "other" => r#"{"AWS":"arn:aws:iam::333333333333:user/x"}"#.into(),
        "svc" => r#"{"Service":"cloudtrail.amazonaws.com"}"#.into(),
        other => panic!("unknown principal {other}"),
    }
}

/// A policy cell: `-`, a shorthand, or JSON statements.
fn cell_policy(cell: &str, policy_type: PolicyType) -> Option<Named> {
    if cell == "-" {
        return None;
    }
    if cell.starts_with(['{', '[']) {
        return Some(policy(cell, policy_type));
    }
    let (effect_action, principal) = match cell.split_once(':') {
        Some((what, w)) => (what, Some(who(w))),
        None => (cell, None),
    };
    let (effect, action) = match effect_action {
        "allow" => ("Allow", "s3:GetObject"),
        "other" => ("Allow", "s3:PutObject"),
        "deny" => ("Deny", "s3:GetObject"),
        other => panic!("unknown policy {other}"),
    };
    let principal = match principal {
        Some(p) => format!(r#","Principal":{p}"#),
        // RCPs must name every principal.
        None if policy_type == PolicyType::Rcp => r#","Principal":"*""#.into(),
        None => String::new(),
    };
    Some(policy(&format!(r#"{{"Effect":"{effect}"{principal},"Action":"{action}","Resource":"*"}}"#), policy_type))
}

fn cell_levels(cell: &str, policy_type: PolicyType) -> Vec<Vec<Named>> {
    if cell == "-" {
        return Vec::new();
    }
    cell.split('/').map(|level| cell_policy(level, policy_type).into_iter().collect()).collect()
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Identity => "identity",
        Kind::Resource => "resource",
        Kind::PermissionsBoundary => "permissions-boundary",
        Kind::Session => "session",
        Kind::ServiceControl => "service-control",
        Kind::ResourceControl => "resource-control",
        Kind::VpcEndpoint => "vpc-endpoint",
    }
}

#[test]
fn evaluation_logic() {
    let table = include_str!("eval_cases/logic.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for (line, row) in rows(table) {
        let [who, account, identity, resource, boundary, session, scp, rcp, endpoint, expect, blocked] = cells(row)[..]
        else {
            panic!("line {line}: 11 cells expected")
        };
        let set = PolicySet {
            identity: cell_policy(identity, PolicyType::Identity).into_iter().collect(),
            resource: cell_policy(resource, PolicyType::Resource),
            boundary: cell_policy(boundary, PolicyType::Identity),
            session: cell_policy(session, PolicyType::Identity),
            scps: cell_levels(scp, PolicyType::Scp),
            rcps: cell_levels(rcp, PolicyType::Rcp),
            rcp_full_access: true,
            endpoint: cell_policy(endpoint, PolicyType::Resource),
        };
        let owner = if account == "cross" { "222222222222" } else { ACCOUNT };
        let request = Request::new(
            principal(who),
            "s3:GetObject",
            RequestResource::new("arn:aws:s3:::bucket/key", Some(owner.into())),
        );
        let evaluation = eval::evaluate(&set, &request);
        let got = letter(evaluation.decision);
        let got_blocked: Vec<&str> = evaluation.blocked_by.iter().map(|k| kind_name(*k)).collect();
        let got_blocked = if got_blocked.is_empty() { "-".to_owned() } else { got_blocked.join(",") };
        count += 1;
        if got != expect || got_blocked != blocked {
            failures.push(format!("line {line}: {row}\n    got {got} | {got_blocked}"));
        }
    }
    assert!(count >= 300, "{count} logic cases");
    assert!(failures.is_empty(), "{} of {count} cases differ:\n{}", failures.len(), failures.join("\n"));
}
