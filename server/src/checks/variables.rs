//! Policy variables (`${aws:username}`): `INVALID_VARIABLE` where IAM substitutes them (resource
//! ARNs, condition values) and `VARIABLE_UNSUPPORTED_IN_ELEMENT` where it reads them literally.
//! `Version` is the grammar rules' business (`VARIABLE_UNSUPPORTED_IN_VERSION`).

use crate::catalog::catalog;
use crate::policy::{PrincipalValue, Statement, Str, ValueKind};
use crate::syntax::TextRange;

use super::conditions::{lookup_key, suggest_keys};
use super::edit::replace_string;
use super::{Context, Edit, Finding, Rule, Severity, Types};

pub(super) const RULES: &[Rule] = &[
    Rule {
        code: "INVALID_VARIABLE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A policy variable is malformed or names no condition key.",
        explanation: "IAM replaces `${key}` with the request's value for that condition key, or with the \
            default in `${key, 'default'}`. An unterminated `${`, a key that does not exist (so the \
            variable never resolves and the resource or condition never matches) or a default not in \
            single quotes is a mistake. `${*}`, `${?}` and `${$}` stand for the literal characters.",
        bad: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:usrname}/*"
  }]
}"#,
        good: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"
  }]
}"#,
    },
    Rule {
        code: "VARIABLE_UNSUPPORTED_IN_ELEMENT",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A policy variable is used where IAM does not substitute variables.",
        explanation: "IAM replaces variables only in `Resource`/`NotResource` and in condition values. \
            In `Action`, `NotAction`, `Effect`, `Sid` and principals the text is taken literally, so \
            `${aws:username}` there matches nothing (or makes the policy invalid).",
        bad: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:user/${aws:username}"},
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
  }]
}"#,
        good: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*"
  }]
}"#,
    },
];

pub(super) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for statement in ctx.document.statements() {
        for (element, s) in literal_strings(statement) {
            if s.value.contains("${") {
                out.push(ctx.finding(
                    "VARIABLE_UNSUPPORTED_IN_ELEMENT",
                    s.range,
                    format!("`{element}` does not support policy variables: IAM reads \"{}\" literally.", s.value),
                ));
            }
        }
        let resources = statement.resources().into_iter().flat_map(|(list, _)| &list.items);
        for s in resources {
            check_string(ctx, &s.value, s.range, out);
        }
        let conditions = statement.condition.iter().flat_map(|c| &c.blocks).flat_map(|b| &b.entries);
        for value in conditions.flat_map(|e| &e.values).filter(|v| v.kind == ValueKind::String) {
            check_string(ctx, &value.text, value.range, out);
        }
    }
}

/// The strings of a statement where IAM does not substitute variables, with their element's name.
fn literal_strings(statement: &Statement) -> Vec<(&'static str, &Str)> {
    let mut found: Vec<(&'static str, &Str)> = Vec::new();
    found.extend(statement.sid.iter().map(|s| ("Sid", s)));
    found.extend(statement.effect.iter().map(|s| ("Effect", s)));
    found.extend(statement.action.iter().flat_map(|l| &l.items).map(|s| ("Action", s)));
    found.extend(statement.not_action.iter().flat_map(|l| &l.items).map(|s| ("NotAction", s)));
    for (element, principal) in [("Principal", &statement.principal), ("NotPrincipal", &statement.not_principal)] {
        match principal.as_ref().map(|p| &p.value) {
            Some(PrincipalValue::Str(s)) => found.push((element, s)),
            Some(PrincipalValue::Map(entries)) => {
                found.extend(entries.iter().flat_map(|e| &e.values).map(|s| (element, s)))
            }
            Some(PrincipalValue::Other) | None => {}
        }
    }
    found
}

/// One `${…}` in a string: byte offsets into the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Var<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) body: &'a str,
    pub(crate) terminated: bool,
}

pub(crate) fn scan(value: &str) -> Vec<Var<'_>> {
    let mut vars = Vec::new();
    let mut from = 0;
    while let Some(at) = value[from..].find("${") {
        let start = from + at;
        match value[start + 2..].find('}') {
            Some(close) => {
                let end = start + 2 + close + 1;
                vars.push(Var { start, end, body: &value[start + 2..end - 1], terminated: true });
                from = end;
            }
            None => {
                vars.push(Var { start, end: value.len(), body: &value[start + 2..], terminated: false });
                break;
            }
        }
    }
    vars
}

/// What is wrong with a variable, and the variables that may have been meant.
#[derive(Debug, PartialEq)]
struct Problem {
    message: String,
    replacements: Vec<String>,
}

fn problem(message: String, replacements: Vec<String>) -> Option<Problem> {
    Some(Problem { message, replacements })
}

fn validate(var: &Var<'_>) -> Option<Problem> {
    let written = format!("${{{}}}", var.body);
    if !var.terminated {
        // Close it after the longest leading key: `${aws:username/*` → `${aws:username}/*`.
        let fix = (1..=var.body.len())
            .rev()
            .filter(|&at| var.body.is_char_boundary(at) && !var.body[..at].contains(['*', '?', '$', ' ']))
            .find(|&at| lookup_key(&var.body[..at]).is_some())
            .map(|at| format!("${{{}}}{}", &var.body[..at], &var.body[at..]));
        return problem(
            format!("`${{{}` has no closing `}}`, so IAM does not read it as a variable.", var.body),
            fix.into_iter().collect(),
        );
    }
    let (name_part, default) = match var.body.split_once(',') {
        Some((name, default)) => (name, Some(default.trim())),
        None => (var.body, None),
    };
    let name = name_part.trim();
    if let Some(default) = default {
        let quoted = default.len() >= 2
            && default.starts_with('\'')
            && default.ends_with('\'')
            && !default[1..default.len() - 1].contains('\'');
        if !quoted {
            let bare = default.trim_matches(['\'', '"']);
            return problem(
                format!("The default value of `{written}` must be in single quotes, as in `${{{name}, 'default'}}`."),
                vec![format!("${{{name}, '{bare}'}}")],
            );
        }
        if matches!(name, "*" | "?" | "$") {
            return problem(
                format!("`${{{name}}}` stands for the character `{name}` and takes no default value."),
                vec![format!("${{{name}}}")],
            );
        }
    }
    if matches!(name, "*" | "?" | "$") {
        return None;
    }
    let with_default = |key: &str| match default {
        Some(d) => format!("${{{key}, {d}}}"),
        None => format!("${{{key}}}"),
    };
    if name.is_empty() {
        return problem(format!("`{written}` names no condition key."), Vec::new());
    }
    if let Some((key, rest)) =
        name.split_once(char::is_whitespace).filter(|(_, rest)| rest.trim_start().starts_with('\''))
    {
        return problem(
            format!("`{written}` needs a comma between the key and its default value."),
            vec![format!("${{{key}, {}}}", rest.trim())],
        );
    }
    let Some((prefix, _)) = name.split_once(':') else {
        let global = format!("aws:{name}");
        let fixes = lookup_key(&global).map(|k| with_default(&k.name)).into_iter().collect();
        return problem(format!("`{written}` is not a condition key (`prefix:name`, like `aws:username`)."), fixes);
    };
    let unknown = |names: Vec<&str>| {
        let fixes = suggest_keys(name, names.into_iter()).iter().map(|k| with_default(k)).collect::<Vec<_>>();
        let hint = fixes.first().map_or(String::new(), |f| format!("; did you mean `{f}`?"));
        problem(format!("`{written}` names no condition key, so it never resolves{hint}"), fixes)
    };
    if prefix.eq_ignore_ascii_case("aws") {
        if lookup_key(name).is_some() {
            return None;
        }
        return unknown(catalog().global_keys().iter().map(|k| k.name.as_str()).collect());
    }
    // Federation keys (`saml:`, `accounts.google.com:`…) and services the catalog does not know
    // may be valid: nothing to check against.
    let service = catalog().service(prefix)?;
    if service.condition_key(name).is_some() {
        return None;
    }
    unknown(service.condition_keys.iter().map(|k| k.name.as_str()).collect())
}

/// Checks the variables of a string whose literal spans `range` (quotes included).
fn check_string(ctx: &Context<'_>, value: &str, range: TextRange, out: &mut Vec<Finding>) {
    if !value.contains("${") {
        return;
    }
    // Offsets map one to one onto the literal only when it has no escapes.
    let inner = TextRange::new(range.start + 1, range.end.saturating_sub(1));
    let verbatim = range.len() >= 2 && ctx.text.get(inner.start..inner.end) == Some(value);
    for var in scan(value) {
        let Some(problem) = validate(&var) else { continue };
        let at = if verbatim { TextRange::new(inner.start + var.start, inner.start + var.end) } else { range };
        let mut finding = ctx.finding("INVALID_VARIABLE", at, problem.message);
        for replacement in problem.replacements {
            let edit = if verbatim {
                Edit::replace(at, replacement.clone())
            } else {
                let fixed = format!("{}{replacement}{}", &value[..var.start], &value[var.end..]);
                replace_string(range, &fixed)
            };
            finding = finding.with_fix(format!("Use `{replacement}`"), vec![edit], false);
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: &str) -> Option<Problem> {
        let vars = scan(value);
        vars.iter().find_map(validate)
    }

    #[test]
    fn scans_variables() {
        let vars = scan("a/${aws:username}/${x");
        assert_eq!(vars.len(), 2);
        assert_eq!((vars[0].start, vars[0].end, vars[0].body, vars[0].terminated), (2, 17, "aws:username", true));
        assert_eq!((vars[1].body, vars[1].terminated), ("x", false));
        assert!(scan("no variables $ {here}").is_empty());
    }

    #[test]
    fn accepts_documented_variables() {
        for ok in [
            "${aws:username}",
            "${AWS:UserName}",
            "${aws:userid}",
            "${aws:PrincipalTag/team}",
            "${aws:ResourceTag/team}",
            "${aws:SourceIp}",
            "${aws:CurrentTime}",
            "${aws:EpochTime}",
            "${aws:PrincipalType}",
            "${aws:PrincipalAccount}",
            "${aws:PrincipalOrgID}",
            "${aws:PrincipalServiceName}",
            "${aws:SecureTransport}",
            "${aws:TokenIssueTime}",
            "${ec2:SourceInstanceARN}",
            "${saml:sub}",
            "${cognito-identity.amazonaws.com:sub}",
            "${www.amazon.com:user_id}",
            "${graph.facebook.com:id}",
            "${accounts.google.com:sub}",
            "${sts:RoleSessionName}",
            "${s3:prefix}",
            "${*}",
            "${?}",
            "${$}",
            "${aws:username, 'nobody'}",
            "${ aws:username , 'a b' }",
            "${aws:username,''}",
            "${unknownservice:key}",
        ] {
            assert_eq!(check(ok), None, "{ok}");
        }
    }

    #[test]
    fn rejects_mistakes_with_repairs() {
        let p = check("home/${aws:usrname}/*").unwrap();
        assert_eq!(p.replacements[0], "${aws:username}");
        let p = check("${username}").unwrap();
        assert_eq!(p.replacements, ["${aws:username}"]);
        let p = check("${aws:username, nobody}").unwrap();
        assert_eq!(p.replacements, ["${aws:username, 'nobody'}"]);
        let p = check("${aws:username 'nobody'}").unwrap();
        assert_eq!(p.replacements, ["${aws:username, 'nobody'}"]);
        assert_eq!(check("${aws:username/*").unwrap().replacements, ["${aws:username}/*"]);
        assert!(check("${nothing").unwrap().replacements.is_empty());
        assert!(check("${}").is_some());
        assert!(check("${*, 'x'}").is_some());
        assert_eq!(check("${s3:prefixx}").unwrap().replacements[0], "${s3:prefix}");
    }
}
