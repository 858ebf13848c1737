//! The `Condition` element against a request: every operator, `IfExists`, set qualifiers, `Null`.
//!
//! Blocks and keys are ANDed, the values of one key ORed. A key the request lacks makes a plain
//! operator fail (a negated one match), `…IfExists` match, `ForAllValues` match (vacuously, also
//! on an empty set) and `ForAnyValue` fail.

use std::net::IpAddr;

use crate::policy::{AbsentKey, CondValue, Condition, Operator, OperatorFamily, Qualifier};

use super::request::{ContextValue, Request};
use super::substitute::{Resolved, Tri, glob_resolved, resolve};

/// Why a condition entry did not match, or could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeyOutcome {
    pub operator: String,
    pub key: String,
    pub result: Tri,
    /// Set when the result is `Unknown`.
    pub note: Option<String>,
}

/// Evaluates every entry; the condition holds when all hold.
pub fn evaluate(condition: &Condition, request: &Request, current: bool) -> Vec<KeyOutcome> {
    let mut out = Vec::new();
    for block in &condition.blocks {
        let Some(op) = Operator::parse(&block.operator.value) else {
            for entry in &block.entries {
                out.push(KeyOutcome {
                    operator: block.operator.value.to_string(),
                    key: entry.key.value.to_string(),
                    result: Tri::Unknown,
                    note: Some(format!("unknown condition operator `{}`", block.operator.value)),
                });
            }
            continue;
        };
        for entry in &block.entries {
            let (result, note) = entry_result(&op, &entry.key.value, &entry.values, request, current);
            out.push(KeyOutcome { operator: op.name(), key: entry.key.value.to_string(), result, note });
        }
    }
    out
}

fn entry_result(
    op: &Operator,
    key: &str,
    values: &[CondValue],
    request: &Request,
    current: bool,
) -> (Tri, Option<String>) {
    let present = request.lookup(key);
    let empty = matches!(&present, Some(ContextValue::Multi(v)) if v.is_empty());
    if op.family == OperatorFamily::Null {
        if empty {
            return (Tri::Unknown, Some(format!("`Null` on `{key}` given as an empty set")));
        }
        let wants_absent = match values.iter().map(|v| v.text.to_ascii_lowercase()).collect::<Vec<_>>()[..] {
            [ref v] if v == "true" => true,
            [ref v] if v == "false" => false,
            _ => return (Tri::Unknown, Some("`Null` takes one value, true or false".into())),
        };
        return (Tri::from_bool(present.is_none() == wants_absent), None);
    }
    let Some(present) = present.filter(|_| !empty) else {
        if empty && op.qualifier.is_none() && !op.if_exists {
            return (Tri::Unknown, Some(format!("`{key}` is an empty set and `{}` takes one value", op.name())));
        }
        return (Tri::from_bool(op.when_key_absent() == AbsentKey::Matches), None);
    };
    let request_values = present.values();
    // Does one request value satisfy the base operator (negation included)?
    let one = |value: &str| -> Result<Tri, String> {
        let mut any = Tri::No;
        for policy_value in values {
            any = any.or(compare(op, &policy_value.text, value, request, current)?);
        }
        Ok(if op.negated { !any } else { any })
    };
    let mut results = Vec::new();
    for value in request_values {
        match one(value) {
            Ok(t) => results.push(t),
            Err(note) => return (Tri::Unknown, Some(note)),
        }
    }
    let result = match op.qualifier {
        Some(Qualifier::ForAllValues) => Tri::all(results),
        Some(Qualifier::ForAnyValue) => Tri::any(results),
        None if results.len() == 1 => results[0],
        None => {
            return (
                Tri::Unknown,
                Some(format!("`{key}` has several values and `{}` has no ForAllValues/ForAnyValue", op.name())),
            );
        }
    };
    (result, None)
}

/// One policy value against one request value, before negation. `Err` says why it cannot be read.
fn compare(op: &Operator, policy: &str, value: &str, request: &Request, current: bool) -> Result<Tri, String> {
    let base = op.base;
    let resolved = || match resolve(policy, request, current) {
        Resolved::Text { text, .. } => Ok(Some(text)),
        Resolved::Missing => Ok(None),
        Resolved::Unknown => Err(format!("cannot resolve the policy variables of `{policy}`")),
    };
    Ok(match op.family {
        OperatorFamily::String => match base {
            "StringLike" | "StringNotLike" => glob_resolved(policy, value, request, current, false),
            "StringEqualsIgnoreCase" | "StringNotEqualsIgnoreCase" => match resolved()? {
                Some(text) => Tri::from_bool(text.to_lowercase() == value.to_lowercase()),
                None => Tri::No,
            },
            _ => match resolved()? {
                Some(text) => Tri::from_bool(text == value),
                None => Tri::No,
            },
        },
        OperatorFamily::Arn => arn_match(policy, value, request, current)?,
        OperatorFamily::Numeric => {
            let p = policy.trim().parse::<f64>().map_err(|_| format!("`{policy}` is not a number"))?;
            let Ok(v) = value.trim().parse::<f64>() else {
                return Err(format!("request value `{value}` is not a number"));
            };
            Tri::from_bool(match base {
                "NumericEquals" | "NumericNotEquals" => v == p,
                "NumericLessThan" => v < p,
                "NumericLessThanEquals" => v <= p,
                "NumericGreaterThan" => v > p,
                _ => v >= p,
            })
        }
        OperatorFamily::Date => {
            let p = parse_date(policy).ok_or_else(|| format!("`{policy}` is not a date"))?;
            let v = parse_date(value).ok_or_else(|| format!("request value `{value}` is not a date"))?;
            Tri::from_bool(match base {
                "DateEquals" | "DateNotEquals" => v == p,
                "DateLessThan" => v < p,
                "DateLessThanEquals" => v <= p,
                "DateGreaterThan" => v > p,
                _ => v >= p,
            })
        }
        OperatorFamily::Bool => {
            let Some(text) = resolved()? else { return Ok(Tri::No) };
            if !text.eq_ignore_ascii_case("true") && !text.eq_ignore_ascii_case("false") {
                return Err(format!("`{policy}` is not true or false"));
            }
            Tri::from_bool(text.eq_ignore_ascii_case(value))
        }
        // Base64 text compared as written (AWS compares the decoded bytes of canonical base64).
        OperatorFamily::Binary => Tri::from_bool(policy == value),
        OperatorFamily::IpAddress => {
            let (net, prefix) = parse_cidr(policy).ok_or_else(|| format!("`{policy}` is not an IP address or CIDR"))?;
            match value.trim().parse::<IpAddr>() {
                Ok(ip) => Tri::from_bool(in_network(ip, net, prefix)),
                Err(_) => return Err(format!("request value `{value}` is not an IP address")),
            }
        }
        OperatorFamily::Null => Tri::Unknown,
    })
}

/// `ArnEquals` and `ArnLike` alike: each of the six colon-separated fields matched on its own,
/// with case, `*` and `?` allowed in every field.
fn arn_match(policy: &str, value: &str, request: &Request, current: bool) -> Result<Tri, String> {
    let text = match resolve(policy, request, current) {
        Resolved::Text { text, literal_specials: false } => text,
        Resolved::Missing => return Ok(Tri::No),
        _ => return Err(format!("cannot resolve the policy variables of `{policy}`")),
    };
    if text == "*" {
        return Ok(Tri::Yes);
    }
    let p: Vec<&str> = text.splitn(6, ':').collect();
    if p.len() != 6 {
        return Err(format!("`{policy}` is not an ARN pattern of six fields"));
    }
    let v: Vec<&str> = value.splitn(6, ':').collect();
    if v.len() != 6 {
        return Ok(Tri::No);
    }
    Ok(Tri::all(p.iter().zip(&v).map(|(p, v)| super::substitute::glob(p, v, false))))
}

fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let (addr, prefix) = match text.trim().split_once('/') {
        Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
        None => (text.trim().parse::<IpAddr>().ok()?, None),
    };
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = prefix.unwrap_or(max);
    (prefix <= max).then_some((addr, prefix))
}

fn in_network(ip: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix) };
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

/// An ISO 8601 date or date-time (UTC unless an offset is given), or epoch seconds, as epoch
/// milliseconds.
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<i64>() {
        return Some(secs * 1000);
    }
    let num =
        |s: &str| -> Option<i64> { (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())? };
    let (date, time) = match text.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut d = date.split('-');
    let (y, m, day) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let mut millis = days_from_civil(y, m, day) * 86_400_000;
    if let Some(time) = time {
        let (clock, offset) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else if let Some(at) = time.rfind(['+', '-']) {
            let (h, mi) = time[at + 1..].split_once(':').unwrap_or((&time[at + 1..], "0"));
            let sign = if time.as_bytes()[at] == b'-' { -1 } else { 1 };
            (&time[..at], sign * (num(h)? * 60 + num(mi)?) * 60_000)
        } else {
            (time, 0)
        };
        let mut c = clock.split(':');
        let h = num(c.next()?)?;
        let mi = c.next().map(num).unwrap_or(Some(0))?;
        let (s, frac) = match c.next() {
            Some(s) => match s.split_once('.') {
                Some((s, f)) => (num(s)?, num(&format!("{f:0<3}")[..3])?),
                None => (num(s)?, 0),
            },
            None => (0, 0),
        };
        if h > 23 || mi > 59 || s > 60 {
            return None;
        }
        millis += ((h * 60 + mi) * 60 + s) * 1000 + frac - offset;
    }
    Some(millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("1970-01-02T00:00:00Z"), Some(86_400_000));
        assert_eq!(parse_date("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_date("2020-02-30x"), None);
        assert_eq!(parse_date("86400"), Some(86_400_000));
    }

    #[test]
    fn cidrs() {
        let (net, p) = parse_cidr("203.0.113.0/24").unwrap();
        assert!(in_network("203.0.113.9".parse().unwrap(), net, p));
        assert!(!in_network("203.0.114.9".parse().unwrap(), net, p));
        let (net, p) = parse_cidr("2001:db8::/32").unwrap();
        assert!(in_network("2001:db8::1".parse().unwrap(), net, p));
        assert!(parse_cidr("10.0.0.0/33").is_none());
    }
}
