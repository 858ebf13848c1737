//! Did-you-mean for service prefixes and action names.

use crate::catalog::{Catalog, Service};
use crate::checks::suggest::within;

/// Names people write for services whose IAM prefix differs (the console name, the CLI name).
pub(super) const ALIASES: &[(&str, &str)] = &[
    ("acmpca", "acm-pca"),
    ("apigw", "apigateway"),
    ("cloudmap", "servicediscovery"),
    ("cloudwatchevents", "events"),
    ("cloudwatchlogs", "logs"),
    ("cognito", "cognito-idp"),
    ("cwl", "logs"),
    ("docdb", "rds"),
    ("documentdb", "rds"),
    ("dynamo", "dynamodb"),
    ("efs", "elasticfilesystem"),
    ("elasticsearch", "es"),
    ("elb", "elasticloadbalancing"),
    ("elbv2", "elasticloadbalancing"),
    ("emr", "elasticmapreduce"),
    ("eventbridge", "events"),
    ("identitycenter", "sso"),
    ("keyspaces", "cassandra"),
    ("kinesisfirehose", "firehose"),
    ("msk", "kafka"),
    ("neptune", "neptune-db"),
    ("parameterstore", "ssm"),
    ("secretmanager", "secretsmanager"),
    ("sfn", "states"),
    ("stepfunctions", "states"),
];

/// How many suggestions a finding offers.
const MAX: usize = 3;

/// Services `prefix` may be a typo or alias of, best first: aliases, then services that have the
/// action (when one is named), then by edit distance.
pub(in crate::checks) fn services<'c>(catalog: &'c Catalog, prefix: &str, action: Option<&str>) -> Vec<&'c Service> {
    let mut found: Vec<&Service> = ALIASES
        .iter()
        .filter(|(alias, _)| alias.eq_ignore_ascii_case(prefix))
        .filter_map(|(_, target)| catalog.service(target))
        .collect();
    let max = if prefix.len() <= 3 { 1 } else { 2 };
    // Every prefix of the index is scored; only the close ones are decoded.
    let mut scored: Vec<(bool, usize, &Service)> = catalog
        .service_names()
        .filter_map(|(p, _)| Some((p, within(prefix, p, max)?)))
        .filter_map(|(p, d)| {
            let s = catalog.service(p)?;
            let lacks_action = action.is_some_and(|a| !a.contains(['*', '?']) && s.action(a).is_none());
            Some((lacks_action, d, s))
        })
        .collect();
    // A wrong prefix with a right action name points at the service that has the action.
    if !found.is_empty() || scored.iter().any(|(lacks, ..)| !lacks) {
        scored.retain(|(lacks, ..)| !lacks);
    }
    scored.sort_by(|a, b| (a.0, a.1, &a.2.prefix).cmp(&(b.0, b.1, &b.2.prefix)));
    for (_, _, s) in scored {
        if !found.iter().any(|f| f.prefix == s.prefix) {
            found.push(s);
        }
    }
    found.truncate(MAX);
    found
}

/// Actions of `service` close to `name`, best first: by edit distance, helped by shared words
/// (`ListMyBuckets` → `ListAllMyBuckets` is three edits but only one missing word).
pub(super) fn actions<'s>(service: &'s Service, name: &str) -> Vec<&'s str> {
    let mut words = Vec::new();
    tokens(name, &mut words);
    // The edit distance is at least the difference in length, and no suggestion is further than
    // half the name: this spares the quadratic distance for names nothing can be close to.
    let length = name.chars().count();
    let bound = (name.len() / 2).max(2);
    // A name this close is suggested whatever its words; a further one, up to half the name
    // away, only if it shares most of them: the narrow search settles most candidates, the wide
    // one is only for those that share the words.
    let close = (name.len() / 4).max(2);
    let mut theirs = Vec::new();
    let mut scored: Vec<(i64, &str)> = Vec::new();
    for action in service.actions.iter().filter(|a| a.name().chars().count().abs_diff(length) <= bound) {
        let candidate = action.name();
        let near = within(name, candidate, close);
        theirs.clear();
        tokens(candidate, &mut theirs);
        let shared = words.iter().filter(|w| theirs.iter().any(|t| t.eq_ignore_ascii_case(w))).count();
        let union = words.len() + theirs.len() - shared;
        // Similarity in 0..=100.
        let similarity = (100 * shared).checked_div(union).unwrap_or(0);
        let far = || (similarity >= 60).then(|| within(name, candidate, name.len() / 2)).flatten();
        let Some(distance) = near.or_else(far) else { continue };
        scored.push((100 * distance as i64 - 3 * similarity as i64, candidate));
    }
    scored.sort();
    scored.into_iter().take(MAX).map(|(_, n)| n).collect()
}

/// The words of a CamelCase name, appended to `words`: `ListAllMyBuckets` → List, All, My,
/// Buckets (compared ignoring case).
fn tokens<'a>(name: &'a str, words: &mut Vec<&'a str>) {
    let mut start = None;
    let mut prev_lower = false;
    for (i, c) in name.char_indices() {
        let boundary = !c.is_ascii_alphanumeric() || c.is_ascii_uppercase() && prev_lower;
        if boundary && let Some(s) = start.take() {
            words.push(&name[s..i]);
        }
        if !c.is_ascii_alphanumeric() {
            prev_lower = false;
            continue;
        }
        start.get_or_insert(i);
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    if let Some(s) = start {
        words.push(&name[s..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn aliases_name_real_services() {
        for (alias, target) in ALIASES {
            assert!(catalog().service(alias).is_none(), "{alias} is a real prefix");
            assert!(catalog().service(target).is_some(), "{target} is not in the catalog");
        }
    }

    #[test]
    fn suggests_services_and_actions() {
        let c = catalog();
        let names = |v: Vec<&Service>| v.into_iter().map(|s| s.prefix).collect::<Vec<_>>();
        assert_eq!(names(services(c, "s2", Some("GetObject")))[0], "s3");
        assert_eq!(names(services(c, "dyanmodb", Some("PutItem")))[0], "dynamodb");
        assert_eq!(names(services(c, "efs", Some("CreateFileSystem")))[0], "elasticfilesystem");
        let s3 = c.service("s3").unwrap();
        assert_eq!(actions(s3, "ListMyBuckets")[0], "ListAllMyBuckets");
        assert_eq!(actions(s3, "GetObjet")[0], "GetObject");
        assert!(actions(s3, "Zzzzzzzz").is_empty());
        let words = |name| {
            let mut words = Vec::new();
            tokens(name, &mut words);
            words
        };
        assert_eq!(words("ListAllMyBuckets"), ["List", "All", "My", "Buckets"]);
        assert_eq!(words("GetIAMRole"), ["Get", "IAMRole"]);
        assert_eq!(words("get-v2_Object9x"), ["get", "v2", "Object9x"]);
        assert_eq!(words("éListÉ"), ["List"]);
    }
}
