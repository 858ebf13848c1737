//! Settings from `initializationOptions` and `workspace/didChangeConfiguration`: per-code
//! severity or off, policy type per glob, inlay hints on or off.

mod common;

use common::Client;
use serde_json::{Value, json};

const TEXT: &str = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"*\",}]}";

fn codes(params: &Value) -> Vec<(String, i64)> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_owned(), d["severity"].as_i64().unwrap()))
        .collect()
}

#[test]
fn severities_policy_types_and_inlay_hints() {
    let mut init = common::plain();
    init["initializationOptions"] = json!({"severity": {"JSON_SYNTAX_ERROR": "hint"}, "inlayHints": false});
    let (mut client, _) = Client::start(init);
    let uri = "file:///repo/roles/trust-lambda.json";
    client.open(uri, TEXT);
    let first = client.wait_notification("textDocument/publishDiagnostics", |p| p["version"] == 1);
    assert!(codes(&first).contains(&("JSON_SYNTAX_ERROR".to_owned(), 4)), "{first}");
    let range = client.range(TEXT, 0, TEXT.len());
    let hints = client.request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": range}));
    assert_eq!(hints, Value::Null, "inlay hints are off");

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"iamLsp": {"severity": {"JSON_SYNTAX_ERROR": "off"}, "policyTypes": {"**/trust*.json": "trust"}}}}),
    );
    let second = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["version"] == 1 && !codes(p).iter().any(|(c, _)| c == "JSON_SYNTAX_ERROR")
    });
    assert!(codes(&second).iter().all(|(c, _)| c != "JSON_SYNTAX_ERROR"));
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert!(symbols[0]["detail"].as_str().unwrap().starts_with("trust policy"), "{symbols}");
    let hints = client.request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": range}));
    assert_eq!(hints[0]["label"].as_str().map(|l| l.ends_with("actions")), Some(true), "on again by default");
    assert!(client.shutdown().success());
}
