//! Role trust policies: who may assume the role, and with which `sts:` action.

use crate::catalog::has_variable;
use crate::checks::edit::{remove_list_item, string_array};
use crate::checks::pattern::covers;
use crate::checks::{Context, Edit, Finding};
use crate::policy::{PrincipalValue, Statement, Str};
use crate::syntax::Style;

use super::federated::{self, Provider};

/// The actions IAM Roles Anywhere needs, in the order AA names them.
const ROLES_ANYWHERE_ACTIONS: &[&str] = &["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];

pub(super) fn check(ctx: &Context<'_>, statement: &Statement, out: &mut Vec<Finding>) {
    let Some(principal) = &statement.principal else { return };
    let entries = match &principal.value {
        PrincipalValue::Str(s) if &*s.value == "*" => {
            out.push(ctx.finding(
                "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                s.range,
                "`\"Principal\": \"*\"` is not supported in the principal element of a role trust policy: \
                 name the principals that may assume the role.",
            ));
            return;
        }
        PrincipalValue::Map(entries) => entries,
        _ => return,
    };
    let values = |kind: &str| -> Vec<&Str> {
        entries.iter().filter(|e| &*e.kind.value == kind).flat_map(|e| &e.values).collect()
    };
    let aws = values("AWS");
    if statement.is_allow() && statement.condition.is_none() {
        for star in aws.iter().filter(|v| &*v.value == "*") {
            out.push(ctx.finding(
                "TRUST_POLICY_ANY_PRINCIPAL_WITHOUT_CONDITION",
                star.range,
                "`\"AWS\": \"*\"` without a condition lets any AWS account assume the role: add a condition such \
                 as `aws:PrincipalOrgID`, or name the accounts.",
            ));
        }
    }
    redundant_sessions(ctx, entries, out);
    mismatched_actions(ctx, statement, entries, out);
}

/// `arn:aws:sts::111122223333:assumed-role/Name/session` listed with `arn:aws:iam::111122223333:role/[path/]Name`.
fn redundant_sessions(ctx: &Context<'_>, entries: &[crate::policy::PrincipalEntry], out: &mut Vec<Finding>) {
    for entry in entries.iter().filter(|e| &*e.kind.value == "AWS") {
        for (index, value) in entry.values.iter().enumerate() {
            let Some((account, name)) = session(&value.value) else { continue };
            let Some(parent) =
                entry.values.iter().find(|v| role(&v.value).is_some_and(|(_, a, n)| a == account && n == name))
            else {
                continue;
            };
            let mut finding = ctx
                .finding(
                    "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
                    value.range,
                    format!(
                        "The assumed-role principal `{}` is redundant with its parent role `{}`: remove the assumed-role principal.",
                        value.value, parent.value
                    ),
                )
                .with_related(parent.range, "the parent role");
            let ranges: Vec<_> = entry.values.iter().map(|v| v.range).collect();
            if ranges.len() > 1 {
                finding = finding.with_fix(
                    "Remove the assumed-role principal",
                    vec![remove_list_item(ctx.text, &ranges, index)],
                    true,
                );
            }
            out.push(finding);
        }
    }
}

/// `(partition, account, name)` of a role ARN; the name is the last segment of its path.
fn role(value: &str) -> Option<(&str, &str, &str)> {
    let rest = value.strip_prefix("arn:")?;
    let [partition, "iam", "", account, resource] = rest.splitn(5, ':').collect::<Vec<_>>()[..] else { return None };
    let path = resource.strip_prefix("role/")?;
    Some((partition, account, path.rsplit('/').next()?))
}

/// `(account, role name)` of an assumed-role session ARN.
fn session(value: &str) -> Option<(&str, &str)> {
    let rest = value.strip_prefix("arn:")?;
    let [_, "sts", "", account, resource] = rest.splitn(5, ':').collect::<Vec<_>>()[..] else { return None };
    let (name, session) = resource.strip_prefix("assumed-role/")?.split_once('/')?;
    (!session.is_empty()).then_some((account, name))
}

/// `sts:AssumeRoleWithWebIdentity` and `sts:AssumeRoleWithSAML` when no principal of the statement can
/// call them.
fn mismatched_actions(
    ctx: &Context<'_>,
    statement: &Statement,
    entries: &[crate::policy::PrincipalEntry],
    out: &mut Vec<Finding>,
) {
    let Some(actions) = &statement.action else { return };
    let mut names = Vec::new();
    let (mut oidc, mut saml) = (false, false);
    for entry in entries {
        for value in &entry.values {
            if &*value.value == "*" || has_variable(&value.value) {
                return;
            }
            match (&*entry.kind.value, federated::parse(&value.value)) {
                ("Federated", Ok(Provider::Oidc(_))) => oidc = true,
                ("Federated", Ok(Provider::Saml)) => saml = true,
                // Reported by the federated syntax check.
                ("Federated", Err(_)) => return,
                _ => {}
            }
            names.push(&*value.value);
        }
    }
    for action in &actions.items {
        let (wanted, present) = if action.value.eq_ignore_ascii_case("sts:AssumeRoleWithWebIdentity") {
            ("an OIDC provider principal", oidc)
        } else if action.value.eq_ignore_ascii_case("sts:AssumeRoleWithSAML") {
            ("a SAML provider principal", saml)
        } else {
            continue;
        };
        if present || names.is_empty() {
            continue;
        }
        out.push(ctx.finding(
            "MISMATCHED_ACTION_FOR_PRINCIPAL",
            action.range,
            format!(
                "The {} action is invalid with the following principal(s): {}. It needs {wanted} under `Federated`: \
                 use a SAML provider with sts:AssumeRoleWithSAML, an OIDC provider with sts:AssumeRoleWithWebIdentity.",
                action.value,
                names.join(", ")
            ),
        ));
    }
}

/// The Roles Anywhere service principal's `Allow` statements, with its principal value.
fn roles_anywhere_statements(statements: &[Statement]) -> impl Iterator<Item = (&Statement, &Str)> {
    statements.iter().filter(|s| s.is_allow()).filter_map(|s| {
        let Some(PrincipalValue::Map(entries)) = s.principal.as_ref().map(|p| &p.value) else { return None };
        let service = entries
            .iter()
            .filter(|e| &*e.kind.value == "Service")
            .flat_map(|e| &e.values)
            .find(|v| v.value.eq_ignore_ascii_case("rolesanywhere.amazonaws.com"))?;
        Some((s, service))
    })
}

/// The three actions may be granted by several statements (the EKS hybrid nodes guide splits them).
pub(super) fn roles_anywhere(ctx: &Context<'_>, statements: &[Statement], out: &mut Vec<Finding>) {
    let Some((statement, service)) = roles_anywhere_statements(statements).next() else { return };
    let Some(actions) = &statement.action else { return };
    let granted: Vec<&str> = roles_anywhere_statements(statements)
        .filter_map(|(s, _)| s.action.as_ref())
        .flat_map(|a| &a.items)
        .map(|a| &*a.value)
        .collect();
    let missing: Vec<&str> = ROLES_ANYWHERE_ACTIONS
        .iter()
        .copied()
        .filter(|needed| !granted.iter().any(|a| has_variable(a) || covers(a, needed, true)))
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut all: Vec<&str> = actions.items.iter().map(|a| &*a.value).collect();
    all.extend(&missing);
    let multiline = actions.is_array && ctx.text[actions.range.start..actions.range.end].contains('\n');
    let indent = Style::line_indent(ctx.text, actions.key.start);
    let replacement = string_array(&all, multiline.then_some((indent, ctx.style())));
    let list = missing.join(", ");
    out.push(
        ctx.finding(
            "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
            service.range,
            format!(
                "The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity \
                 and sts:TagSession permissions to assume a role: {list} missing from {}.",
                statement.label()
            ),
        )
        .with_fix(
            format!("Add {list} to the action block"),
            vec![Edit::replace(actions.range, replacement)],
            true,
        ),
    );
}
