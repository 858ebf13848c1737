//! Region codes in condition values: `INVALID_REGION`.
//!
//! A value that is no Region never matches, so an `Allow` grants nothing and a `Deny` on
//! `StringNotEquals` denies every Region. A value shaped like a Region code but not in the list is
//! only a warning: it may be a Region opened after this list was written.

use crate::checks::edit::replace_string;
use crate::checks::suggest::{closest, distance};
use crate::checks::{Context, Finding, Severity};
use crate::policy::{ConditionEntry, Operator, OperatorFamily, ValueKind};

/// Every Region of every partition, as botocore 1.43.11 lists them (`data/endpoints.json`,
/// `partitions[].regions`): commercial (`aws`), China (`aws-cn`), GovCloud (`aws-us-gov`), the
/// isolated partitions (`aws-iso*`) and the European Sovereign Cloud (`aws-eusc`).
pub(super) const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "us-isob-west-1",
    "eu-isoe-west-1",
    "us-isof-east-1",
    "us-isof-south-1",
    "eusc-de-east-1",
];

/// Condition keys whose values are Region codes, as the Service Authorization Reference
/// describes them (`aws:RequestedRegion` and the service keys filtering by a Region).
const REGION_KEYS: &[&str] = &[
    "aws:RequestedRegion",
    "account:TargetRegion",
    "batch:AWSLogsRegion",
    "cloudformation:TargetRegion",
    "dsql:WitnessRegion",
    "ec2:Region",
    "ec2:VpceServiceRegion",
    "ec2:VpceSupportedRegion",
    "identitystore:PrimaryRegion",
    "kms:PrimaryRegion",
    "kms:ReplicaRegion",
    "observabilityadmin:CentralizationBackupRegion",
    "observabilityadmin:CentralizationDestinationRegion",
    "observabilityadmin:CentralizationSourceRegions",
    "observabilityadmin:TargetRegions",
    "s3:destinationRegion",
    "secretsmanager:AddReplicaRegions",
    "secretsmanager:SecretPrimaryRegion",
    "ses:ReplicaRegion",
    "sso:PrimaryRegion",
];

pub(super) fn check(ctx: &Context<'_>, op: Operator, entry: &ConditionEntry, out: &mut Vec<Finding>) {
    if op.family != OperatorFamily::String || !REGION_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&entry.key.value)) {
        return;
    }
    let ignore_case = op.base.contains("IgnoreCase");
    for value in entry.values.iter().filter(|v| v.kind == ValueKind::String) {
        let text = value.text.as_str();
        // Patterns and variables are decided at request time.
        if text.contains(['*', '?', '$']) {
            continue;
        }
        let known = |r: &&str| if ignore_case { r.eq_ignore_ascii_case(text) } else { *r == text };
        if REGIONS.iter().any(known) {
            continue;
        }
        let suggestions = suggest(text);
        let shaped = crate::checks::resources::arn::is_region_shaped(text);
        let mut message = if shaped {
            format!(
                "\"{text}\" is shaped like a Region code but is no Region known to this list, so `{}` never holds it \
                 (unless it is a Region opened since)",
                entry.key.value
            )
        } else {
            format!("\"{text}\" is not a Region code such as `us-east-1`, so `{}` never holds it", entry.key.value)
        };
        match suggestions.first() {
            Some(best) => message.push_str(&format!("; did you mean `{best}`?")),
            None => message.push('.'),
        }
        let mut finding = ctx.finding("INVALID_REGION", value.range, message);
        if shaped {
            finding.severity = Severity::Warning;
        }
        for region in suggestions {
            finding = finding.with_fix(format!("Use `{region}`"), vec![replace_string(value.range, region)], false);
        }
        out.push(finding);
    }
}

/// The closest Regions, only those as close as the best (a rival further away is noise).
fn suggest(text: &str) -> Vec<&'static str> {
    let mut found = closest(text, REGIONS.iter().copied(), 2);
    let best = found.first().map_or(0, |r| distance(text, r));
    found.retain(|r| distance(text, r) == best);
    found.truncate(3);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_is_shaped_like_one_but_the_sovereign_cloud() {
        for region in REGIONS {
            assert_eq!(
                crate::checks::resources::arn::is_region_shaped(region),
                !region.starts_with("eusc-"),
                "{region}"
            );
        }
        let mut sorted = REGIONS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), REGIONS.len(), "a Region is listed twice");
    }

    #[test]
    fn misspelled_regions_find_the_real_one() {
        assert_eq!(suggest("us-east1"), ["us-east-1"]);
        assert_eq!(suggest("eu-centrall-1"), ["eu-central-1"]);
        assert_eq!(suggest("eu-west-4"), ["eu-west-1", "eu-west-2", "eu-west-3"]);
        assert!(suggest("europe").is_empty());
    }
}
