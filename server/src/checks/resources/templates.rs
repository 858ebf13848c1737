//! ARN templates of the catalog, found by the service named in an ARN.
//!
//! An ARN's service is usually an action prefix, but not always: one service's page may document
//! another's ARNs (`ssm` lists `ec2` instances), and some ARN services are no prefix at all
//! (`catalog`, `elastic-inference`). The catalog's index says which pages name which ARN
//! services, so only those pages are decoded.

use crate::catalog::{catalog, has_variable, template_matches};

use super::arn::fields;

/// One ARN template of a resource type (a type may have several).
pub(super) struct Template {
    pub arn: &'static str,
}

impl Template {
    /// The template's own (partition, service, region, account) fields.
    pub fn field(&self, index: usize) -> &'static str {
        fields(self.arn).get(index).map_or("", |f| f.text)
    }

    /// Can some ARN match both the template and the policy's `pattern`?
    pub fn matches(&self, pattern: &str) -> bool {
        template_matches(self.arn, pattern)
    }
}

/// Whether the ARN service's own page has a template `pattern` can match (the fast path).
pub(super) fn own_page_matches(service: &str, pattern: &str) -> bool {
    catalog().service(service).is_some_and(|svc| svc.resource_types.iter().any(|rt| rt.matches_arn(pattern)))
}

/// Is this a service some ARN template names, or an action prefix?
pub(super) fn is_known_service(service: &str) -> bool {
    catalog().service(service).is_some() || catalog().is_arn_service(service)
}

/// Every known ARN service name, sorted (suggestions rank ties in this order).
pub(super) fn service_names() -> Vec<&'static str> {
    catalog().arn_services()
}

/// The templates for ARNs of `service`, including those whose service is a placeholder
/// (`${Vendor}` for AWS Backup recovery points).
pub(super) fn for_service(service: &str) -> Vec<Template> {
    let lower = service.to_ascii_lowercase();
    let mut found = Vec::new();
    for (wanted, placeholder) in [(lower.as_str(), false), ("", true)] {
        for svc in catalog().services_with_arns_of(wanted) {
            for rt in &svc.resource_types {
                let templates = rt.templates().map(|arn| Template { arn });
                found.extend(templates.filter(|t| {
                    let field = t.field(2);
                    if placeholder { has_variable(field) } else { field.eq_ignore_ascii_case(wanted) }
                }));
            }
        }
    }
    found
}

/// Whether only placeholder-service templates would describe this service (nothing to check).
pub(super) fn has_own_templates(service: &str) -> bool {
    catalog().is_arn_service(service)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_templates_are_tried_one_by_one() {
        // `bot` is documented as two templates joined by ", ".
        assert!(own_page_matches("lex", "arn:aws:lex:us-east-1:111122223333:bot:OrderFlowers"));
        assert!(own_page_matches("lex", "arn:aws:lex:us-east-1:111122223333:bot/ABCDEF1234"));
        assert!(!own_page_matches("lex", "arn:aws:lex:us-east-1:111122223333:nothing/x"));
    }

    #[test]
    fn arn_services_of_other_pages_are_known() {
        assert!(is_known_service("catalog") && is_known_service("elastic-inference"));
        assert!(!is_known_service("s4"));
        // `ssm` documents `ec2` instances; the placeholder-service template is offered to all.
        assert!(for_service("ec2").len() > catalog().service("ec2").map_or(0, |s| s.resource_types.len()));
        assert!(!for_service("nonexistent").is_empty() && !has_own_templates("nonexistent"));
        assert!(for_service("nonexistent").iter().all(|t| t.field(2).contains("${")));
    }
}
