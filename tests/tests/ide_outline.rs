//! Document symbols, links and inlay hints of a policy, snapshotted.

mod ide_support;

use std::fmt::Write as _;

use iam_lsp::ide::{self, Symbol};

fn render(text: &str, symbols: &[Symbol], depth: usize, out: &mut String) {
    for s in symbols {
        assert!(s.range.contains_range(s.selection), "{}: selection outside range", s.name);
        let _ = writeln!(
            out,
            "{}{} [{:?}] {} @ `{}`",
            "  ".repeat(depth),
            s.name,
            s.kind,
            s.detail.as_deref().unwrap_or(""),
            &text[s.selection.start..s.selection.end]
        );
        render(text, &s.children, depth + 1, out);
    }
}

#[test]
fn outline_fixtures() {
    for f in ide_support::fixtures("outline") {
        let mut out = String::from("# symbols\n");
        render(&f.text, &ide::symbols(&f.analysis), 0, &mut out);
        out.push_str("# links\n");
        for l in ide::links(&f.analysis) {
            let _ = writeln!(out, "`{}` → {}", &f.text[l.range.start..l.range.end], l.target);
        }
        out.push_str("# inlay hints\n");
        for h in ide::inlay_hints(&f.analysis, 0, f.text.len()) {
            let _ = writeln!(out, "{} {}", ide_support::mark(&f.text, h.offset, h.offset), h.label);
        }
        insta::assert_snapshot!(format!("outline_{}", f.name), out);
    }
}
