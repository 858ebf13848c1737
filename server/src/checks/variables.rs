//! Policy variables (`${aws:username}`): malformed or unknown variables where IAM substitutes them
//! (resource ARNs, condition values), under Access Analyzer's codes (`MISSING_BRACE_IN_VARIABLE`…),
//! and `VARIABLE_UNSUPPORTED_IN_ELEMENT` where it reads them literally.
//! `Version` is the grammar rules' business (`VARIABLE_UNSUPPORTED_IN_VERSION`).

use crate::catalog::{catalog, find_variable, has_variable};
use crate::policy::{PrincipalValue, Statement, Str, ValueKind};
use crate::syntax::TextRange;

use super::conditions::{lookup_key, suggest_keys};
use super::edit::replace_string;
use super::memo::Local;
use super::{Context, Edit, Finding, Rule, Severity, Stmt, Types};

/// The good example of the variable rules that fix a `Resource`: a user's home folder.
const HOME_FOLDER: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"
  }]
}"#;

pub(super) const RULES: &[Rule] = &[
    Rule {
        code: "MISSING_BRACE_IN_VARIABLE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A policy variable has no closing brace.",
        explanation: "A variable is `${` followed by a condition key and `}`. Without the `}` IAM does not read it as a \
            variable, so the resource or condition compares with the literal text.",
        bad: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username/*"
  }]
}"#,
        good: HOME_FOLDER,
    },
    Rule {
        code: "MISSING_QUOTE_IN_VARIABLE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A policy variable's default value is not in single quotes.",
        explanation: "`${key, 'default'}` gives the value used when the request lacks the key. The default must begin \
            and end with a single quote; IAM rejects any other spelling.",
        bad: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, company-wide}/*"
  }]
}"#,
        good: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}/*"
  }]
}"#,
    },
    Rule {
        code: "UNSUPPORTED_SPACE_IN_VARIABLE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A policy variable has a space in its key.",
        explanation: "The key of a variable cannot contain a space (`${aws: username}`); a space is allowed only in and \
            before the default value, after the comma (`${aws:PrincipalTag/team, 'company-wide'}`).",
        bad: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws: username}/*"
  }]
}"#,
        good: HOME_FOLDER,
    },
    Rule {
        code: "EMPTY_VARIABLE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A policy variable names nothing.",
        explanation: "`${}` names no condition key, so IAM has nothing to substitute: remove it or write the key in it.",
        bad: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${}/*"
  }]
}"#,
        good: HOME_FOLDER,
    },
    Rule {
        code: "UNSUPPORTED_SYMBOL_IN_VARIABLE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A policy variable's key has a symbol no key name has.",
        explanation: "Condition key names hold letters, digits and `: / - _ . + = @`. Any other symbol in a variable \
            (`${aws:username*}`) is a typo; `${*}`, `${?}` and `${$}` alone stand for those characters.",
        bad: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username*}"
  }]
}"#,
        good: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}${*}"
  }]
}"#,
    },
    Rule {
        code: "INVALID_VARIABLE",
        types: Types::ALL,
        severity: Severity::Error,
        summary: "A policy variable names no condition key.",
        explanation: "IAM replaces `${key}` with the request's value for that condition key. A key that does not exist \
            never resolves, so the resource or condition never matches; `${*}`, `${?}` and `${$}` take no \
            default value. The other malformed variables have Access Analyzer's codes.",
        bad: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:usrname}/*"
  }]
}"#,
        good: HOME_FOLDER,
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

pub(super) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    let (statement, out) = (stmt.statement, &mut local.findings);
    for (element, s) in literal_strings(statement) {
        if has_variable(&s.value) {
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

/// One `${…}` in a string, as IAM reads it: byte offsets into the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Variable<'a> {
    pub start: usize,
    /// Past the closing `}`, or the end of the value when it is missing.
    pub end: usize,
    /// Everything between `${` and `}`.
    pub body: &'a str,
    /// The key, without the white space around it.
    pub key: &'a str,
    /// The default value of `${key, 'default'}`, without its quotes; `None` when there is none
    /// or it is not quoted.
    pub default: Option<&'a str>,
    pub terminated: bool,
}

/// The variables of a string. A default may contain anything but a quote, so its `}` or `,` do
/// not end the variable: `${aws:PrincipalTag/team, 'a, b'}`.
pub(crate) fn variables(value: &str) -> Vec<Variable<'_>> {
    let mut vars = Vec::new();
    let mut from = 0;
    while let Some(at) = find_variable(&value[from..]) {
        let start = from + at;
        let body_start = start + 2;
        let close = match value[body_start..].find([',', '}']) {
            Some(i) if value.as_bytes()[body_start + i] == b',' => {
                default_end(value, body_start + i + 1).or_else(|| value[body_start..].find('}').map(|j| body_start + j))
            }
            Some(i) => Some(body_start + i),
            None => None,
        };
        let Some(close) = close else {
            let body = &value[body_start..];
            vars.push(Variable { start, end: value.len(), body, key: body.trim(), default: None, terminated: false });
            break;
        };
        let body = &value[body_start..close];
        let (key, default) = match body.split_once(',') {
            Some((key, default)) => (key.trim(), quoted(default.trim())),
            None => (body.trim(), None),
        };
        vars.push(Variable { start, end: close + 1, body, key, default, terminated: true });
        from = close + 1;
    }
    vars
}

/// Where the `}` after a quoted default starting at or after `from` is.
fn default_end(value: &str, from: usize) -> Option<usize> {
    let rest = &value[from..];
    let open = rest.len() - rest.trim_start().len();
    if !rest[open..].starts_with('\'') {
        return None;
    }
    let after_open = from + open + 1;
    let close_quote = after_open + value[after_open..].find('\'')?;
    let tail = &value[close_quote + 1..];
    let gap = tail.len() - tail.trim_start().len();
    tail[gap..].starts_with('}').then_some(close_quote + 1 + gap)
}

/// `'text'` → `text`.
fn quoted(default: &str) -> Option<&str> {
    let inner = default.strip_prefix('\'')?.strip_suffix('\'')?;
    (!inner.contains('\'')).then_some(inner)
}

/// What is wrong with a variable, under which code, and the variables that may have been meant.
#[derive(Debug, PartialEq)]
struct Problem {
    code: &'static str,
    message: String,
    replacements: Vec<String>,
}

fn problem(code: &'static str, message: String, replacements: Vec<String>) -> Option<Problem> {
    Some(Problem { code, message, replacements })
}

/// Characters of condition key names (tag keys included) besides letters and digits.
const KEY_SYMBOLS: &[char] = &[':', '/', '-', '_', '.', '+', '=', '@'];

fn validate(var: &Variable<'_>) -> Option<Problem> {
    let written = Written(var.body);
    if !var.terminated {
        // Close it after the longest leading key: `${aws:username/*` → `${aws:username}/*`.
        let fix = (1..=var.body.len())
            .rev()
            .filter(|&at| var.body.is_char_boundary(at) && !var.body[..at].contains(['*', '?', '$', ' ']))
            .find(|&at| lookup_key(&var.body[..at]).is_some())
            .map(|at| format!("${{{}}}{}", &var.body[..at], &var.body[at..]));
        return problem(
            "MISSING_BRACE_IN_VARIABLE",
            format!(
                "`${{{}` has no closing `}}`, so IAM does not read it as a variable: add `}}` after the variable text.",
                var.body
            ),
            fix.into_iter().collect(),
        );
    }
    let name = var.key;
    if name.is_empty() {
        return problem(
            "EMPTY_VARIABLE",
            format!("`{written}` is an empty policy variable: remove it or name a condition key in it."),
            Vec::new(),
        );
    }
    let default = var.body.split_once(',').map(|(_, d)| d.trim());
    if let Some(default) = default.filter(|_| var.default.is_none()) {
        let bare = default.trim_matches(['\'', '"']);
        return problem(
            "MISSING_QUOTE_IN_VARIABLE",
            format!(
                "The default value of `{written}` must begin and end with a single quote, as in `${{{name}, 'default'}}`."
            ),
            vec![format!("${{{name}, '{bare}'}}")],
        );
    }
    let with_default = |key: &str| match default {
        Some(d) => format!("${{{key}, {d}}}"),
        None => format!("${{{key}}}"),
    };
    if let Some((key, rest)) = name.split_once(char::is_whitespace) {
        let rest = rest.trim_start();
        let (message, fixes) = if rest.starts_with('\'') {
            (
                format!(
                    "`{written}` has a space in the variable text: a comma separates the key from its default value."
                ),
                vec![format!("${{{key}, {rest}}}")],
            )
        } else {
            let joined: String = name.split_whitespace().collect();
            let fixes = lookup_key(&joined).map(|_| with_default(&joined)).into_iter().collect();
            (
                format!("`{written}` has a space in the variable text, which IAM does not support: remove the space."),
                fixes,
            )
        };
        return problem("UNSUPPORTED_SPACE_IN_VARIABLE", message, fixes);
    }
    if matches!(name, "*" | "?" | "$") {
        return default.map(|_| Problem {
            code: "INVALID_VARIABLE",
            message: format!("`${{{name}}}` stands for the character `{name}` and takes no default value."),
            replacements: vec![format!("${{{name}}}")],
        });
    }
    if let Some(symbol) = name.chars().find(|c| !c.is_alphanumeric() && !KEY_SYMBOLS.contains(c)) {
        let stripped: String = name.chars().filter(|c| c.is_alphanumeric() || KEY_SYMBOLS.contains(c)).collect();
        let fixes = lookup_key(&stripped).map(|_| with_default(&stripped)).into_iter().collect();
        return problem(
            "UNSUPPORTED_SYMBOL_IN_VARIABLE",
            format!(
                "`{written}` has the symbol `{symbol}`, which no condition key name has: only `${{*}}`, `${{?}}` and `${{$}}` stand for a symbol."
            ),
            fixes,
        );
    }
    let Some((prefix, _)) = name.split_once(':') else {
        let global = format!("aws:{name}");
        let fixes = lookup_key(&global).map(|k| with_default(&k.name)).into_iter().collect();
        return problem(
            "INVALID_VARIABLE",
            format!("`{written}` is not a condition key (`prefix:name`, like `aws:username`)."),
            fixes,
        );
    };
    let unknown = |names: Vec<&str>| {
        let fixes = suggest_keys(name, names.into_iter()).iter().map(|k| with_default(k)).collect::<Vec<_>>();
        let hint = fixes.first().map_or(String::new(), |f| format!("; did you mean `{f}`?"));
        problem("INVALID_VARIABLE", format!("`{written}` names no condition key, so it never resolves{hint}"), fixes)
    };
    if prefix.eq_ignore_ascii_case("aws") {
        if lookup_key(name).is_some() {
            return None;
        }
        return unknown(catalog().global_keys().iter().map(|k| k.name).collect());
    }
    // Federation keys (`saml:`, `accounts.google.com:`…) and services the catalog does not know
    // may be valid: nothing to check against.
    let service = catalog().service(prefix)?;
    if service.condition_key(name).is_some() {
        return None;
    }
    unknown(service.condition_keys.iter().map(|k| k.name).collect())
}

/// A variable as written, `${body}`, for the messages: formatted only into those of a variable
/// with a problem, not for every variable checked.
struct Written<'a>(&'a str);

impl std::fmt::Display for Written<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "${{{}}}", self.0)
    }
}

/// Checks the variables of a string whose literal spans `range` (quotes included).
fn check_string(ctx: &Context<'_>, value: &str, range: TextRange, out: &mut Vec<Finding>) {
    if !has_variable(value) {
        return;
    }
    // Offsets map one to one onto the literal only when it has no escapes.
    let inner = TextRange::new(range.start + 1, range.end.saturating_sub(1));
    let verbatim = range.len() >= 2 && ctx.text.get(inner.start..inner.end) == Some(value);
    for var in variables(value) {
        let Some(problem) = validate(&var) else { continue };
        let at = if verbatim { TextRange::new(inner.start + var.start, inner.start + var.end) } else { range };
        let mut finding = ctx.finding(problem.code, at, problem.message);
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
        let vars = variables(value);
        vars.iter().find_map(validate)
    }

    #[test]
    fn scans_variables() {
        let vars = variables("a/${aws:username}/${x");
        assert_eq!(vars.len(), 2);
        assert_eq!((vars[0].start, vars[0].end, vars[0].body, vars[0].terminated), (2, 17, "aws:username", true));
        assert_eq!((vars[1].body, vars[1].terminated), ("x", false));
        assert!(variables("no variables $ {here}").is_empty());
    }

    #[test]
    fn exposes_defaults() {
        let vars = variables("arn:aws:s3:::b-${aws:PrincipalTag/team, 'company-wide'}/x");
        assert_eq!((vars[0].key, vars[0].default), ("aws:PrincipalTag/team", Some("company-wide")));
        assert_eq!(&"arn:aws:s3:::b-${aws:PrincipalTag/team, 'company-wide'}/x"[vars[0].end..], "/x");
        // A quoted default may hold `,` and `}`.
        let vars = variables("${aws:username, 'a, b}'}!");
        assert_eq!((vars[0].default, vars[0].end), (Some("a, b}"), 24));
        assert_eq!(variables("${aws:username,nobody}")[0].default, None);
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
            "${aws:PrincipalTag/team, 'company-wide'}",
            "${aws:PrincipalTag/cost-center.id+x=y@z:q}",
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
        assert_eq!(
            (p.code, p.replacements),
            ("UNSUPPORTED_SPACE_IN_VARIABLE", vec!["${aws:username, 'nobody'}".to_owned()])
        );
        let p = check("${aws: username}").unwrap();
        assert_eq!((p.code, p.replacements), ("UNSUPPORTED_SPACE_IN_VARIABLE", vec!["${aws:username}".to_owned()]));
        let p = check("${aws:username/*").unwrap();
        assert_eq!((p.code, p.replacements), ("MISSING_BRACE_IN_VARIABLE", vec!["${aws:username}/*".to_owned()]));
        assert!(check("${nothing").unwrap().replacements.is_empty());
        assert_eq!(check("${}").unwrap().code, "EMPTY_VARIABLE");
        assert_eq!(check("${  }").unwrap().code, "EMPTY_VARIABLE");
        assert_eq!(check("${aws:username, nobody}").unwrap().code, "MISSING_QUOTE_IN_VARIABLE");
        assert_eq!(check("${aws:username, 'nobody}").unwrap().code, "MISSING_QUOTE_IN_VARIABLE");
        let p = check("${aws:username!}").unwrap();
        assert_eq!((p.code, p.replacements), ("UNSUPPORTED_SYMBOL_IN_VARIABLE", vec!["${aws:username}".to_owned()]));
        assert_eq!(check("${*, 'x'}").unwrap().code, "INVALID_VARIABLE");
        assert_eq!(check("${s3:prefixx}").unwrap().replacements[0], "${s3:prefix}");
    }
}
