//! Policies inside CloudFormation and SAM templates and Terraform configurations
//! (`fixtures/templates/`): every known defect at its line and column, nothing on the clean
//! controls full of intrinsic functions and interpolations, nothing on a YAML file that is not a
//! template.

use std::fmt::Write;
use std::path::Path;

use iam_lsp::checks::{Options, analyze, apply_edits};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/templates").join(name);
    std::fs::read_to_string(path).unwrap()
}

fn options(name: &str) -> Options {
    Options { path: Some(format!("fixtures/templates/{name}")), ..Options::default() }
}

/// `line:column code: the text at the range [fixes]`, 1-based, one finding a line.
fn report(name: &str) -> String {
    let text = fixture(name);
    let analysis = analyze(&text, &options(name));
    let mut out = String::new();
    for f in &analysis.findings {
        let line = text[..f.range.start].matches('\n').count() + 1;
        let column = text[..f.range.start].rsplit('\n').next().unwrap().chars().count() + 1;
        let fixes: Vec<&str> = f.fixes.iter().map(|x| x.title.as_str()).collect();
        writeln!(out, "{line}:{column} {} `{}` {fixes:?}", f.code, &text[f.range.start..f.range.end]).unwrap();
    }
    for p in &analysis.document.policies {
        writeln!(out, "policy at {}: {} ({})", p.range.start, p.policy_type.as_str(), p.type_reason).unwrap();
    }
    out
}

#[test]
fn defects_in_a_yaml_template_are_found_where_they_are() {
    insta::assert_snapshot!(report("defects.yaml"));
}

#[test]
fn defects_in_a_json_template_are_found_where_they_are() {
    insta::assert_snapshot!(report("defects.json"));
}

/// Properties that hold statements, not a document (SAM's API `Auth.ResourcePolicy.CustomStatements`,
/// an EventBridge bus policy's `Statement`), are checked as the resource policy the service writes
/// around them: each defect at its line and column, no missing `Version`.
#[test]
fn statements_outside_a_document_are_a_resource_policy() {
    insta::assert_snapshot!(report("statements.yaml"));
}

#[test]
fn defects_in_a_terraform_configuration_are_found_where_they_are() {
    insta::assert_snapshot!(report("defects.tf"));
}

#[test]
fn clean_templates_full_of_intrinsics_have_no_finding() {
    for name in ["clean.yaml", "clean.json", "clean.tf"] {
        let text = fixture(name);
        let analysis = analyze(&text, &options(name));
        assert!(analysis.is_policy(), "{name}: its policies are found");
        assert!(analysis.findings.is_empty(), "{name}: {:#?}", analysis.findings);
    }
    // Every policy of the SAM template is found, with its host's type.
    let types: Vec<_> = analyze(&fixture("clean.yaml"), &options("clean.yaml"))
        .document
        .policies
        .iter()
        .map(|p| p.policy_type.as_str())
        .collect();
    assert_eq!(types, ["resource", "identity", "trust", "scp"]);
    let types: Vec<_> = analyze(&fixture("clean.tf"), &options("clean.tf"))
        .document
        .policies
        .iter()
        .map(|p| (p.policy_type.as_str(), p.type_reason.clone()))
        .collect();
    let reason = |r: &str| format!("from the Terraform configuration: {r}");
    assert_eq!(
        types,
        [
            ("trust", reason("aws_iam_role.app.assume_role_policy")),
            ("identity", reason("aws_iam_role_policy.app.policy")),
            ("identity", reason("aws_iam_policy.heredoc.policy")),
            ("resource", reason("data.aws_iam_policy_document.queue, used as aws_sqs_queue_policy.jobs.policy")),
            ("identity", reason("data.aws_iam_policy_document.home, used as aws_iam_policy.home.policy")),
        ]
    );
}

/// A half-typed block after a good one: the good one's findings stay, the syntax error is
/// reported where it is, and the block after it is read too.
#[test]
fn a_half_typed_terraform_block_costs_only_its_own_policies() {
    let good = "resource \"aws_iam_policy\" \"good\" {\n  policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"s3:GetObjekt\", Resource = \"*\" }] })\n}\n";
    let typing = "resource \"aws_iam_policy\" \"typing\" {\n  policy = jsonencode({ Statement = [{ Effect = \n";
    let after = "resource \"aws_iam_policy\" \"after\" {\n  policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Deny\", Action = \"sqs:SendMesage\", Resource = \"*\" }] })\n}\n";
    let text = format!("{good}{typing}{after}");
    let analysis = analyze(&text, &options("main.tf"));
    assert_eq!(analysis.parse.errors.len(), 1, "{:?}", analysis.parse.errors);
    let error = analysis.parse.errors[0].range.start;
    assert!((good.len()..good.len() + typing.len()).contains(&error), "error at {error}");
    let invalid: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.code == "INVALID_ACTION")
        .map(|f| &text[f.range.start..f.range.end])
        .collect();
    assert_eq!(invalid, ["GetObjekt", "SendMesage"]);
}

/// In Terraform only fixes written as HCL (or through a string's escapes) are offered, and
/// applying them leaves a configuration that parses, with the finding gone.
#[test]
fn terraform_fixes_keep_the_configuration_valid_and_repair_the_finding() {
    let text = fixture("defects.tf");
    let analysis = analyze(&text, &options("defects.tf"));
    let mut fixed = Vec::new();
    for finding in &analysis.findings {
        for fix in &finding.fixes {
            let after = apply_edits(&text, &fix.edits);
            let again = analyze(&after, &options("defects.tf"));
            assert!(again.parse.errors.is_empty(), "{}: {:?}\n{after}", fix.title, again.parse.errors);
            assert_eq!(again.document.policies.len(), analysis.document.policies.len(), "{}", fix.title);
            assert!(
                !again.findings.iter().any(|f| f.code == finding.code && f.range.start == finding.range.start),
                "{} still reported after {}",
                finding.code,
                fix.title
            );
            fixed.push(format!("{}: {}", finding.code, fix.title));
        }
    }
    insta::assert_debug_snapshot!(fixed);
}

#[test]
fn defects_in_a_serverless_file_are_found_where_they_are() {
    insta::assert_snapshot!(report("serverless/defects/serverless.yml"));
}

/// Framework variables (`${self:…}`, `${opt:…}`, `${aws:accountId}`, `${file(…)}`) are values
/// unknown here, never IAM policy variables.
#[test]
fn a_clean_serverless_file_full_of_framework_variables_has_no_finding() {
    let name = "serverless/clean/serverless.yml";
    let analysis = analyze(&fixture(name), &options(name));
    assert!(analysis.findings.is_empty(), "{:#?}", analysis.findings);
    let policies: Vec<_> =
        analysis.document.policies.iter().map(|p| (p.policy_type.as_str(), p.origin.clone().unwrap())).collect();
    assert_eq!(
        policies,
        [
            ("identity", "provider.iamRoleStatements".to_owned()),
            ("identity", "functions.export.iamRoleStatements".to_owned()),
            ("resource", "resources.Resources.ArchivePolicy.PolicyDocument".to_owned()),
        ]
    );
    // The same statements outside a file named `serverless.yml` are not read as a service's.
    assert!(!analyze(&fixture(name), &options("serverless/clean/other.yml")).is_policy());
}

/// Each syntax error at the place it was written; the resources around the broken ones keep
/// their findings (`Reader` above, `Receiver` below), the broken ones are set aside.
#[test]
fn a_half_typed_yaml_template_still_gets_findings_for_what_parses() {
    insta::assert_snapshot!(report("half_typed.yaml"));
}

#[test]
fn a_yaml_file_that_is_no_template_gets_nothing() {
    let analysis = analyze(&fixture("compose.yml"), &options("compose.yml"));
    assert!(!analysis.is_policy() && analysis.findings.is_empty());
}

/// In YAML only fixes written as YAML are offered, and applying them leaves the same template
/// with the finding gone.
#[test]
fn yaml_fixes_are_scalar_rewrites_that_repair_the_finding() {
    let text = fixture("defects.yaml");
    let analysis = analyze(&text, &options("defects.yaml"));
    let mut fixed = 0;
    for finding in &analysis.findings {
        for fix in &finding.fixes {
            let after = apply_edits(&text, &fix.edits);
            let again = analyze(&after, &options("defects.yaml"));
            assert!(again.parse.errors.is_empty(), "{}: {after}", fix.title);
            assert_eq!(again.document.policies.len(), analysis.document.policies.len());
            assert!(
                !again.findings.iter().any(|f| f.code == finding.code && f.range.start == finding.range.start),
                "{} still reported after {}",
                finding.code,
                fix.title
            );
            fixed += 1;
        }
    }
    assert!(fixed >= 3, "{fixed} fixes");
}
