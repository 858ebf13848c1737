//! The bundled AWS service catalog: services, actions, resource types and condition keys from
//! the Service Authorization Reference (see `schemas/service-catalog/README.md`).
//!
//! Only a small index is decoded at first use; each service's body is decoded the first time
//! a lookup needs it, so checking one policy costs only the services it names. All lookups
//! ignore ASCII case, as IAM does.

mod arn;
mod load;
mod model;
mod retired;
mod supplement;
mod wildcard;

use std::sync::LazyLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub use model::{
    AccessLevel, Action, ActionRef, ActionResource, ConditionKey, GlobalKey, KeyType, ResourceType, Service, Source,
    Stats,
};
pub use retired::{retired_action, retired_service};
pub use wildcard::matches_wildcard;

use load::Entry;
use model::{cmp_ci, find_sorted, get_ci};
pub(crate) use wildcard::Glob;
use wildcard::key_matches;

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

/// The embedded catalog, decoded lazily on first use; cheap to call repeatedly.
pub fn catalog() -> &'static Catalog {
    static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::load);
    &CATALOG
}

pub struct Catalog {
    /// Sorted by prefix, case-insensitively.
    entries: Vec<Entry>,
    /// Lower-case prefix to entry: every action of every policy looks its service up.
    by_prefix: FxHashMap<String, usize>,
    /// Sorted by name, case-insensitively.
    global_keys: Vec<GlobalKey>,
    sources: Vec<Source>,
    data_date: String,
}

impl Catalog {
    fn load() -> Self {
        let mut index = load::index();
        index.services.sort_by(|a, b| cmp_ci(&a.prefix, &b.prefix));
        index.global_keys.sort_by(|a, b| cmp_ci(&a.name, &b.name));
        Catalog {
            by_prefix: index.services.iter().enumerate().map(|(i, e)| (e.prefix.to_ascii_lowercase(), i)).collect(),
            entries: index.services,
            global_keys: index.global_keys,
            sources: index.sources,
            data_date: index.data_date,
        }
    }

    /// Every service, sorted by prefix (decodes them all, in parallel).
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        decode_pending(self.entries.iter());
        self.entries.iter().map(Entry::service)
    }

    /// The service with this prefix: `"S3"` finds `s3`.
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        get_ci(&self.by_prefix, prefix).map(|&i| self.entries[i].service())
    }

    /// `"s3:GetObject"`; `None` for wildcards, a missing `:` or an unknown name.
    pub fn action(&self, name: &str) -> Option<ActionRef<'_>> {
        let (prefix, action) = name.split_once(':')?;
        if name.contains(['*', '?']) {
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
        let glob = Glob::new(action_part);
        let mut found = Vec::new();
        for service in self.matching_services(service_part) {
            if !action_part.contains(['*', '?']) {
                found.extend(service.action(action_part).map(|action| ActionRef { service, action }));
                continue;
            }
            found.extend(
                service.actions.iter().filter(|a| glob.matches(&a.name)).map(|action| ActionRef { service, action }),
            );
        }
        found
    }

    /// Every service prefix with the service's name, sorted by prefix; nothing is decoded.
    pub fn service_names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|e| (e.prefix.as_str(), e.name.as_str()))
    }

    /// Prefixes matching a (possibly wildcarded) service part, sorted; nothing is decoded.
    pub fn matching_prefixes(&self, pattern: &str) -> Vec<&str> {
        let glob = Glob::new(pattern);
        self.entries.iter().filter(|e| glob.matches(&e.prefix)).map(|e| e.prefix.as_str()).collect()
    }

    /// Services with resource types whose ARN template names the service `arn_service` (`ssm`
    /// documents `ec2` instances; `""` asks for placeholder services such as `${Vendor}`).
    /// Decodes only those.
    pub fn services_with_arns_of(&self, arn_service: &str) -> Vec<&Service> {
        let wanted = arn_service.to_ascii_lowercase();
        let hits: Vec<&Entry> = self.entries.iter().filter(|e| e.arn_services.binary_search(&wanted).is_ok()).collect();
        decode_pending(hits.iter().copied());
        hits.into_iter().map(Entry::service).collect()
    }

    /// Whether some ARN template names the service `arn_service` (case-insensitive).
    pub fn is_arn_service(&self, arn_service: &str) -> bool {
        let wanted = arn_service.to_ascii_lowercase();
        !wanted.is_empty() && self.entries.iter().any(|e| e.arn_services.binary_search(&wanted).is_ok())
    }

    /// Every service ARN templates name, lower case, sorted, without duplicates.
    pub fn arn_services(&self) -> Vec<&str> {
        let mut names: Vec<&str> =
            self.entries.iter().flat_map(|e| &e.arn_services).map(String::as_str).filter(|s| !s.is_empty()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Services whose prefix matches a (possibly wildcarded) service part, sorted by prefix.
    pub fn matching_services(&self, pattern: &str) -> Vec<&Service> {
        if !pattern.contains(['*', '?']) {
            return self.service(pattern).into_iter().collect();
        }
        let glob = Glob::new(pattern);
        let hits: Vec<&Entry> = self.entries.iter().filter(|e| glob.matches(&e.prefix)).collect();
        decode_pending(hits.iter().copied());
        hits.into_iter().map(Entry::service).collect()
    }

    /// A global key by name; `aws:ResourceTag/Owner` finds `aws:ResourceTag/${TagKey}`.
    pub fn global_key(&self, key: &str) -> Option<&GlobalKey> {
        find_sorted(&self.global_keys, key, |k| &k.name)
            .or_else(|| self.global_keys.iter().find(|k| key_matches(&k.name, key)))
    }

    /// All global keys, sorted by name.
    pub fn global_keys(&self) -> &[GlobalKey] {
        &self.global_keys
    }

    /// A service condition key (`s3:prefix`; `ec2:ResourceTag/Env` finds
    /// `ec2:ResourceTag/${TagKey}`), looked up in the service named by its prefix.
    pub fn condition_key(&self, key: &str) -> Option<(&Service, &ConditionKey)> {
        let (prefix, _) = key.split_once(':')?;
        let service = self.service(prefix)?;
        Some((service, service.condition_key(key)?))
    }

    /// Counts, from the index: no service is decoded.
    pub fn stats(&self) -> Stats {
        let sum = |count: fn(&Entry) -> usize| self.entries.iter().map(count).sum();
        Stats {
            services: self.entries.len(),
            actions: sum(|e| e.actions),
            resource_types: sum(|e| e.resource_types),
            condition_keys: sum(|e| e.condition_keys),
            global_condition_keys: self.global_keys.len(),
        }
    }

    /// The packages the catalog was generated from, with versions and licenses.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// When the primary source last changed, `YYYY-MM-DD`.
    pub fn data_date(&self) -> &str {
        &self.data_date
    }
}

/// Decodes the entries not decoded yet, in parallel when there are several: a policy naming a
/// hundred services waits for one decoding pass, while the common case (everything already
/// decoded) costs no thread hand-off.
fn decode_pending<'a>(entries: impl Iterator<Item = &'a Entry>) {
    let pending: Vec<&Entry> = entries.filter(|e| !e.is_decoded()).collect();
    if pending.len() > 1 {
        pending.par_iter().for_each(|e| {
            e.service();
        });
    } else if let Some(e) = pending.first() {
        e.service();
    }
}

#[cfg(test)]
mod tests;
