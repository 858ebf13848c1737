//! Protocol abuse against the real binary over stdio: whatever a client sends, the server answers
//! with the right JSON-RPC error or ignores it, logs it, never crashes, and still answers a hover.

use std::io::{BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod common;

use common::read_message;

/// Generous: the tests run the debug binary on shared cores, and some inputs are huge.
const TIMEOUT: Duration = Duration::from_secs(180);

const PROBE_URI: &str = "file:///probe.json";
const PROBE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#;

/// A raw client: frames are written byte for byte, so they can be wrong on purpose.
struct Raw {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    stderr: Arc<Mutex<String>>,
    next_id: i64,
}

impl Raw {
    fn spawn() -> Raw {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
            .env("IAM_LSP_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn iam-lsp");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout");
        let mut err = child.stderr.take().expect("stderr");
        let (tx, incoming) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let log = stderr.clone();
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().expect("log lock").push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Raw { child, stdin, incoming, stderr, next_id: 0 }
    }

    /// Started and initialized (UTF-16, no pull diagnostics), with the probe document open.
    fn ready() -> Raw {
        let mut raw = Raw::spawn();
        let id = raw.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
        let init = raw.response(id);
        assert!(init.get("result").is_some(), "initialize failed: {init}");
        raw.notify("initialized", json!({}));
        raw.open(PROBE_URI, PROBE);
        raw.assert_responsive();
        raw
    }

    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        // The server may already be gone in the tests that end it; the status tells then.
        let _ = stdin.write_all(bytes).and_then(|()| stdin.flush());
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("serialize");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend(body);
        self.write(&frame);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }

    /// The next message from the server, answering its requests and skipping its notifications
    /// unless `keep` wants them.
    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(message) => {
                if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
                    let result = if method == "workspace/configuration" { json!([null]) } else { Value::Null };
                    let reply = json!({"jsonrpc": "2.0", "id": id.clone(), "result": result});
                    self.send(&reply);
                }
                message
            }
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in {TIMEOUT:?}; log:\n{}", self.log()),
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.wait_exit(Duration::from_secs(5));
                panic!("the server closed its output (exit status {status:?}); log:\n{}", self.log())
            }
        }
    }

    /// The response to request `id` (result or error).
    fn response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.next(deadline);
            if message.get("method").is_none() && message.get("id") == Some(&json!(id)) {
                return message;
            }
        }
    }

    /// The first message without a method (a response) whose id is not a number we sent: the
    /// server's answer to a frame it could not read.
    fn error_response(&mut self) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.next(deadline);
            if message.get("method").is_none() && message.get("error").is_some() {
                return message;
            }
        }
    }

    /// The `publishDiagnostics` for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.next(deadline);
            if message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri {
                return message["params"].clone();
            }
        }
    }

    /// A hover over `s3:GetObject` in the probe document is answered with its documentation.
    fn assert_responsive(&mut self) {
        self.assert_hover_on_action(PROBE_URI, PROBE);
    }

    /// A hover over the first `s3:GetObject` of an open document (ASCII before it on its line).
    fn assert_hover_on_action(&mut self, uri: &str, text: &str) {
        let at = text.find("s3:GetObject").expect("the text has the action") + 4;
        let line = text[..at].matches('\n').count();
        let character = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
        let id = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        let response = self.response(id);
        let value = response["result"]["contents"]["value"].as_str().unwrap_or_default();
        assert!(value.contains("GetObject"), "hover on {uri} not answered: {response}\nlog:\n{}", self.log());
    }

    fn log(&self) -> String {
        self.stderr.lock().expect("log lock").clone()
    }

    /// Whether the log says `text` within a few seconds (stderr is read by its own thread).
    fn log_mentions(&self, text: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.log().contains(text) {
                return true;
            }
            thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// A clean `shutdown` + `exit`: status 0 proves the server lived through the test.
    fn finish(mut self) {
        let id = self.request("shutdown", Value::Null);
        assert!(self.response(id).get("error").is_none(), "shutdown failed");
        self.notify("exit", Value::Null);
        let status = self.wait_exit(TIMEOUT).expect("the server exits after shutdown and exit");
        assert!(status.success(), "exit status {status:?}; log:\n{}", self.log());
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn error_code(response: &Value) -> i64 {
    response["error"]["code"].as_i64().unwrap_or_else(|| panic!("not an error response: {response}"))
}

#[test]
fn requests_before_initialize_get_server_not_initialized() {
    let mut raw = Raw::spawn();
    let id = raw.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": PROBE_URI}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(error_code(&raw.response(id)), -32002, "ServerNotInitialized");
    let id = raw.request("shutdown", Value::Null);
    assert_eq!(error_code(&raw.response(id)), -32002);
    // A notification before initialize is dropped, not fatal.
    raw.open(PROBE_URI, PROBE);
    let id = raw.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    assert!(raw.response(id).get("result").is_some());
    raw.notify("initialized", json!({}));
    raw.open(PROBE_URI, PROBE);
    raw.assert_responsive();
    raw.finish();
}

#[test]
fn a_second_initialize_is_rejected() {
    let mut raw = Raw::ready();
    let id = raw.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    assert_eq!(error_code(&raw.response(id)), -32600, "InvalidRequest");
    raw.assert_responsive();
    raw.finish();
}

#[test]
fn unknown_methods_get_method_not_found() {
    let mut raw = Raw::ready();
    let id = raw.request("iam/noSuchThing", json!({"x": 1}));
    assert_eq!(error_code(&raw.response(id)), -32601, "MethodNotFound");
    let id = raw.request("textDocument/noSuchThing", Value::Null);
    assert_eq!(error_code(&raw.response(id)), -32601);
    // Unknown notifications, `$/` or not, are ignored.
    raw.notify("$/noSuchThing", json!({}));
    raw.notify("workspace/noSuchThing", json!([1, 2, 3]));
    // Known methods with parameters of the wrong shape: InvalidParams.
    let id = raw.request("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(error_code(&raw.response(id)), -32602, "InvalidParams");
    raw.assert_responsive();
    raw.finish();
}

#[test]
fn changes_to_a_document_never_opened_are_ignored_and_logged() {
    let mut raw = Raw::ready();
    let ghost = "file:///never-opened.json";
    raw.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": ghost, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "x"}]}),
    );
    raw.notify("textDocument/didClose", json!({"textDocument": {"uri": ghost}}));
    let id = raw.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": ghost}, "position": {"line": 0, "character": 0}}),
    );
    let response = raw.response(id);
    assert!(response.get("error").is_none() && response["result"].is_null(), "{response}");
    raw.assert_responsive();
    assert!(raw.log_mentions("not open"), "no log line about the unknown document:\n{}", raw.log());
    raw.finish();
}

#[test]
fn ranges_past_the_end_are_clamped() {
    let mut raw = Raw::ready();
    let uri = "file:///past-end.json";
    raw.open(uri, PROBE);
    raw.diagnostics(uri);
    let far = json!({"line": 1_000_000, "character": 4_000_000_000u32});
    // Append at "the end", then cut from past the end of line 2 to past the end of the document:
    // the closing brace goes, and the broken policy gets diagnostics for version 2.
    raw.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": far, "end": far}, "text": "\n"},
                                  {"range": {"start": {"line": 2, "character": 9999}, "end": far}, "text": ""}]}),
    );
    let diagnostics = raw.diagnostics(uri);
    assert_eq!(diagnostics["version"], 2, "{diagnostics}");
    for method in ["textDocument/hover", "textDocument/completion"] {
        let id = raw.request(method, json!({"textDocument": {"uri": uri}, "position": far}));
        assert!(raw.response(id).get("error").is_none(), "{method} past the end");
    }
    let id = raw.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": far, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert!(raw.response(id).get("error").is_none(), "codeAction with a reversed range past the end");
    raw.assert_responsive();
    raw.finish();
}

#[test]
fn positions_inside_a_surrogate_pair_are_rounded_to_the_character() {
    let mut raw = Raw::ready();
    let uri = "file:///emoji.json";
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"a😀b\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}";
    raw.open(uri, text);
    raw.diagnostics(uri);
    // UTF-16 column of the emoji's second code unit.
    let inside = text[..text.find('😀').expect("emoji")].encode_utf16().count() as u32 + 1;
    let at = json!({"line": 0, "character": inside});
    for method in ["textDocument/hover", "textDocument/completion"] {
        let id = raw.request(method, json!({"textDocument": {"uri": uri}, "position": at}));
        assert!(raw.response(id).get("error").is_none(), "{method} inside a surrogate pair");
    }
    // Replace from inside the pair to the `b`: the whole emoji goes, nothing is split.
    raw.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": at, "end": {"line": 0, "character": inside + 1}}, "text": "X"}]}),
    );
    let diagnostics = raw.diagnostics(uri);
    assert_eq!(diagnostics["version"], 2);
    raw.assert_hover_on_action(uri, &text.replace("a😀b", "aXb"));
    raw.assert_responsive();
    raw.finish();
}

#[test]
fn invalid_frames_get_json_rpc_errors_and_the_stream_recovers() {
    let mut raw = Raw::ready();
    // A body that is not JSON: ParseError, id null.
    raw.write(b"Content-Length: 9\r\n\r\n{not json");
    let response = raw.error_response();
    assert_eq!((error_code(&response), &response["id"]), (-32700, &Value::Null), "{response}");
    raw.assert_responsive();
    // JSON that is not JSON-RPC, with an id: InvalidRequest for that id.
    raw.write(b"Content-Length: 25\r\n\r\n{\"id\": 4141, \"method\": 5}");
    assert_eq!(error_code(&raw.response(4141)), -32600, "InvalidRequest");
    raw.assert_responsive();
    // A header without Content-Length, then garbage that is no header at all.
    raw.write(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
    raw.write(b"GARBAGE\r\n\r\n");
    raw.assert_responsive();
    // A Content-Length shorter than the body: the cut body is an error, the rest is skipped
    // up to the next header.
    let body = serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": 9999, "method": "shutdown"})).expect("json");
    raw.write(format!("Content-Length: {}\r\n\r\n", body.len() - 5).as_bytes());
    raw.write(&body);
    raw.assert_responsive();
    // A Content-Length that is not a number; a body that is not UTF-8.
    raw.write(b"Content-Length: twelve\r\n\r\n{\"jsonrpc\":1}");
    raw.write(b"Content-Length: 4\r\n\r\n\"\xff\xfe\"");
    raw.assert_responsive();
    assert!(raw.log_mentions("unreadable message"), "bad frames are not logged:\n{}", raw.log());
    raw.finish();
}

#[test]
fn a_50_mb_document_is_analysed_and_the_server_stays_responsive() {
    let mut raw = Raw::ready();
    let statement = r#"{"Sid": "S", "Effect": "Allow", "Action": ["s3:GetObject", "ec2:Describe*"], "Resource": "arn:aws:s3:::bucket/*"},"#;
    let count = 50 * 1024 * 1024 / (statement.len() + 1);
    let mut text = String::with_capacity(50 * 1024 * 1024 + 100);
    text.push_str("{\"Version\": \"2012-10-17\", \"Statement\": [\n");
    for i in 0..count {
        text.push_str(&statement.replace("\"S\"", &format!("\"S{i}\"")));
        text.push('\n');
    }
    text.push_str(r#"{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#);
    assert!(text.len() >= 50_000_000, "{} bytes", text.len());
    let uri = "file:///huge.json";
    raw.open(uri, &text);
    raw.assert_responsive();
    let id = raw
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 40}}));
    // Answered after the 1.5 s wait, the analysis far from done: refused as ContentModified
    // rather than answered from another text.
    let hover = raw.response(id);
    assert!(hover.get("error").is_none_or(|e| e["code"] == -32801), "{hover}");
    raw.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    raw.assert_responsive();
    // The analysis (many seconds at this size, minutes in a debug build) is still running:
    // `exit` does not wait for it.
    let id = raw.request("shutdown", Value::Null);
    assert!(raw.response(id).get("error").is_none(), "shutdown failed");
    raw.notify("exit", Value::Null);
    let status = raw.wait_exit(Duration::from_secs(10)).expect("`exit` waited for the analysis");
    assert!(status.success(), "exit status {status:?}; log:\n{}", raw.log());
}

#[test]
fn a_million_nested_arrays_do_not_overflow_the_stack() {
    let mut raw = Raw::ready();
    let depth = 1_000_000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let uri = "file:///deep.json";
    raw.open(uri, &text);
    raw.assert_responsive();
    // And the unclosed variant, and deep objects.
    raw.open("file:///deep-open.json", &"[".repeat(depth));
    raw.open("file:///deep-objects.json", &format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth)));
    raw.assert_responsive();
    let id = raw.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 500_000}}),
    );
    assert!(raw.response(id).get("error").is_none());
    raw.finish();
}

#[test]
fn ten_thousand_open_documents() {
    let mut raw = Raw::ready();
    let n = 10_000;
    for i in 0..n {
        let text = PROBE.replace("\"Read\"", &format!("\"Read{i}\""));
        raw.open(&format!("file:///many/{i}.json"), &text);
    }
    // Every document was analysed: its diagnostics arrive, in order, the last one too.
    raw.diagnostics(&format!("file:///many/{}.json", n - 1));
    raw.assert_responsive();
    raw.assert_hover_on_action("file:///many/1234.json", &PROBE.replace("\"Read\"", "\"Read1234\""));
    for i in 0..n {
        raw.notify("textDocument/didClose", json!({"textDocument": {"uri": format!("file:///many/{i}.json")}}));
    }
    raw.assert_responsive();
    raw.finish();
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let mut raw = Raw::ready();
    raw.notify("exit", Value::Null);
    let status = raw.wait_exit(TIMEOUT).expect("the server exits on `exit`");
    assert_eq!(status.code(), Some(1), "exit without shutdown; log:\n{}", raw.log());
}

#[test]
fn closed_input_without_exit_ends_the_server() {
    let mut raw = Raw::ready();
    raw.stdin = None;
    let status = raw.wait_exit(TIMEOUT).expect("the server exits when its input closes");
    assert_eq!(status.code(), Some(1), "end of input without shutdown");
}
