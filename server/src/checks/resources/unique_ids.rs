//! `Principal` entries that name an IAM role or user by unique ID (`AROA…`, `AIDA…`): IAM stores
//! a principal's ARN as its ID, and shows the ID alone once the principal is deleted. A policy
//! written with the ID stops matching when the principal is recreated under the same name.

use crate::checks::memo::Local;
use crate::checks::{Context, Rule, Severity, Stmt};
use crate::policy::{PolicyType, PrincipalValue};

/// One rule per kind of principal: the same text, with the kind's ID prefix and example.
macro_rules! reference_rule {
    ($code:literal, $what:literal, $prefix:literal, $pronoun:literal, $id:literal, $name:literal) => {
        Rule::new(
            $code,
            Severity::Warning,
            concat!("The `Principal` names an IAM ", $what, " by its unique ID (`", $prefix, "…`)."),
            concat!(
                "IAM turns a ", $what, " ARN into the ", $what, "'s unique ID when it saves the policy, and shows \
                 the bare ID when the ", $what, " has been deleted. A ", $what, " recreated under the same name \
                 gets a new ID, so a policy naming the ID does not match ", $pronoun, ": name the ", $what, " by ARN."
            ),
            concat!(
                r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ""#,
                $id,
                r#""}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#
            ),
            concat!(
                r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:"#,
                $what,
                "/",
                $name,
                r#""}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#
            ),
        )
        .only(PRINCIPAL_TYPES)
    };
}

pub(in crate::checks) const RULES: &[Rule] = &[
    reference_rule!("INVALID_ROLE_REFERENCE", "role", "AROA", "it", "AROA1234567890EXAMPLE", "app"),
    reference_rule!("INVALID_USER_REFERENCE", "user", "AIDA", "them", "AIDACKCEVSQ6C2EXAMPLE", "alice"),
];

/// Unique ID prefix, rule and kind of principal.
const KINDS: &[(&str, &str, &str)] =
    &[("AROA", "INVALID_ROLE_REFERENCE", "role"), ("AIDA", "INVALID_USER_REFERENCE", "user")];

/// Policies whose `Principal` may name roles and users.
const PRINCIPAL_TYPES: &[PolicyType] = &[PolicyType::Resource, PolicyType::Trust];

pub(in crate::checks) fn statement(ctx: &Context<'_>, stmt: &Stmt<'_>, local: &mut Local) {
    if !PRINCIPAL_TYPES.contains(&stmt.policy.policy_type) {
        return;
    }
    let out = &mut local.findings;
    for principal in [&stmt.statement.principal, &stmt.statement.not_principal].into_iter().flatten() {
        let PrincipalValue::Map(entries) = &principal.value else { continue };
        for value in entries.iter().filter(|e| &*e.kind.value == "AWS").flat_map(|e| &e.values) {
            let Some(&(_, code, what)) = unique_id_kind(&value.value) else { continue };
            out.push(ctx.finding(
                code,
                value.range,
                format!(
                    "`{}` is the unique ID of an IAM {what}: it stops matching if the {what} is deleted and \
                     recreated. Name the {what} by ARN (`arn:aws:iam::ACCOUNT:{what}/NAME`).",
                    value.value
                ),
            ));
        }
    }
}

/// The kind of a value that is `AROA` or `AIDA` followed by 17 upper-case letters and digits, as IAM
/// prints unique IDs.
fn unique_id_kind(value: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    let well_formed = value.len() == 21 && value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    KINDS.iter().find(|(prefix, _, _)| well_formed && value.starts_with(prefix))
}
