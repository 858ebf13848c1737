//! The syntax layer and policy detection, seen through the public API.

use iam_lsp::checks::{Options, analyze};
use iam_lsp::syntax::{NodeKind, SyntaxErrorKind, TextRange, parse};

fn slice(text: &str, r: TextRange) -> &str {
    &text[r.start..r.end]
}

#[test]
fn spans_are_byte_ranges_on_lines_with_multibyte_text() {
    let text = "{\"Sid\": \"정책😀\", \"Effect\": \"Allow\"}";
    let root = &parse(text).roots[0];
    let members = root.as_object().unwrap();
    assert_eq!(slice(text, members[0].value.range), "\"정책😀\"");
    assert_eq!(slice(text, members[1].key.range), "\"Effect\"");
    assert_eq!(members[0].value.as_str(), Some("정책😀"));
}

#[test]
fn duplicate_keys_are_kept_in_order() {
    let text = r#"{"Effect": "Allow", "Effect": "Deny"}"#;
    let root = &parse(text).roots[0];
    let effects: Vec<_> = root.members("Effect").map(|m| m.value.as_str().unwrap()).collect();
    assert_eq!(effects, ["Allow", "Deny"]);
    assert_eq!(root.get("Effect").unwrap().value.as_str(), Some("Deny"));
}

#[test]
fn each_loose_construct_is_reported_where_it_is_and_the_rest_still_parses() {
    let text = "{\n  /* c */ 'Version': \"2012-10-17\",\n  Id: 0x1F,\n  \"a\": [1 2,],\n  \"b\": +1\n}";
    let parse = parse(text);
    let found: Vec<(SyntaxErrorKind, &str)> = parse.errors.iter().map(|e| (e.kind, slice(text, e.range))).collect();
    assert_eq!(
        found,
        [
            (SyntaxErrorKind::Comment, "/* c */"),
            (SyntaxErrorKind::SingleQuotedString, "'Version'"),
            (SyntaxErrorKind::UnquotedKey, "Id"),
            (SyntaxErrorKind::InvalidNumber, "0x1F"),
            (SyntaxErrorKind::MissingComma { after: 58 }, "2"),
            (SyntaxErrorKind::TrailingComma, ","),
            (SyntaxErrorKind::InvalidNumber, "+1"),
        ]
    );
    assert_eq!(parse.roots.len(), 1);
    assert_eq!(parse.roots[0].as_object().unwrap().len(), 4);
}

#[test]
fn policies_pasted_with_commas_between_them_all_parse() {
    let text = "{\"Sid\": \"A\"} ,\n{\"Sid\": \"B\"},\n";
    let parse = parse(text);
    let found: Vec<(SyntaxErrorKind, TextRange)> = parse.errors.iter().map(|e| (e.kind, e.range)).collect();
    assert_eq!(
        found,
        [
            (SyntaxErrorKind::TopLevelComma, TextRange::new(13, 14)),
            (SyntaxErrorKind::TopLevelComma, TextRange::new(27, 28))
        ]
    );
    let sids: Vec<_> = parse.roots.iter().map(|r| r.get("Sid").unwrap().value.as_str().unwrap()).collect();
    assert_eq!(sids, ["A", "B"]);
}

#[test]
fn a_real_syntax_error_is_one_error_on_the_offending_token_clamped_to_its_line() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\" \"Allow\"}\n  ]\n}";
    let parse = parse(text);
    assert_eq!(parse.errors.len(), 1, "{:?}", parse.errors);
    let e = &parse.errors[0];
    assert_eq!(e.kind, SyntaxErrorKind::Invalid);
    assert!(!slice(text, e.range).contains('\n'));
    assert!(e.message.contains("expected `:`"), "{}", e.message);
    let unterminated = "{\"Version\": \"2012-10-17\", \"Statement\": [";
    let parse = iam_lsp::syntax::parse(unterminated);
    assert_eq!(parse.errors.len(), 1);
    assert!(parse.errors[0].message.contains("never closed"), "{}", parse.errors[0].message);
    let word = iam_lsp::syntax::parse("{\"Effect\": Allow}");
    assert_eq!(word.errors.len(), 1);
    assert_eq!(word.errors[0].range, TextRange::new(11, 16));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let parse = parse(&text);
    assert!(parse.roots.is_empty());
    assert!(parse.errors[0].message.contains("nested too deeply"), "{}", parse.errors[0].message);
}

#[test]
fn several_top_level_values_are_each_parsed() {
    let text = "{\"Statement\": []}\n{\"Statement\": [{}]}\n[1]";
    let parse = parse(text);
    assert_eq!(parse.roots.len(), 3);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    assert_eq!(slice(text, parse.roots[1].range), "{\"Statement\": [{}]}");
    assert!(matches!(parse.roots[2].kind, NodeKind::Array(_)));
}

#[test]
fn only_policies_are_policies() {
    let is_policy = |text: &str| analyze(text, &Options::default()).is_policy();
    assert!(is_policy(r#"{"Statement": []}"#));
    assert!(is_policy(r#"{"Version": "2012-10-17"}"#));
    assert!(is_policy(r#"{"Version": "2008-10-17", "Id": "x"}"#));
    assert!(!is_policy(r#"{"name": "pkg", "version": "1.0.0", "scripts": {}}"#));
    assert!(!is_policy(r#"{"compilerOptions": {"strict": true}}"#));
    assert!(!is_policy(r#"{"Version": "1.0"}"#));
    assert!(!is_policy("[]"));
    assert!(!is_policy(""));
}

#[test]
fn a_non_policy_gets_no_findings_even_when_loose() {
    let analysis = analyze("{\n  // comment\n  \"compilerOptions\": {},\n}", &Options::default());
    assert!(analysis.findings.is_empty());
}

#[test]
fn a_broken_policy_being_typed_still_gets_its_syntax_error() {
    let analysis = analyze("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": ", &Options::default());
    assert_eq!(analysis.findings.len(), 1);
    assert_eq!(analysis.findings[0].code, "JSON_SYNTAX_ERROR");
}

#[test]
fn a_byte_order_mark_does_not_stop_parsing() {
    let text = "\u{feff}{\"Statement\": []}";
    let parse = parse(text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    assert_eq!(parse.roots[0].range, TextRange::new(3, text.len()));
}
