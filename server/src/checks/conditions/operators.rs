//! The operator of a block: `INVALID_CONDITION_OPERATOR`, `NULL_WITH_IF_EXISTS`, `NULL_WITH_QUALIFIER`.

use crate::checks::edit::replace_string;
use crate::checks::suggest::distance;
use crate::checks::{Context, Finding};
use crate::policy::{BASE_OPERATORS, Operator, OperatorFamily, Qualifier, Str};

/// Checks the operator as written; returns it when IAM can read it, so the block's keys and
/// values can be checked against it.
pub(super) fn check(ctx: &Context<'_>, op: &Str, out: &mut Vec<Finding>) -> Option<Operator> {
    let Some(parsed) = Operator::parse(&op.value) else {
        out.push(invalid(ctx, op));
        return None;
    };
    if parsed.family == OperatorFamily::Null {
        if parsed.if_exists {
            let fixed = Operator { if_exists: false, ..parsed }.name();
            out.push(
                ctx.finding(
                    "NULL_WITH_IF_EXISTS",
                    op.range,
                    format!(
                        "`{}` is not an operator: `Null` already tests whether the key is present; use `{fixed}`.",
                        op.value
                    ),
                )
                .with_fix(format!("Use `{fixed}`"), vec![replace_string(op.range, &fixed)], true),
            );
        }
        if let Some(q) = parsed.qualifier {
            let fixed = Operator { qualifier: None, ..parsed }.name();
            out.push(
                ctx.finding(
                    "NULL_WITH_QUALIFIER",
                    op.range,
                    format!(
                        "`{}:` has no effect on `Null`, which tests whether the key is present, not its values.",
                        q.as_str()
                    ),
                )
                .with_fix(format!("Use `{fixed}`"), vec![replace_string(op.range, &fixed)], true),
            );
        }
    }
    Some(parsed)
}

fn invalid(ctx: &Context<'_>, op: &Str) -> Finding {
    let suggestions = suggest(&op.value);
    let mut message = format!("`{}` is not a condition operator, so IAM rejects the policy", op.value);
    match suggestions.first() {
        Some((best, _)) => message.push_str(&format!("; did you mean `{best}`?")),
        None => message.push('.'),
    }
    let mut finding = ctx.finding("INVALID_CONDITION_OPERATOR", op.range, message);
    let unique = suggestions.len() == 1;
    for (i, (name, cost)) in suggestions.iter().enumerate() {
        // Operator names are case-sensitive: a spelling that differs only in case, or by one
        // character with no rival, can only have meant that operator.
        let safe = i == 0 && unique && *cost <= 1;
        finding = finding.with_fix(format!("Use `{name}`"), vec![replace_string(op.range, name)], safe);
    }
    finding
}

/// The closest real operators, best first, with their edit cost (0 when only the case differs),
/// keeping the qualifier and `IfExists` the author wrote, whatever their case.
pub(super) fn suggest(written: &str) -> Vec<(String, usize)> {
    let (qualifier, rest) = split_qualifier(written);
    let (base, if_exists) = match rest.len().checked_sub("IfExists".len()) {
        Some(at) if rest.is_char_boundary(at) && rest[at..].eq_ignore_ascii_case("IfExists") => (&rest[..at], true),
        _ => (rest, false),
    };
    let mut scored: Vec<(usize, &str)> = BASE_OPERATORS
        .iter()
        .map(|(name, ..)| (if name.eq_ignore_ascii_case(base) { 0 } else { distance(name, base) }, *name))
        .filter(|(d, name)| *d <= 3.min(name.len() / 3))
        .collect();
    scored.sort();
    // Only the best: a rival further away is noise.
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored.retain(|(d, _)| *d == best);
    let qualifier_cost = qualifier.map_or(0, |(_, cost)| cost);
    scored
        .into_iter()
        .take(3)
        .map(|(d, name)| {
            let op = Operator::parse(name).map(|op| Operator {
                qualifier: qualifier.map(|(q, _)| q),
                if_exists: if_exists && op.family != OperatorFamily::Null,
                ..op
            });
            (op.map_or_else(|| name.to_owned(), |op| op.name()), d + qualifier_cost)
        })
        .collect()
}

/// `ForAllValues:`/`ForAnyValue:` in any case, or misspelled, with the cost of its repair.
fn split_qualifier(written: &str) -> (Option<(Qualifier, usize)>, &str) {
    let Some((prefix, rest)) = written.split_once(':') else { return (None, written) };
    let best = [Qualifier::ForAllValues, Qualifier::ForAnyValue]
        .into_iter()
        .map(|q| (distance(q.as_str(), prefix), q))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, q)) if d <= 3 => (Some((q, d)), rest),
        _ => (None, rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(written: &str) -> Option<String> {
        suggest(written).into_iter().next().map(|(s, _)| s)
    }

    #[test]
    fn suggests_the_closest_operator() {
        assert_eq!(best("StringEqual").as_deref(), Some("StringEquals"));
        assert_eq!(best("StringEqualsIgnorecase").as_deref(), Some("StringEqualsIgnoreCase"));
        assert_eq!(best("stringequals").as_deref(), Some("StringEquals"));
        assert_eq!(best("ForAllValue:StringLike").as_deref(), Some("ForAllValues:StringLike"));
        assert_eq!(best("foranyvalue:stringequalsifexists").as_deref(), Some("ForAnyValue:StringEqualsIfExists"));
        assert_eq!(best("IPAddress").as_deref(), Some("IpAddress"));
        assert_eq!(best("Frobnicate"), None);
    }

    #[test]
    fn case_only_repairs_cost_nothing() {
        assert_eq!(suggest("stringlike")[0], ("StringLike".to_owned(), 0));
        assert_eq!(suggest("StringEqual")[0], ("StringEquals".to_owned(), 1));
    }
}
