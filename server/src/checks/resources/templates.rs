//! ARN templates of the catalog, found by the service named in an ARN.
//!
//! An ARN's service is usually an action prefix, but not always: one service's page may document
//! another's ARNs (`ssm` lists `ec2` instances), and some ARN services are no prefix at all
//! (`catalog`, `elastic-inference`). The first lookup uses only the prefix's own page; the index of
//! every page is built (decoding the whole catalog once) only when that page alone finds no match.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::catalog::{ResourceType, catalog};

use super::arn::fields;

/// One ARN template. The catalog joins a type's alternative templates with ", "; they are split.
pub(super) struct Template {
    pub rt: ResourceType,
}

impl Template {
    fn new(type_name: &str, arn: &str) -> Template {
        Template { rt: ResourceType { name: type_name.to_owned(), arn: arn.to_owned(), condition_keys: Vec::new() } }
    }

    /// The template's own (partition, service, region, account) fields.
    pub fn field(&self, index: usize) -> &str {
        fields(&self.rt.arn).get(index).map_or("", |f| f.text)
    }
}

/// Every template of every service, by the ARN service it names (lower case). Templates whose
/// service is a placeholder (`${Vendor}` for AWS Backup recovery points) are listed under `""`.
static INDEX: LazyLock<HashMap<String, Vec<Template>>> = LazyLock::new(|| {
    let mut index: HashMap<String, Vec<Template>> = HashMap::new();
    for service in catalog().services() {
        for rt in &service.resource_types {
            for arn in rt.arn.split(", ") {
                let svc = fields(arn).get(2).map_or("", |f| f.text);
                let key = if svc.contains("${") { String::new() } else { svc.to_ascii_lowercase() };
                index.entry(key).or_default().push(Template::new(&rt.name, arn));
            }
        }
    }
    index
});

/// Whether the ARN service's own page has a template `pattern` can match (the fast path).
pub(super) fn own_page_matches(service: &str, pattern: &str) -> bool {
    let Some(svc) = catalog().service(service) else { return false };
    svc.resource_types.iter().any(|rt| {
        if rt.arn.contains(", ") {
            rt.arn.split(", ").any(|arn| Template::new(&rt.name, arn).rt.matches_arn(pattern))
        } else {
            rt.matches_arn(pattern)
        }
    })
}

/// Is this a service some ARN template names, or an action prefix?
pub(super) fn is_known_service(service: &str) -> bool {
    catalog().service(service).is_some() || INDEX.contains_key(&service.to_ascii_lowercase())
}

/// Every known ARN service name, sorted (suggestions rank ties in this order).
pub(super) fn service_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = INDEX.keys().filter(|k| !k.is_empty()).map(String::as_str).collect();
    names.sort_unstable();
    names
}

/// The templates for ARNs of `service`, including the placeholder-service ones.
pub(super) fn for_service(service: &str) -> impl Iterator<Item = &'static Template> {
    let own = INDEX.get(&service.to_ascii_lowercase()).into_iter().flatten();
    own.chain(INDEX.get("").into_iter().flatten())
}

/// Whether only placeholder-service templates would describe this service (nothing to check).
pub(super) fn has_own_templates(service: &str) -> bool {
    INDEX.get(&service.to_ascii_lowercase()).is_some_and(|t| !t.is_empty())
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
        assert!(for_service("ec2").count() > catalog().service("ec2").map_or(0, |s| s.resource_types.len()));
        assert!(for_service("nonexistent").next().is_some() && !has_own_templates("nonexistent"));
    }
}
