//! Positions on a line holding an emoji and Korean text, in both negotiated encodings; and a
//! JSON document that is not a policy, which gets nothing.

mod common;

use common::Client;
use serde_json::{Value, json};

const URI: &str = "file:///work/unicode.json";

/// One line with a 4-byte emoji (2 UTF-16 units) and Korean syllables (3 bytes, 1 unit each)
/// before an action and a trailing comma.
const POLICY: &str = "{\"Version\": \"2012-10-17\", \"Statement\": [\n  {\"Sid\": \"😀 읽기 전용\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\",}\n]}\n";

fn check(init: Value, utf8: bool) {
    let (mut client, result) = Client::start(init);
    assert_eq!(result["capabilities"]["positionEncoding"], if utf8 { "utf-8" } else { "utf-16" });
    client.open(URI, POLICY);
    let diagnostics = client.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}}));
    let comma = POLICY.find("\"*\",").unwrap() + 3;
    let items = diagnostics["items"].as_array().unwrap();
    // Asking again about the same analysis: unchanged.
    let again = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}, "previousResultId": diagnostics["resultId"]}),
    );
    assert_eq!((&again["kind"], &again["resultId"]), (&json!("unchanged"), &diagnostics["resultId"]));
    let found = items.iter().find(|d| d["code"] == "JSON_SYNTAX_ERROR").expect("the trailing comma");
    let column = |offset: usize| {
        let line = &POLICY[POLICY.find('\n').unwrap() + 1..offset];
        if utf8 { line.len() } else { line.encode_utf16().count() }
    };
    assert_eq!(found["range"]["start"], json!({"line": 1, "character": column(comma)}));

    // Hover in the middle of `GetObject`, given in the client's units.
    let object = POLICY.find("GetObject").unwrap() + 3;
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": column(object)}}),
    );
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**s3:GetObject**"));
    let start = POLICY.find("\"s3:GetObject\"").unwrap();
    assert_eq!(hover["range"]["start"], json!({"line": 1, "character": column(start)}));
    assert_eq!(hover["range"]["end"], json!({"line": 1, "character": column(start + 14)}));

    // An edit after the Korean text, in the client's units: `Allow` becomes `Deny`.
    let allow = POLICY.find("Allow").unwrap();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": 1, "character": column(allow)}, "end": {"line": 1, "character": column(allow + 5)}},
            "text": "Deny"}]}),
    );
    let text = POLICY.replace("Allow", "Deny");
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    let statement = &symbols[0]["children"][0];
    assert_eq!(statement["name"], "😀 읽기 전용");
    assert!(statement["detail"].as_str().unwrap().starts_with("Deny s3:GetObject"), "{statement}");
    // A column past the end of the line clamps to its end: hover there finds nothing, no error.
    let past = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 10_000}}),
    );
    assert_eq!(past, Value::Null);
    assert!(text.contains("Deny"));
    assert!(client.shutdown().success());
}

#[test]
fn utf16_positions() {
    check(common::vscode(), false);
}

#[test]
fn utf8_positions() {
    check(common::neovim(), true);
}

#[test]
fn a_json_file_that_is_not_a_policy_gets_nothing() {
    let (mut client, _) = Client::start(common::plain());
    let uri = "file:///work/package.json";
    let text = "{\n  \"name\": \"demo\",\n  \"version\": \"1.0.0\",\n  \"scripts\": {\"test\": \"node --test\"},\n}\n";
    client.open(uri, text);
    let doc = json!({"uri": uri});
    let position = client.at(text, "demo", 1);
    assert_eq!(client.request("textDocument/hover", json!({"textDocument": doc, "position": position})), Value::Null);
    let completion = client.request("textDocument/completion", json!({"textDocument": doc, "position": position}));
    assert_eq!(completion, Value::Null);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": doc, "range": client.range(text, 0, text.len()), "context": {"diagnostics": []}}),
    );
    assert_eq!(actions, json!([]));
    assert_eq!(client.request("textDocument/documentSymbol", json!({"textDocument": doc})), json!([]));
    // Requests are answered after the notification before them: a push would have arrived.
    assert!(client.take_notifications("textDocument/publishDiagnostics").is_empty());

    // Re-decided on every change: it becomes a policy, then stops being one.
    let end = client.position(text, text.len());
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": 0, "character": 0}, "end": end},
            "text": "{\"Version\": \"2012-10-17\", \"Statement\": [],}"}]}),
    );
    let pushed = client.wait_notification("textDocument/publishDiagnostics", |p| p["version"] == 2);
    assert!(!pushed["diagnostics"].as_array().unwrap().is_empty());
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    let cleared = client.wait_notification("textDocument/publishDiagnostics", |p| p["version"] == 3);
    assert_eq!(cleared["diagnostics"], json!([]));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": text.replace("demo", "demo2")}]}),
    );
    client.request("textDocument/hover", json!({"textDocument": doc, "position": position}));
    assert!(client.take_notifications("textDocument/publishDiagnostics").is_empty(), "nothing after clearing");
    assert!(client.shutdown().success());
}
