//! `simulate`, `explain` and the custom checks end to end, on the scenarios of the access-denied
//! troubleshooting pages: an SQS queue across accounts with KMS and a VPC endpoint, an EC2
//! instance profile and `iam:PassRole`, the SCP, boundary and condition checks.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn iam_lsp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/simulate"))
        .stdin(Stdio::null())
        .output()
        .expect("run iam-lsp")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = iam_lsp(&all);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), String::from_utf8_lossy(&out.stderr)))
}

const PRODUCER: &str = "arn:aws:iam::444455556666:user/MyUser";
const QUEUE: &str = "arn:aws:sqs:us-east-2:123456789012:MyQueue";

#[test]
fn cross_account_queue_needs_both_the_queue_policy_and_the_identity_policy() {
    let both = ["simulate", "--principal", PRODUCER, "--action", "sqs:SendMessage", "--resource", QUEUE];
    let out = iam_lsp(
        &[
            &both[..],
            &["--identity", "sqs-producer.json", "--resource-policy", "sqs-queue-policy.json", "--expect", "allowed"],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("Allowed: sqs:SendMessage"), "{}", stdout(&out));
    assert!(stdout(&out).contains("(cross-account)"));

    let v = json(&[&both[..], &["--identity", "sqs-producer.json"]].concat());
    assert_eq!(v["evaluation"]["decision"], "ImplicitlyDenied");
    assert_eq!(v["evaluation"]["blockedBy"], serde_json::json!(["resource"]));

    let v = json(&[&both[..], &["--resource-policy", "sqs-queue-policy.json"]].concat());
    assert_eq!(v["evaluation"]["blockedBy"], serde_json::json!(["identity"]));
    let out = iam_lsp(&[&both[..], &["--resource-policy", "sqs-queue-policy.json", "--expect", "allowed"]].concat());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn kms_explicit_deny_of_the_sqs_page_is_explained() {
    let message = "User: arn:aws:iam::444455556666:user/MyUser is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:us-east-2:123456789012:key/1234abcd with an explicit deny.";
    let v = json(&["explain", message]);
    assert_eq!(v["denial"]["action"], "kms:GenerateDataKey");
    assert_eq!(v["denial"]["reason"]["explicitDeny"]["kind"], Value::Null);
    // With the producer's policy: called directly (not through SQS), its Deny decides.
    let out = iam_lsp(&["explain", message, "--identity", "sqs-producer.json"]);
    let text = stdout(&out);
    assert!(text.contains("Deciding: NoKmsOutsideSqs in identity-based policy"), "{text}");
    // Through SQS, the Deny does not apply: the message would not come from these policies.
    let out = iam_lsp(&[
        "explain",
        message,
        "--identity",
        "sqs-producer.json",
        "--context",
        "kms:ViaService=sqs.us-east-2.amazonaws.com",
    ]);
    assert!(stdout(&out).contains("do not reproduce the message"), "{}", stdout(&out));
}

#[test]
fn the_seed_vpc_endpoint_policy_names_no_principal_because_of_its_typo() {
    let base = [
        "simulate",
        "--principal",
        "arn:aws:iam::123456789012:user/MyUser",
        "--action",
        "sqs:SendMessage",
        "--resource",
        QUEUE,
        "--identity",
        "sqs-producer.json",
    ];
    let v = json(&[&base[..], &["--endpoint-policy", "sqs-endpoint-seed.json"]].concat());
    assert_eq!(v["evaluation"]["decision"], "ImplicitlyDenied");
    assert_eq!(v["evaluation"]["blockedBy"], serde_json::json!(["vpc-endpoint"]));
    let v = json(&[&base[..], &["--endpoint-policy", "sqs-endpoint-fixed.json"]].concat());
    assert_eq!(v["evaluation"]["decision"], "Allowed");
    // Other actions are denied through the endpoint.
    let v = json(&[
        "simulate",
        "--principal",
        "arn:aws:iam::123456789012:user/MyUser",
        "--action",
        "sqs:ListQueues",
        "--resource",
        "*",
        "--identity",
        "sqs-producer.json",
        "--endpoint-policy",
        "sqs-endpoint-fixed.json",
    ]);
    assert_eq!(v["evaluation"]["blockedBy"], serde_json::json!(["vpc-endpoint"]));
}

#[test]
fn launching_with_an_instance_profile_needs_pass_role() {
    let role = "arn:aws:iam::999999999999:role/ExampleRoleName";
    let user = "arn:aws:iam::999999999999:user/launcher";
    let pass = ["simulate", "--principal", user, "--action", "iam:PassRole", "--resource", role];
    let v = json(&[&pass[..], &["--identity", "ec2-launcher.json"]].concat());
    assert_eq!(v["evaluation"]["decision"], "ImplicitlyDenied");
    let statements = &v["evaluation"]["policies"][0]["statements"];
    assert_eq!(statements[0]["misses"][0][0]["element"], "action");
    let with = [&pass[..], &["--identity", "ec2-launcher-passrole.json"]].concat();
    let v = json(&[&with[..], &["--context", "iam:PassedToService=ec2.amazonaws.com"]].concat());
    assert_eq!(v["evaluation"]["decision"], "Allowed");
    // Passed to another service, the condition fails and says which key.
    let v = json(&[&with[..], &["--context", "iam:PassedToService=lambda.amazonaws.com"]].concat());
    assert_eq!(v["evaluation"]["decision"], "ImplicitlyDenied");
    let misses = &v["evaluation"]["policies"][0]["statements"][1]["misses"];
    assert_eq!(misses[0][0]["key"], "iam:PassedToService");
    // The role's trust policy lets EC2, not the user, assume it (the AssumeRole error of the page).
    let message = "User: arn:aws:iam::999999999999:user/launcher is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::999999999999:role/ExampleRoleName";
    let out =
        iam_lsp(&["explain", message, "--identity", "allow-all.json", "--resource-policy", "trust-ec2-only.json"]);
    assert!(stdout(&out).starts_with("AWS gives no reason"), "{}", stdout(&out));
    let v = json(&[
        "simulate",
        "--principal",
        "ec2.amazonaws.com",
        "--action",
        "sts:AssumeRole",
        "--resource",
        role,
        "--resource-policy",
        "trust-ec2-only.json",
    ]);
    assert_eq!(v["evaluation"]["decision"], "Allowed");
}

#[test]
fn scp_and_boundary_denials_name_their_policy_type() {
    let user = "arn:aws:iam::123456789012:user/dev";
    let base = [
        "simulate",
        "--principal",
        user,
        "--action",
        "ec2:RunInstances",
        "--resource",
        "*",
        "--identity",
        "allow-all.json",
    ];
    let v = json(&[&base[..], &["--scp", "scp-region.json", "--context", "aws:RequestedRegion=us-east-1"]].concat());
    assert_eq!(v["evaluation"]["decision"], "ExplicitlyDenied");
    assert_eq!(v["evaluation"]["blockedBy"], serde_json::json!(["service-control"]));
    let v = json(&[&base[..], &["--scp", "scp-region.json", "--context", "aws:RequestedRegion=eu-west-1"]].concat());
    assert_eq!(v["evaluation"]["decision"], "Allowed");
    // IAM is exempt from the region Deny (NotAction).
    let v = json(&[
        "simulate",
        "--principal",
        user,
        "--action",
        "iam:CreateRole",
        "--resource",
        "*",
        "--identity",
        "allow-all.json",
        "--scp",
        "scp-region.json",
        "--context",
        "aws:RequestedRegion=us-east-1",
    ]);
    assert_eq!(v["evaluation"]["decision"], "Allowed");
    let v = json(&[&base[..], &["--boundary", "boundary-s3.json"]].concat());
    assert_eq!(v["evaluation"]["blockedBy"], serde_json::json!(["permissions-boundary"]));

    let scp = "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-1:123456789012:instance/* with an explicit deny in a service control policy: arn:aws:organizations::123456789012:policy/o-a1b2c3/service_control_policy/p-examplescp";
    let out = iam_lsp(&[
        "explain",
        scp,
        "--identity",
        "allow-all.json",
        "--scp",
        "scp-region.json",
        "--context",
        "aws:RequestedRegion=us-east-1",
    ]);
    let text = stdout(&out);
    assert!(text.contains("service control policy (arn:aws:organizations::123456789012:policy/o-a1b2c3/service_control_policy/p-examplescp)"), "{text}");
    assert!(text.contains("Deciding: DenyOutsideEu in service control policy scp-region.json"), "{text}");
    let boundary = "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-1:123456789012:instance/* because no permissions boundary allows the ec2:RunInstances action";
    let out = iam_lsp(&["explain", boundary, "--identity", "allow-all.json", "--boundary", "boundary-s3.json"]);
    let text = stdout(&out);
    assert!(text.starts_with("No permissions boundary allows the action"), "{text}");
    assert!(text.contains("No statement of the permissions boundary applies."), "{text}");
    assert!(!text.contains("do not reproduce"), "{text}");
}

#[test]
fn admin_from_known_addresses_of_the_access_denied_page() {
    let base = [
        "simulate",
        "--principal",
        "arn:aws:iam::123456789012:user/admin",
        "--action",
        "iam:ListUsers",
        "--resource",
        "*",
        "--identity",
        "iam-admin-from-ip.json",
        "--expect",
    ];
    let out = iam_lsp(&[&base[..], &["allowed", "--context", "aws:SourceIp=2.2.2.9"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = iam_lsp(&[&base[..], &["denied", "--context", "aws:SourceIp=3.3.3.3"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("condition IpAddress on aws:SourceIp is false"), "{}", stdout(&out));
    let out = iam_lsp(&[
        "simulate",
        "--principal",
        "arn:aws:iam::123456789012:user/test",
        "--action",
        "iam:ListUsers",
        "--resource",
        "*",
        "--identity",
        "iam-admin-from-ip.json",
        "--context",
        "aws:SourceIp=2.2.2.9",
    ]);
    assert!(stdout(&out).contains("condition StringEquals on aws:username is false"), "{}", stdout(&out));
}

#[test]
fn custom_checks_exit_with_their_verdict() {
    let out = iam_lsp(&["check-access-not-granted", "--actions", "iam:PassRole", "ec2-launcher.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "PASS\n");
    let out = iam_lsp(&["check-access-not-granted", "--actions", "iam:PassRole", "ec2-launcher-passrole.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("PassToEc2 allows iam:PassRole on * when its conditions hold"), "{}", stdout(&out));
    let out = iam_lsp(&[
        "check-access-not-granted",
        "--actions",
        "iam:PassRole",
        "--resources",
        "arn:aws:iam::999999999999:role/Other",
        "ec2-launcher-passrole.json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    let out = iam_lsp(&["check-no-new-access", "ec2-launcher.json", "ec2-launcher-passrole.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("counterexample: iam:PassRole on arn:aws:iam::999999999999:role/ExampleRoleName"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("iam:PassedToService=ec2.amazonaws.com"), "{}", stdout(&out));
    let out = iam_lsp(&["check-no-new-access", "ec2-launcher-passrole.json", "ec2-launcher.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    for (file, code) in [
        ("bucket-public.json", 1),
        ("bucket-org.json", 0),
        ("bucket-org-ifexists.json", 1),
        ("sqs-queue-policy.json", 0),
    ] {
        let out = iam_lsp(&["check-no-public-access", file]);
        assert_eq!(out.status.code(), Some(code), "{file}: {}", stdout(&out));
    }
}
