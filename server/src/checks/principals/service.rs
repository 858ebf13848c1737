//! Service principals: the condition keys their requests carry, and the confused-deputy keys that
//! tie a service's request to your own resources.

use crate::checks::{Context, Finding};
use crate::policy::{Operator, PolicyType, PrincipalValue, Statement};

/// Keys that restrict a service principal to a source resource, account or organization.
const SOURCE_KEYS: &[&str] = &["aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths"];

/// Keys a service principal's requests never carry. (`aws:PrincipalTag/*` is not one: IAM Roles
/// Anywhere passes certificate attributes as `aws:PrincipalTag/x509Subject/CN`.)
fn absent_for_services(key: &str) -> bool {
    key.eq_ignore_ascii_case("aws:PrincipalOrgID") || key.eq_ignore_ascii_case("aws:PrincipalOrgPaths")
}

pub(super) fn check(ctx: &Context<'_>, policy_type: PolicyType, statement: &Statement, out: &mut Vec<Finding>) {
    let Some(PrincipalValue::Map(entries)) = statement.principal.as_ref().map(|p| &p.value) else { return };
    let Some(service) = entries.iter().filter(|e| &*e.kind.value == "Service").flat_map(|e| &e.values).next() else {
        return;
    };
    let only_services = entries.iter().all(|e| &*e.kind.value == "Service");
    let blocks = statement.condition.iter().flat_map(|c| &c.blocks);
    if only_services {
        for block in blocks.clone() {
            // A test that passes when the key is absent does not depend on it.
            let Some(op) = Operator::parse(&block.operator.value) else { continue };
            if op.if_exists || op.negated || block.operator.value.eq_ignore_ascii_case("Null") {
                continue;
            }
            for entry in block.entries.iter().filter(|e| absent_for_services(&e.key.value)) {
                out.push(ctx.finding(
                    "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
                    entry.key.range,
                    format!(
                        "The condition key {} is not supported when used with the service principal {}: its requests \
                         never carry it. Use aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths.",
                        entry.key.value, service.value
                    ),
                ));
            }
        }
    }
    if policy_type != PolicyType::Resource || !statement.is_allow() {
        return;
    }
    let keys: Vec<&str> = blocks.flat_map(|b| &b.entries).map(|e| &*e.key.value).collect();
    if keys.iter().any(|k| SOURCE_KEYS.iter().any(|s| s.eq_ignore_ascii_case(k))) {
        return;
    }
    if keys.is_empty() {
        out.push(ctx.finding(
            "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
            service.range,
            format!(
                "Granting access to the service principal {} without specifying a source is overly permissive: use \
                 aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths to grant fine-grained access.",
                service.value
            ),
        ));
    } else {
        out.push(ctx.finding(
            "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
            service.range,
            format!(
                "To restrict access to the service principal {} operating on your behalf, we recommend aws:SourceArn, \
                 aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths instead of {}.",
                service.value,
                keys.join(", ")
            ),
        ));
    }
}
