//! `check-no-new-access OLD NEW` is sound: it never passes when some request is allowed by NEW
//! and denied by OLD.

use iam_lsp::eval::{self, ContextValue, Named, PolicySet, Request, RequestPrincipal, RequestResource, Verdict};
use iam_lsp::policy::PolicyType;
use proptest::prelude::*;

const ACTIONS: &[&str] = &["s3:GetObject", "s3:PutObject", "s3:Get*", "s3:*", "*", "sqs:SendMessage"];
const RESOURCES: &[&str] = &["*", "arn:aws:s3:::a/*", "arn:aws:s3:::a/k", "arn:aws:s3:::b/*", "arn:aws:s3:::?/k"];
const CONDITIONS: &[&str] = &[
    "",
    r#","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}"#,
    r#","Condition":{"Bool":{"aws:SecureTransport":"true"}}"#,
    r#","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}"#,
];

fn statement() -> impl Strategy<Value = String> {
    (any::<bool>(), any::<bool>(), 0..ACTIONS.len(), 0..RESOURCES.len(), 0..CONDITIONS.len()).prop_map(
        |(allow, not_action, a, r, c)| {
            let effect = if allow { "Allow" } else { "Deny" };
            let action = if not_action { "NotAction" } else { "Action" };
            format!(
                r#"{{"Effect":"{effect}","{action}":"{}","Resource":"{}"{}}}"#,
                ACTIONS[a], RESOURCES[r], CONDITIONS[c]
            )
        },
    )
}

fn policy() -> impl Strategy<Value = String> {
    prop::collection::vec(statement(), 1..4)
        .prop_map(|s| format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, s.join(",")))
}

fn request() -> impl Strategy<Value = Request> {
    (
        prop::sample::select(vec![
            "s3:GetObject",
            "s3:PutObject",
            "s3:GetObjectAcl",
            "sqs:SendMessage",
            "iam:PassRole",
        ]),
        prop::sample::select(vec!["arn:aws:s3:::a/k", "arn:aws:s3:::a/x", "arn:aws:s3:::b/k", "arn:aws:s3:::c/k"]),
        prop::option::of(prop::sample::select(vec!["eu-west-1", "us-east-1"])),
        prop::option::of(prop::sample::select(vec!["true", "false"])),
    )
        .prop_map(|(action, resource, region, secure)| {
            let principal = RequestPrincipal::parse("arn:aws:iam::111122223333:user/p").unwrap();
            let mut r = Request::new(principal, action, RequestResource::new(resource, Some("111122223333".into())));
            if let Some(region) = region {
                r = r.with("aws:RequestedRegion", ContextValue::Single(region.into()));
            }
            if let Some(secure) = secure {
                r = r.with("aws:SecureTransport", ContextValue::Single(secure.into()));
            }
            r
        })
}

fn decide(policy: &iam_lsp::policy::Policy, request: &Request) -> eval::Decision {
    let set = PolicySet { identity: vec![Named { name: "p".into(), policy: policy.clone() }], ..PolicySet::default() };
    eval::evaluate(&set, request).decision
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn no_new_access_never_passes_over_a_new_allow(old in policy(), new in policy(), requests in prop::collection::vec(request(), 8)) {
        let old = eval::parse_policy(&old, PolicyType::Identity).unwrap();
        let new = eval::parse_policy(&new, PolicyType::Identity).unwrap();
        let verdict = eval::no_new_access(&old, &new, PolicyType::Identity);
        for request in &requests {
            if decide(&new, request).is_allowed() && decide(&old, request).is_denied() {
                prop_assert!(!matches!(verdict, Verdict::Pass), "{request:?} is new access, yet the check passed");
            }
        }
        // A counterexample it reports is real.
        if let Verdict::Fail { request: Some(request), .. } = &verdict {
            prop_assert!(decide(&new, request).is_allowed());
            prop_assert!(decide(&old, request).is_denied());
        }
    }
}
