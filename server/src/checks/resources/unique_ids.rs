//! `Principal` entries that name an IAM role or user by unique ID (`AROA…`, `AIDA…`): IAM stores
//! a principal's ARN as its ID, and shows the ID alone once the principal is deleted. A policy
//! written with the ID stops matching when the principal is recreated under the same name.

use crate::checks::{Context, Finding, Rule, Severity};
use crate::policy::{PolicyType, PrincipalValue};

pub(in crate::checks) const RULES: &[Rule] = &[
    Rule::new(
        "INVALID_ROLE_REFERENCE",
        Severity::Warning,
        "The `Principal` names an IAM role by its unique ID (`AROA…`).",
        "IAM turns a role ARN into the role's unique ID when it saves the policy, and shows the bare ID when \
         the role has been deleted. A role recreated under the same name gets a new ID, so a policy naming the \
         ID does not match it: name the role by ARN.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "AROA1234567890EXAMPLE"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
    )
    .only(PRINCIPAL_TYPES),
    Rule::new(
        "INVALID_USER_REFERENCE",
        Severity::Warning,
        "The `Principal` names an IAM user by its unique ID (`AIDA…`).",
        "IAM turns a user ARN into the user's unique ID when it saves the policy, and shows the bare ID when \
         the user has been deleted. A user recreated under the same name gets a new ID, so a policy naming the \
         ID does not match them: name the user by ARN.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "AIDACKCEVSQ6C2EXAMPLE"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
    )
    .only(PRINCIPAL_TYPES),
];

/// Policies whose `Principal` may name roles and users.
const PRINCIPAL_TYPES: &[PolicyType] = &[PolicyType::Resource, PolicyType::Trust];

pub(in crate::checks) fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let policies = ctx.document.policies.iter().filter(|p| PRINCIPAL_TYPES.contains(&p.policy_type));
    let statements = policies.flat_map(|p| &p.statements);
    for principal in statements.flat_map(|s| [&s.principal, &s.not_principal]).flatten() {
        let PrincipalValue::Map(entries) = &principal.value else { continue };
        for value in entries.iter().filter(|e| e.kind.value == "AWS").flat_map(|e| &e.values) {
            let (code, what) = match unique_id_kind(&value.value) {
                Some("AROA") => ("INVALID_ROLE_REFERENCE", "role"),
                Some("AIDA") => ("INVALID_USER_REFERENCE", "user"),
                _ => continue,
            };
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

/// `AROA` or `AIDA` followed by 17 upper-case letters and digits, as IAM prints unique IDs.
fn unique_id_kind(value: &str) -> Option<&str> {
    let well_formed = value.len() == 21 && value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    well_formed.then(|| &value[..4]).filter(|p| matches!(*p, "AROA" | "AIDA"))
}
