//! Code actions at a `$0` cursor: each action and the document it produces, snapshotted. Every
//! quick fix removes its finding, and no action breaks the JSON or the YAML it is written in.

mod ide_support;

use std::fmt::Write as _;

use iam_lsp::checks::{analyze, apply_edits};
use iam_lsp::ide;
use iam_lsp::syntax::TextRange;

#[test]
fn action_fixtures() {
    for f in ide_support::fixtures("actions") {
        let mut actions = ide::code_actions(&f.analysis, &f.text, TextRange::empty(f.offset));
        actions.extend(ide::fix_all(&f.analysis, &f.text, &f.options));
        assert!(!actions.is_empty(), "{}: no actions", f.name);
        let mut out = String::new();
        for action in &actions {
            let result = apply_edits(&f.text, &action.edits);
            let after = analyze(&result, &f.options);
            let broken = |a: &iam_lsp::checks::Analysis| {
                a.findings.iter().filter(|x| x.code == "JSON_SYNTAX_ERROR" || x.code == "YAML_SYNTAX_ERROR").count()
            };
            // Every policy is still read: no edit hides one behind broken host syntax.
            assert_eq!(
                after.document.policies.len(),
                f.analysis.document.policies.len(),
                "{}: {}",
                f.name,
                action.title
            );
            assert!(broken(&after) <= broken(&f.analysis), "{}: {} adds a syntax error", f.name, action.title);
            for &i in &action.findings {
                let code = f.analysis.findings[i].code;
                let count = |a: &iam_lsp::checks::Analysis| a.findings.iter().filter(|x| x.code == code).count();
                assert!(count(&after) < count(&f.analysis), "{}: {} leaves {code}", f.name, action.title);
            }
            let codes: Vec<&str> = action.findings.iter().map(|&i| f.analysis.findings[i].code).collect();
            let _ = writeln!(
                out,
                "## {} [{:?}{}] {}\n{}",
                action.title,
                action.kind,
                if action.preferred { ", preferred" } else { "" },
                codes.join(", "),
                result
            );
        }
        insta::assert_snapshot!(format!("actions_{}", f.name), out);
    }
}
