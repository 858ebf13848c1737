//! The policy summary: data, Markdown and text renderings on the seed policies and fixtures.

use std::path::Path;

use iam_lsp::checks::{Options, analyze};
use iam_lsp::ide::summary::{GRANTS_NOTHING, SOME_GRANT_NOTHING, summary, to_markdown, to_text};

fn load(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)).unwrap()
}

#[test]
fn seed_summaries() {
    for rel in [
        "seeds/effective-cloudfront-s3-actions.json",
        "seeds/effective-cloudfront-s3-bucket.json",
        "seeds/effective-describe-instance-arn.json",
        "seeds/effective-ec2-star-instance-arn.json",
        "seeds/effective-prefix-and-version-id.fixed.json",
        "effective/summary-mixed.json",
    ] {
        let analysis = analyze(&load(rel), &Options::default());
        let s = summary(&analysis);
        let name = rel.replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("{name}_markdown"), to_markdown(&s));
        insta::assert_snapshot!(format!("{name}_text"), to_text(&s));
    }
}

#[test]
fn console_warnings() {
    let nothing = summary(&analyze(&load("seeds/effective-version-id-list-bucket.json"), &Options::default()));
    assert_eq!(nothing.warnings, [GRANTS_NOTHING]);
    assert!(nothing.allow.is_empty(), "{nothing:?}");
    let some = summary(&analyze(&load("seeds/effective-cloudfront-s3-bucket.json"), &Options::default()));
    assert_eq!(some.warnings, [SOME_GRANT_NOTHING]);
    let fine = summary(&analyze(&load("seeds/effective-prefix-and-version-id.fixed.json"), &Options::default()));
    assert!(fine.warnings.is_empty(), "{fine:?}");
}

/// Seed 000: `ec2:*` on instances only. `ec2:RunInstances` is matched, but it also needs the image,
/// network interface, security group and subnet, which no statement allows.
#[test]
fn multi_resource_actions_missing_required_types() {
    let s = summary(&analyze(&load("seeds/effective-ec2-star-instance-arn.json"), &Options::default()));
    let ec2 = s.allow.iter().find(|x| x.prefix == "ec2").unwrap();
    let run = ec2.needs_more_resources.iter().find(|(a, _)| a == "ec2:RunInstances").unwrap();
    assert_eq!(run.1, ["image", "network-interface", "security-group", "subnet"]);
    let fixed = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}"#;
    let s = summary(&analyze(fixed, &Options::default()));
    assert!(s.allow[0].needs_more_resources.is_empty());
}

#[test]
fn counts_per_access_level() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}"#;
    let s = summary(&analyze(text, &Options::default()));
    let s3 = s.allow.iter().find(|x| x.prefix == "s3").unwrap();
    assert_eq!(s3.granted, s3.total);
    assert_eq!(s3.access_text(), "Full access");
    let ec2 = s.allow.iter().find(|x| x.prefix == "ec2").unwrap();
    assert!(ec2.granted > 100 && ec2.granted < ec2.total, "{ec2:?}");
    assert!(ec2.levels.iter().all(|l| l.granted <= l.total));
    assert!(ec2.access_text().contains("Limited"), "{}", ec2.access_text());
    assert_eq!(ec2.resources, ["*"]);
    assert_eq!(s.deny.len(), 1);
    assert_eq!(s.deny[0].granted, 1);
    assert_eq!(s.deny[0].levels[0].level, "Write");
}
