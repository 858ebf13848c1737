//! The bundled AWS service catalog: services, actions, resource types and condition keys from
//! the Service Authorization Reference (see `schemas/service-catalog/README.md`).
//!
//! `build.rs` lays the catalog out as records and hash tables read in place (see [`blob`]), so
//! nothing is decoded: finding an action is a hash and a few reads. All lookups ignore ASCII
//! case, as IAM does.

mod arn;
mod blob;
mod layout;
mod model;
mod retired;
// Its rows are built into the catalog by `build.rs`; here only its tests run.
#[cfg(test)]
mod supplement;
mod wildcard;

use std::sync::LazyLock;

pub use arn::arn_field;
pub use blob::{Iter, List, Record};
pub(crate) use layout::ascii_lowercase;
pub use model::{
    AccessLevel, Action, ActionRef, ActionResource, ConditionKey, GlobalKey, KeyType, ResourceType, Service, Source,
    Stats,
};
pub use retired::{retired_action, retired_service};
pub use wildcard::{find_variable, has_variable, has_wildcard, matches_wildcard, split_once_byte};

use blob::{ArnService, Table};
use layout::cmp_ci;
use wildcard::{Glob, key_matches};

/// Prefixes shared by two Service Authorization Reference pages (API Gateway and API Gateway V2,
/// ELB and ELB V2, SES and SES V2, Lex V1 and V2…) of which the catalog holds only one.
const SPLIT_SERVICES: &[&str] =
    &["apigateway", "aws-marketplace", "elasticloadbalancing", "greengrass", "kinesisanalytics", "lex", "ses"];

/// Whether the catalog knows all of a service's actions and ARN shapes well enough to call one
/// invalid or inapplicable: for a split prefix, what it lacks may be on the missing page.
pub fn decidable_service(prefix: &str) -> bool {
    !SPLIT_SERVICES.iter().any(|s| s.eq_ignore_ascii_case(prefix))
}

/// Can some ARN match both a policy's ARN `pattern` and one ARN `template` of the catalog
/// (`arn:${Partition}:s3:::${BucketName}`)? See [`ResourceType::templates`].
pub fn template_matches(template: &str, pattern: &str) -> bool {
    arn::can_match(pattern, template)
}

/// The embedded catalog; cheap to call repeatedly.
pub fn catalog() -> &'static Catalog {
    static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::load);
    &CATALOG
}

pub struct Catalog {
    /// Sorted by prefix, case-insensitively: a few words each, read from the header's list.
    services: Vec<Service>,
    prefixes: Table,
    /// Services ARN templates name, sorted, with the pages naming each.
    arn_services: List<ArnService>,
    arn_service_table: Table,
    /// Sorted by name, case-insensitively.
    global_keys: Vec<GlobalKey>,
    /// The indexes of the global keys with a placeholder (`aws:ResourceTag/${TagKey}`).
    global_templates: Vec<usize>,
    sources: Vec<Source>,
    data_date: &'static str,
    stats: Stats,
}

impl Catalog {
    fn load() -> Self {
        let h = blob::header();
        let global_keys: Vec<GlobalKey> = h.global_keys.iter().collect();
        let global_templates = (0..global_keys.len()).filter(|&i| global_keys[i].name.contains(['$', '<'])).collect();
        Catalog {
            services: h.services.iter().collect(),
            prefixes: h.prefixes,
            arn_services: h.arn_services,
            arn_service_table: h.arn_service_table,
            stats: Stats {
                services: h.services.len(),
                actions: h.actions,
                resource_types: h.resource_types,
                condition_keys: h.condition_keys,
                global_condition_keys: global_keys.len(),
            },
            global_keys,
            global_templates,
            sources: h.sources.iter().collect(),
            data_date: h.data_date,
        }
    }

    /// Every service, sorted by prefix.
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.iter()
    }

    /// The service with this prefix: `"S3"` finds `s3`.
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        let i = self.prefixes.find(prefix)?;
        Some(&self.services[i as usize])
    }

    /// `"s3:GetObject"`; `None` for wildcards, a missing `:` or an unknown name.
    pub fn action(&self, name: &str) -> Option<ActionRef<'_>> {
        let (prefix, action) = split_once_byte(name, b':')?;
        if has_wildcard(name) {
            return None;
        }
        let service = self.service(prefix)?;
        Some(ActionRef { service, action: service.action(action)? })
    }

    /// Every action matched by an IAM action pattern: `*`, `s3:*`, `s3:Get*`, `s3:Get?bject`,
    /// `*:List*`, `s*:Get*`. A pattern without `:` other than `*` matches nothing.
    pub fn matching_actions(&self, pattern: &str) -> Vec<ActionRef<'_>> {
        let (service_part, action_part) = match pattern.split_once(':') {
            Some(parts) => parts,
            None if pattern == "*" => ("*", "*"),
            None => return Vec::new(),
        };
        let mut found = Vec::new();
        for service in self.matching_services(service_part) {
            if !has_wildcard(action_part) {
                found.extend(service.action(action_part).map(|action| ActionRef { service, action }));
                continue;
            }
            found.extend(service.matching_actions(action_part).map(|action| ActionRef { service, action }));
        }
        found
    }

    /// Every service prefix with the service's name, sorted by prefix.
    pub fn service_names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.services.iter().map(|s| (s.prefix, s.name))
    }

    /// Prefixes matching a (possibly wildcarded) service part, sorted.
    pub fn matching_prefixes(&self, pattern: &str) -> Vec<&str> {
        let glob = Glob::new(pattern);
        self.services.iter().filter(|s| glob.matches(s.prefix)).map(|s| s.prefix).collect()
    }

    /// Services with resource types whose ARN template names the service `arn_service` (`ssm`
    /// documents `ec2` instances; `""` asks for placeholder services such as `${Vendor}`).
    pub fn services_with_arns_of(&self, arn_service: &str) -> Vec<&Service> {
        let Some(i) = self.arn_service_table.find(arn_service) else {
            return Vec::new();
        };
        self.arn_services.get(i).services.iter().map(|s| &self.services[s as usize]).collect()
    }

    /// Whether some ARN template names the service `arn_service` (case-insensitive).
    pub fn is_arn_service(&self, arn_service: &str) -> bool {
        !arn_service.is_empty() && self.arn_service_table.find(arn_service).is_some()
    }

    /// Every service ARN templates name, lower case, sorted, without duplicates.
    pub fn arn_services(&self) -> Vec<&str> {
        self.arn_services.iter().map(|s| s.name).filter(|s| !s.is_empty()).collect()
    }

    /// Services whose prefix matches a (possibly wildcarded) service part, sorted by prefix.
    pub fn matching_services(&self, pattern: &str) -> Vec<&Service> {
        if !has_wildcard(pattern) {
            return self.service(pattern).into_iter().collect();
        }
        let glob = Glob::new(pattern);
        self.services.iter().filter(|s| glob.matches(s.prefix)).collect()
    }

    /// A global key by name; `aws:ResourceTag/Owner` finds `aws:ResourceTag/${TagKey}`.
    pub fn global_key(&self, key: &str) -> Option<&GlobalKey> {
        let exact = self.global_keys.binary_search_by(|k| cmp_ci(k.name, key)).ok();
        let template =
            || self.global_templates.iter().map(|&i| &self.global_keys[i]).find(|k| key_matches(k.name, key));
        exact.map(|i| &self.global_keys[i]).or_else(template)
    }

    /// All global keys, sorted by name.
    pub fn global_keys(&self) -> &[GlobalKey] {
        &self.global_keys
    }

    /// A service condition key (`s3:prefix`; `ec2:ResourceTag/Env` finds
    /// `ec2:ResourceTag/${TagKey}`), looked up in the service named by its prefix.
    pub fn condition_key(&self, key: &str) -> Option<(&Service, ConditionKey)> {
        let (prefix, _) = split_once_byte(key, b':')?;
        let service = self.service(prefix)?;
        Some((service, service.condition_key(key)?))
    }

    /// Counts of the reference's entries.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The packages the catalog was generated from, with versions and licenses.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// When the primary source last changed, `YYYY-MM-DD`.
    pub fn data_date(&self) -> &str {
        self.data_date
    }
}

#[cfg(test)]
mod tests;
