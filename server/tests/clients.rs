//! Replays the sessions of real editors against the built server: VS Code (UTF-16, snippets,
//! pull diagnostics), Neovim 0.11 (UTF-8 offered) and a client without snippets or pull.

mod common;

use common::Client;
use serde_json::{Value, json};

const URI: &str = "file:///work/policies/read.json";

const POLICY: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Read",
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": "*",
        }
    ]
}"#;

struct Profile {
    init: Value,
    utf8: bool,
    snippets: bool,
    pull: bool,
}

/// The diagnostics of the current version, pushed or pulled as the client works.
fn diagnostics(client: &mut Client, pull: bool, version: i64) -> Vec<Value> {
    if pull {
        let report = client.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}}));
        assert_eq!(report["kind"], "full");
        report["items"].as_array().unwrap().clone()
    } else {
        let params = client.wait_notification("textDocument/publishDiagnostics", |p| p["version"] == version);
        assert_eq!(params["uri"], URI);
        params["diagnostics"].as_array().unwrap().clone()
    }
}

fn edit_session(profile: Profile) {
    let (mut client, init) = Client::start(profile.init);
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], if profile.utf8 { "utf-8" } else { "utf-16" });
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["diagnosticProvider"].is_object(), profile.pull);
    assert_eq!(caps["completionProvider"]["triggerCharacters"], json!(["\"", ":"]));

    client.open(URI, POLICY);
    let found = diagnostics(&mut client, profile.pull, 1);
    let comma = POLICY.find("\"*\",").unwrap() + 3;
    let syntax = found.iter().find(|d| d["code"] == "JSON_SYNTAX_ERROR").expect("the trailing comma");
    assert_eq!(syntax["range"], client.range(POLICY, comma, comma + 1));
    assert_eq!(syntax["severity"], 1);
    assert!(syntax["codeDescription"]["href"].as_str().unwrap().ends_with("#json_syntax_error"));

    // Typing a second action: `, "ec2:"` after the first.
    let at = POLICY.find("\"s3:GetObject\"").unwrap() + "\"s3:GetObject\"".len();
    let inserted = ", \"ec2:\"";
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"range": client.range(POLICY, at, at), "text": inserted}]}),
    );
    let text = format!("{}{inserted}{}", &POLICY[..at], &POLICY[at..]);
    if !profile.pull {
        diagnostics(&mut client, false, 2);
    }

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": client.at(&text, "GetObject", 3)}),
    );
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**s3:GetObject**"), "{hover}");
    let start = text.find("\"s3:GetObject\"").unwrap();
    assert_eq!(hover["range"], client.range(&text, start, start + "\"s3:GetObject\"".len()));

    let cursor = text.find("ec2:").unwrap() + 4;
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": client.position(&text, cursor),
               "context": {"triggerKind": 2, "triggerCharacter": ":"}}),
    );
    assert_eq!(completion["isIncomplete"], true, "ec2 has more actions than are sent at once");
    let items = completion["items"].as_array().expect("a list of items");
    assert!(items.iter().any(|i| i["label"] == "ec2:Describe*"));
    // Typing on narrows the list, asked again since it was incomplete.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3},
               "contentChanges": [{"range": client.range(&text, cursor, cursor), "text": "RunI"}]}),
    );
    let text = format!("{}RunI{}", &text[..cursor], &text[cursor..]);
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": client.position(&text, cursor + 4),
               "context": {"triggerKind": 3}}),
    );
    assert_eq!(completion["isIncomplete"], false);
    let items = completion["items"].as_array().unwrap();
    let run = items.iter().find(|i| i["label"] == "ec2:RunInstances").expect("ec2:RunInstances offered");
    assert_eq!(run["textEdit"]["newText"], "ec2:RunInstances");
    assert_eq!(run["textEdit"]["range"], client.range(&text, cursor - 4, cursor + 4), "the whole string's content");
    assert_eq!(run["detail"], "Write");
    assert!(run.get("documentation").is_none(), "descriptions come on resolve");
    let resolved = client.request("completionItem/resolve", run.clone());
    assert!(resolved["documentation"]["value"].as_str().unwrap().contains("instances"), "{resolved}");

    // A fresh `Resource` value: ARN templates are snippets only for clients that take them.
    let resource = text.find("\"*\"").unwrap() + 1;
    let arns = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": client.position(&text, resource)}),
    );
    let bucket = arns["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["detail"] == "s3:object")
        .expect("the ARN of s3:GetObject's resource type");
    if profile.snippets {
        assert_eq!(bucket["insertTextFormat"], 2);
        assert_eq!(bucket["textEdit"]["newText"], "arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}");
    } else {
        assert!(bucket.get("insertTextFormat").is_none(), "plain text");
        assert_eq!(bucket["textEdit"]["newText"], "arn:aws:s3:::*/*");
    }

    let comma = text.find("\"*\",").unwrap() + 3;
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": client.range(&text, comma, comma),
               "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().unwrap();
    let fix = actions.iter().find(|a| a["kind"] == "quickfix").expect("a quick fix");
    assert_eq!(fix["title"], "Remove the trailing comma");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "JSON_SYNTAX_ERROR");
    assert_eq!(fix["edit"]["documentChanges"][0]["edits"][0]["range"], client.range(&text, comma, comma + 1));
    let all = actions.iter().find(|a| a["kind"] == "source.fixAll.iam-lsp").expect("fix all");
    // Clients that resolve get it without its edit, computed when chosen.
    let all = if all.get("edit").is_none() {
        assert!(profile.pull, "only the editors' profiles resolve");
        client.request("codeAction/resolve", all.clone())
    } else {
        all.clone()
    };
    assert_eq!(all["edit"]["documentChanges"][0]["edits"][0]["newText"], "");

    let only = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": client.range(&text, 0, 0),
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let only = only.as_array().unwrap();
    assert_eq!(only.len(), 1, "{only:?}");
    let edit = &only[0]["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(edit["newText"], "");

    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert_eq!(symbols[0]["children"][0]["name"], "Read");

    assert!(client.shutdown().success(), "exit status 0 after shutdown and exit");
}

#[test]
fn vscode_session() {
    edit_session(Profile { init: common::vscode(), utf8: false, snippets: true, pull: true });
}

#[test]
fn neovim_session() {
    edit_session(Profile { init: common::neovim(), utf8: true, snippets: true, pull: true });
}

#[test]
fn client_without_snippets_or_pull() {
    edit_session(Profile { init: common::plain(), utf8: false, snippets: false, pull: false });
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let (mut client, _) = Client::start(common::plain());
    client.notify("exit", Value::Null);
    let status = loop {
        if let Some(status) = client_status(&mut client) {
            break status;
        }
    };
    assert_eq!(status.code(), Some(1));
}

fn client_status(client: &mut Client) -> Option<std::process::ExitStatus> {
    std::thread::sleep(std::time::Duration::from_millis(10));
    client.try_status()
}

/// What `iam-lsp summary - --format markdown` prints for `text`.
fn cli_summary(text: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
        .args(["summary", "-", "--format", "markdown"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn iam-lsp summary");
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "iam-lsp summary failed on {text}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn summary_request_renders_the_unsaved_text_like_the_cli() {
    let (mut client, init) = Client::start(common::vscode());
    assert_eq!(init["capabilities"]["experimental"]["summary"], true);
    let read =
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
    client.open(URI, read);
    let summary = client.request("iam-lsp/summary", json!({"textDocument": {"uri": URI}}));
    let markdown = summary["markdown"].as_str().expect("a Markdown summary");
    assert!(markdown.contains("(`s3`)"), "{markdown}");
    assert_eq!(markdown, cli_summary(read));

    // An edit not saved: the request right after it sees it.
    let run = read.replace("\"s3:GetObject\"", "[\"s3:GetObject\", \"ec2:RunInstances\"]");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": run}]}),
    );
    let summary = client.request("iam-lsp/summary", json!({"textDocument": {"uri": URI}}));
    let markdown = summary["markdown"].as_str().expect("a Markdown summary");
    assert!(markdown.contains("(`ec2`)"), "{markdown}");
    assert_eq!(markdown, cli_summary(&run));

    let unknown = client.request("iam-lsp/summary", json!({"textDocument": {"uri": "file:///never/opened.json"}}));
    assert_eq!(unknown, Value::Null);
    let package = "file:///work/package.json";
    client.open(package, r#"{"name": "demo", "version": "1.0.0"}"#);
    assert_eq!(client.request("iam-lsp/summary", json!({"textDocument": {"uri": package}})), Value::Null);
    assert!(client.shutdown().success());
}
