//! "Simulate a request" over stdio against the built server: the code lenses, the
//! `workspace/executeCommand` that runs one (its answer and the message shown), and the refusal
//! of a lens made for an older version of the document.

mod common;

use common::Client;
use serde_json::{Value, json};

const URI: &str = "file:///work/policies/reports.json";

const POLICY: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
        {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/secret*"}
    ]
}"#;

fn lenses(client: &mut Client) -> Vec<Value> {
    let lenses = client.request("textDocument/codeLens", json!({"textDocument": {"uri": URI}}));
    lenses.as_array().expect("lenses").clone()
}

fn execute(client: &mut Client, lens: &Value) -> Value {
    let command = &lens["command"];
    client
        .response("workspace/executeCommand", json!({"command": command["command"], "arguments": command["arguments"]}))
}

#[test]
fn a_lens_on_each_statement_runs_its_request() {
    let (mut client, init) = Client::start(common::vscode());
    let caps = &init["capabilities"];
    assert_eq!(caps["codeLensProvider"]["resolveProvider"], false);
    assert_eq!(caps["executeCommandProvider"]["commands"], json!(["iam-lsp.simulate"]));
    client.open(URI, POLICY);

    let lenses = lenses(&mut client);
    assert_eq!(lenses.len(), 2, "{lenses:?}");
    let first = POLICY.find("{\"Sid\": \"ReadReports\"").unwrap();
    assert_eq!(lenses[0]["range"], client.range(POLICY, first, first));
    assert_eq!(lenses[0]["command"]["title"], "Simulate a request: s3:GetObject on arn:aws:s3:::reports/example");
    assert_eq!(lenses[1]["command"]["title"], "Simulate a request: s3:GetObject on arn:aws:s3:::reports/secretexample");
    assert_eq!(lenses[0]["command"]["arguments"][0]["version"], 1);

    let allowed = execute(&mut client, &lenses[0]);
    let result = &allowed["result"];
    assert_eq!(result["evaluation"]["decision"], "Allowed", "{allowed}");
    assert_eq!(result["request"]["action"], "s3:GetObject");
    let shown = client.wait_notification("window/showMessage", |_| true);
    assert_eq!(shown["type"], 3, "info");
    assert_eq!(
        shown["message"],
        "Allowed: s3:GetObject on arn:aws:s3:::reports/example by arn:aws:iam::111122223333:user/example \
         — allowed by `ReadReports` of this policy"
    );

    let denied = execute(&mut client, &lenses[1]);
    assert_eq!(denied["result"]["evaluation"]["decision"], "ExplicitlyDenied", "{denied}");
    let shown = client.wait_notification("window/showMessage", |_| true);
    assert_eq!(shown["type"], 2, "warning");
    assert!(shown["message"].as_str().unwrap().contains("denied by `NoSecrets` of this policy"), "{shown}");

    // An edit: the old lens names version 1 and is refused, the new one runs.
    let at = client.at(POLICY, "\"Version\"", 0);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"range": {"start": at, "end": at}, "text": " "}]}),
    );
    let stale = execute(&mut client, &lenses[0]);
    assert_eq!(stale["error"]["code"], -32801, "{stale}");
    let shown = client.wait_notification("window/showMessage", |_| true);
    assert!(shown["message"].as_str().unwrap().contains("run the refreshed lens"), "{shown}");
    let fresh = self::lenses(&mut client);
    assert_eq!(fresh[0]["command"]["arguments"][0]["version"], 2);
    assert_eq!(execute(&mut client, &fresh[0])["result"]["evaluation"]["decision"], "Allowed");

    let unknown = client.response("workspace/executeCommand", json!({"command": "iam-lsp.nothing", "arguments": []}));
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
    assert!(client.shutdown().success());
}
