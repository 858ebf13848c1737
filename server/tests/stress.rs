//! The real binary under races: reopening and closing during analyses, configuration requests the
//! client answers late or never, `$/` requests, lone surrogate escapes, pipelined random edits in
//! both position encodings with push and pull diagnostics, and the input closed at any moment.
//! The final diagnostics of every document must be the library's analysis of the client's copy,
//! every request answered within 2 s, and the process gone within 1 s of the end of its input.
//!
//! `stress_random_sessions` runs for `IAM_LSP_STRESS_SECONDS` (default 15) from the seed
//! `IAM_LSP_STRESS_SEED` (default fixed); `IAM_LSP_STRESS_SESSION` replays the one session whose
//! seed a failed run printed.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::diagnostics::{self, Summary, summarize};
use common::rng::Rng;
use iam_lsp::checks::{self, Options};
use serde_json::{Value, json};

mod common;

/// The longest a request may wait for its answer, and an analysis for its push.
const ANSWER: Duration = Duration::from_secs(2);
/// The longest the process may live once its input is closed.
const EXIT: Duration = Duration::from_secs(1);
/// The latest a late client answers `workspace/configuration`.
const LATE: Duration = Duration::from_secs(3);
/// Stands for a lone surrogate in inserted text: sent as the escape `\ud83d`, read as U+FFFD.
const SURROGATE: char = '\u{E000}';

const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}"#;
/// A policy with findings: an unknown action and a trailing comma.
const FAULTY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt", "iam:PassRole",], "Resource": "*"}]
}"#;
const NOT_POLICY: &str = r#"{"name": "demo", "private": true}"#;

/// How the client answers `workspace/configuration`.
#[derive(Clone, Copy, PartialEq)]
enum Answers {
    /// As soon as the request is seen.
    AtOnce,
    /// Only when [`Peer::answer_configuration`] is called.
    Late,
}

/// A client that pipelines: requests are sent without waiting, and everything the server sends
/// is collected as it comes.
struct Peer {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    utf16: bool,
    answers: Answers,
    /// What `workspace/configuration` is answered with.
    settings: Value,
    /// Unanswered `workspace/configuration` requests, oldest first, and when the oldest came.
    configuration_requests: Vec<Value>,
    oldest_request: Option<Instant>,
    /// Requests sent and not answered yet: method and when.
    pending: HashMap<i64, (String, Instant)>,
    responses: HashMap<i64, Value>,
    /// The latest push per URI.
    pushed: HashMap<String, Value>,
    /// How long a request may wait for its answer: [`ANSWER`], unless the document is large.
    limit: Duration,
    /// What the server logged (errors only); read by the fault-injection test of debug builds.
    #[cfg_attr(not(debug_assertions), allow(dead_code))]
    log: Arc<Mutex<String>>,
}

/// Figures of the whole run, printed at its end and as it goes.
#[derive(Default)]
struct Figures {
    sessions: u64,
    requests: u64,
    /// Answered in more than 1 s (more than 2 s fails the run).
    late: u64,
    slowest: Duration,
    content_modified: u64,
    /// Processes that ended after `exit` or the end of their input, and the slowest.
    exits: u64,
    slowest_exit: Duration,
}

static FIGURES: Mutex<Figures> = Mutex::new(Figures {
    sessions: 0,
    requests: 0,
    late: 0,
    slowest: Duration::ZERO,
    content_modified: 0,
    exits: 0,
    slowest_exit: Duration::ZERO,
});

fn figures() -> std::sync::MutexGuard<'static, Figures> {
    FIGURES.lock().unwrap_or_else(|e| e.into_inner())
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "{} sessions, 0 mismatches, {} requests answered (slowest {:?}, {} over 1 s, {} ContentModified), \
             {} exits after `exit` or the end of input (slowest {:?})",
            self.sessions, self.requests, self.slowest, self.late, self.content_modified, self.exits, self.slowest_exit
        )
    }
}

impl Peer {
    fn start(utf16: bool, pull: bool, answers: Answers) -> Peer {
        Peer::start_with(utf16, pull, answers, &[])
    }

    /// [`Peer::start`], with more environment variables for the server.
    fn start_with(utf16: bool, pull: bool, answers: Answers, env: &[(&str, &str)]) -> Peer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
            .env("IAM_LSP_LOG", "error")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn iam-lsp");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap_or_else(|e| e.into_inner());
                log.push_str(&line);
                log.push('\n');
            }
        });
        let (tx, incoming) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = common::read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut peer = Peer {
            child,
            stdin,
            incoming,
            next_id: 0,
            utf16,
            answers,
            settings: json!({"severity": {}}),
            configuration_requests: Vec::new(),
            oldest_request: None,
            pending: HashMap::new(),
            responses: HashMap::new(),
            pushed: HashMap::new(),
            limit: ANSWER,
            log,
        };
        let encodings = if utf16 { json!(["utf-16"]) } else { json!(["utf-8", "utf-16"]) };
        let mut text = json!({"synchronization": {"didSave": true}, "publishDiagnostics": {"versionSupport": true}});
        if pull {
            text["diagnostic"] = json!({"dynamicRegistration": false});
        }
        let id = peer.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {
                "general": {"positionEncodings": encodings},
                "workspace": {"configuration": true},
                "textDocument": text,
            }}),
        );
        let init = peer.wait(id);
        let negotiated = init["result"]["capabilities"]["positionEncoding"].as_str().unwrap_or("utf-16");
        assert_eq!(negotiated == "utf-16", utf16, "{init}");
        peer.notify("initialized", json!({}));
        peer
    }

    fn send_raw(&mut self, body: &[u8]) {
        let Some(stdin) = self.stdin.as_mut() else { return };
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        // A server that died shows in the assertions that follow.
        let _ = stdin.write_all(&frame).and_then(|()| stdin.flush());
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).expect("serialize");
        // Each stand-in character becomes the escape of a lone high surrogate.
        let body = body.replace(SURROGATE, "\\ud83d");
        self.send_raw(body.as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.pending.insert(id, (method.to_owned(), Instant::now()));
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Reads what the server sent until `deadline`; false if nothing came.
    fn pump(&mut self, deadline: Instant) -> bool {
        // Late, but within the server's 10 s wait (it keeps its settings after that).
        if self.oldest_request.is_some_and(|t| t.elapsed() > LATE) {
            self.answer_configuration();
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let message = match self.incoming.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => return false,
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output: {:?}", self.child.try_wait()),
        };
        match (message.get("id").cloned(), message["method"].as_str()) {
            (Some(id), Some("workspace/configuration")) => {
                self.configuration_requests.push(id);
                self.oldest_request.get_or_insert_with(Instant::now);
                if self.answers == Answers::AtOnce {
                    self.answer_configuration();
                }
            }
            (Some(id), Some(_)) => self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null})),
            (None, Some("textDocument/publishDiagnostics")) => {
                let uri = message["params"]["uri"].as_str().expect("uri").to_owned();
                self.pushed.insert(uri, message["params"].clone());
            }
            (None, Some(_)) => {}
            (Some(id), None) => {
                let id = id.as_i64().expect("our ids are numbers");
                let (method, sent) = self.pending.remove(&id).unwrap_or_else(|| panic!("unexpected answer {message}"));
                let took = sent.elapsed();
                assert!(took <= self.limit, "{method} answered in {took:?}: {message}");
                let mut figures = figures();
                figures.requests += 1;
                figures.late += u64::from(took > Duration::from_secs(1));
                figures.slowest = figures.slowest.max(took);
                figures.content_modified += u64::from(message["error"]["code"] == -32801);
                drop(figures);
                self.responses.insert(id, message);
            }
            (None, None) => panic!("a message that is neither request nor answer: {message}"),
        }
        true
    }

    /// The answer to request `id`, within the limit.
    fn wait(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + self.limit;
        while !self.responses.contains_key(&id) {
            if !self.pump(deadline) {
                panic!("request {id} ({:?}) not answered in {:?}", self.pending.get(&id), self.limit);
            }
        }
        self.responses.remove(&id).expect("answer")
    }

    /// Every request sent so far answered, each within the limit.
    fn drain(&mut self) {
        while let Some((&id, (method, sent))) = self.pending.iter().min_by_key(|(_, (_, sent))| *sent) {
            let deadline = *sent + self.limit;
            let method = method.clone();
            while self.pending.contains_key(&id) {
                assert!(self.pump(deadline), "{method} (request {id}) not answered in {:?}", self.limit);
            }
        }
    }

    fn answer_configuration(&mut self) {
        self.oldest_request = None;
        for id in std::mem::take(&mut self.configuration_requests) {
            let settings = self.settings.clone();
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": [settings]}));
        }
    }

    fn close_input(&mut self) {
        self.stdin = None;
    }

    /// The exit status, within `within` of now.
    fn exit_within(&mut self, within: Duration) -> ExitStatus {
        let start = Instant::now();
        let deadline = start + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                let mut figures = figures();
                figures.exits += 1;
                figures.slowest_exit = figures.slowest_exit.max(start.elapsed());
                return status;
            }
            assert!(Instant::now() < deadline, "the server still runs {within:?} after the end of its input");
            thread::sleep(Duration::from_millis(5));
        }
    }

    fn position(&self, text: &str, offset: usize) -> Value {
        diagnostics::position(text, offset, self.utf16)
    }

    fn range(&self, text: &str, start: usize, end: usize) -> Value {
        diagnostics::range(text, start, end, self.utf16)
    }

    /// What the diagnostics of `text` must be, in this client's encoding.
    fn expected(&self, text: &str, options: &Options) -> Summary {
        diagnostics::expected(text, options, self.utf16)
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn open(peer: &mut Peer, uri: &str, version: i32, text: &str) {
    peer.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": version, "text": text}}),
    );
}

fn replace_all(peer: &mut Peer, uri: &str, version: i32, text: &str) {
    peer.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

/// Waits until the latest push for `uri` is `want` (within [`ANSWER`]; none stands for no
/// diagnostics); the push itself.
fn await_push(peer: &mut Peer, uri: &str, want: &[(String, Value, String)]) -> Value {
    await_push_of(peer, uri, want, None)
}

/// [`await_push`], of `version` when there are diagnostics.
fn await_push_of(peer: &mut Peer, uri: &str, want: &[(String, Value, String)], version: Option<i32>) -> Value {
    let deadline = Instant::now() + ANSWER;
    loop {
        let push = peer.pushed.get(uri).cloned().unwrap_or(Value::Null);
        let of_version = want.is_empty() || version.is_none_or(|v| push["version"] == v);
        if summarize(&push["diagnostics"]) == want && of_version {
            return push;
        }
        if !peer.pump(deadline) {
            panic!("{uri}: pushed {:?}, expected {want:?}", peer.pushed.get(uri));
        }
    }
}

/// Nothing more is pushed for `uri` for a while; the latest push.
fn settled(peer: &mut Peer, uri: &str) -> Option<Value> {
    let quiet = Duration::from_millis(300);
    while peer.pump(Instant::now() + quiet) {}
    peer.pushed.get(uri).cloned()
}

// ---- Regressions, one per defect of issue 14 ----

#[test]
fn reopening_during_the_first_analysis_never_shows_the_old_text() {
    let mut peer = Peer::start(true, false, Answers::AtOnce);
    let uri = "file:///reopen.json";
    for close in [true, false] {
        open(&mut peer, uri, 1, FAULTY);
        if close {
            peer.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
        }
        open(&mut peer, uri, 1, POLICY);
        let want = peer.expected(POLICY, &Options::default());
        await_push(&mut peer, uri, &want);
        let last = settled(&mut peer, uri).expect("a push");
        assert_eq!(summarize(&last["diagnostics"]), want, "the old text's findings came last");
        // Requests work on the new text.
        let id = peer.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
        let symbols = peer.wait(id);
        assert_eq!(symbols["result"][0]["children"][0]["name"], "Read", "{symbols}");
        peer.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    }
}

#[test]
fn findings_are_cleared_when_a_policy_becomes_something_else_under_quick_edits() {
    let mut peer = Peer::start(true, false, Answers::AtOnce);
    let uri = "file:///clear.json";
    open(&mut peer, uri, 1, FAULTY);
    let want = peer.expected(FAULTY, &Options::default());
    assert!(!want.is_empty());
    await_push(&mut peer, uri, &want);
    for version in 2..40 {
        let text = format!("{{\"name\": \"demo\", \"n\": {version}}}");
        replace_all(&mut peer, uri, version, &text);
    }
    await_push(&mut peer, uri, &[]);
}

#[test]
fn a_second_open_with_a_text_that_is_not_a_policy_clears_the_findings() {
    let mut peer = Peer::start(false, false, Answers::AtOnce);
    let uri = "file:///twice.json";
    open(&mut peer, uri, 1, FAULTY);
    let want = peer.expected(FAULTY, &Options::default());
    await_push(&mut peer, uri, &want);
    open(&mut peer, uri, 1, NOT_POLICY);
    await_push(&mut peer, uri, &[]);
}

#[test]
fn unanswered_configuration_requests_hold_nothing() {
    let mut peer = Peer::start(true, false, Answers::Late);
    let uri = "file:///config.json";
    open(&mut peer, uri, 1, POLICY);
    // More than the four handler slots and the hundred queued messages of tower-lsp-server.
    for _ in 0..150 {
        peer.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    }
    replace_all(&mut peer, uri, 2, FAULTY);
    let want = peer.expected(FAULTY, &Options::default());
    await_push(&mut peer, uri, &want);
    let id = peer.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert!(peer.wait(id).get("result").is_some());
    // The late answers, turning a rule off, apply (the latest notification's).
    peer.settings = json!({"severity": {"MISSING_VERSION": "off"}});
    peer.answer_configuration();
    let id = peer.request("shutdown", Value::Null);
    assert!(peer.wait(id).get("error").is_none());
    peer.notify("exit", Value::Null);
    assert!(peer.exit_within(EXIT).success());
}

#[test]
fn the_end_of_input_ends_the_server_whatever_is_pending() {
    let mut peer = Peer::start(false, true, Answers::Late);
    open(&mut peer, "file:///pending.json", 1, FAULTY);
    peer.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    // The configuration request is seen and left unanswered.
    let deadline = Instant::now() + ANSWER;
    while peer.configuration_requests.is_empty() {
        assert!(peer.pump(deadline), "no workspace/configuration request");
    }
    peer.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///pending.json"}, "position": {"line": 2, "character": 40}}),
    );
    peer.close_input();
    let status = peer.exit_within(EXIT);
    assert_eq!(status.code(), Some(1), "no shutdown came");
}

#[test]
fn dollar_requests_get_method_not_found() {
    let mut peer = Peer::start(true, false, Answers::AtOnce);
    let id = peer.request("$/iam-lsp/unknown", json!({}));
    let answer = peer.wait(id);
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
    // `$/` notifications are still ignored quietly, and the server goes on.
    peer.notify("$/setTrace", json!({"value": "off"}));
    let id = peer.request("shutdown", Value::Null);
    assert!(peer.wait(id).get("error").is_none());
}

#[test]
fn a_lone_surrogate_escape_is_read_as_a_replacement_character() {
    let mut peer = Peer::start(true, false, Answers::AtOnce);
    let uri = "file:///surrogate.json";
    let text = POLICY.replace("\"Read\"", &format!("\"R{SURROGATE}d\""));
    open(&mut peer, uri, 1, &text);
    let mut model = text.replace(SURROGATE, "\u{FFFD}");
    // An edit after the replacement character lands where the client means it.
    let at = model.find("s3:GetObject").expect("action") + "s3:GetObject".len();
    let change = json!({"range": peer.range(&model, at, at), "text": format!("{SURROGATE}x")});
    model.insert_str(at, "\u{FFFD}x");
    peer.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}),
    );
    let want = peer.expected(&model, &Options::default());
    assert!(!want.is_empty(), "the action is unknown now");
    let push = await_push(&mut peer, uri, &want);
    assert_eq!(push["version"], 2);
}

#[test]
fn quick_fixes_name_the_version_they_were_computed_for() {
    let mut peer = Peer::start(false, false, Answers::AtOnce);
    let uri = "file:///fixes.json";
    open(&mut peer, uri, 1, FAULTY);
    let mut text = FAULTY.to_owned();
    for version in 2..6 {
        text = text.replacen("\"Version\"", "\"Version\" ", 1);
        replace_all(&mut peer, uri, version, &text);
        let comma = text.find("\",]").expect("trailing comma") + 1;
        let range = peer.range(&text, comma, comma);
        let id = peer.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        );
        let answer = peer.wait(id);
        let actions = answer["result"].as_array().unwrap_or_else(|| panic!("{answer}"));
        assert!(!actions.is_empty(), "{answer}");
        for action in actions.iter().filter(|a| a.get("edit").is_some()) {
            let changes = &action["edit"]["documentChanges"];
            assert_eq!(changes[0]["textDocument"]["version"], version, "{action}");
            assert!(action["edit"].get("changes").is_none(), "{action}");
        }
    }
}

/// A policy whose analysis takes at least `at_least` here (in this build, on this machine, under
/// its load; the server's takes about as long): statements, doubled until it is slow enough,
/// without findings (a document publishes at most 100 of one code, which `expected` does not model). The first statement is the one the tests edit: its first action is
/// `s3:GetObject`, its second `s3:GetObjekt0000` (unknown, so each version's findings differ by
/// these four digits), followed by a trailing comma.
fn large_policy(at_least: Duration) -> String {
    let head = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Edited", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjekt0000",], "Resource": "*"}"#;
    let mut statements = 64;
    loop {
        let mut text = head.to_owned();
        for i in 0..statements {
            text.push_str(&format!(
                ",\n  {{\"Sid\": \"S{i}\", \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:PutObject\"], \
                 \"Resource\": \"arn:aws:s3:::bucket-{i}/*\", \"Condition\": {{\"Bool\": {{\"aws:SecureTransport\": \"true\"}}}}}}"
            ));
        }
        text.push_str("\n]}\n");
        let start = Instant::now();
        checks::analyze(&text, &Options::default());
        if start.elapsed() >= at_least {
            return text;
        }
        statements *= 2;
    }
}

/// Pulls the diagnostics of `uri` until they are `want`; the `resultId` of that analysis, which
/// counts the analyses the server has run.
fn pull_until(peer: &mut Peer, uri: &str, want: &[(String, Value, String)]) -> u64 {
    let deadline = Instant::now() + peer.limit;
    loop {
        let id = peer.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
        let answer = peer.wait(id);
        if summarize(&answer["result"]["items"]) == want {
            return answer["result"]["resultId"].as_str().and_then(|s| s.parse().ok()).expect("a numeric resultId");
        }
        assert!(Instant::now() < deadline, "{uri}: pulled {answer}, expected {want:?}");
        thread::sleep(Duration::from_millis(50));
    }
}

/// Issue 14, defect 9: edits that each come while an analysis runs must not each start one of
/// their own beside it. Each edit is known to be applied (a `completionItem/resolve` round trip,
/// which waits for nothing) before the next is sent, all of them well within one analysis; the
/// pull diagnostics' `resultId` counts the analyses run. One at a time, the running one is
/// followed by at most one of the latest text; stacked, there is one per edit.
#[test]
fn quick_edits_on_a_large_document_run_one_analysis_at_a_time() {
    const EDITS: i32 = 10;
    let mut text = large_policy(Duration::from_millis(400));
    let mut peer = Peer::start(true, true, Answers::AtOnce);
    // A large document: not held to the 2 s of normal-size ones.
    peer.limit = Duration::from_secs(60);
    let uri = "file:///large.json";
    open(&mut peer, uri, 1, &text);
    let want = peer.expected(&text, &Options::default());
    let first = pull_until(&mut peer, uri, &want);
    let digits = text.find("GetObjekt0000").expect("the edited action") + "GetObjekt".len();
    let started = Instant::now();
    for version in 2..=EDITS + 1 {
        let range = peer.range(&text, digits, digits + 4);
        let new = format!("{version:04}");
        text.replace_range(digits..digits + 4, &new);
        peer.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": new}]}),
        );
        let id = peer.request("completionItem/resolve", json!({"label": "applied?"}));
        peer.wait(id);
    }
    let sending = started.elapsed();
    let want = peer.expected(&text, &Options::default());
    let last = pull_until(&mut peer, uri, &want);
    let analyses = last - first;
    eprintln!("{EDITS} edits sent in {sending:?}: {analyses} analyses after the first");
    assert!(analyses <= EDITS as u64 / 2, "{analyses} analyses for {EDITS} edits sent in {sending:?}: they stack");
}

/// Issue 14, "Also" and 8: requests whose answer depends on positions or carries edits are
/// answered from the text they were made on, or refused as ContentModified (-32801), never from
/// a text edited after them. The document is large, so its analysis is still running when the
/// next edit comes right behind the request.
#[test]
fn hover_completion_and_code_actions_are_never_answered_from_a_later_text() {
    let mut text = large_policy(Duration::from_millis(300));
    let mut peer = Peer::start(false, false, Answers::AtOnce);
    peer.limit = Duration::from_secs(60);
    let uri = "file:///later.json";
    open(&mut peer, uri, 1, &text);
    let action = text.find("s3:GetObject").expect("the edited action");
    let comma = text.find("0000\",]").expect("the trailing comma") + 5;
    let mut version = 1;
    /// Flips the first action between `s3:GetObject` and `s3:PutObject` (same length): the new version.
    fn flip(peer: &mut Peer, uri: &str, text: &mut String, action: usize, version: &mut i32) -> i32 {
        let verb = if text[action..].starts_with("s3:Get") { "Put" } else { "Get" };
        let range = peer.range(text, action + 3, action + 6);
        text.replace_range(action + 3..action + 6, verb);
        *version += 1;
        peer.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": *version}, "contentChanges": [{"range": range, "text": verb}]}),
        );
        *version
    }
    let methods = ["textDocument/hover", "textDocument/completion", "textDocument/codeAction"];
    let params = |peer: &Peer, text: &str, method: &str| match method {
        "textDocument/codeAction" => json!({"textDocument": {"uri": uri}, "range": peer.range(text, comma, comma),
                                            "context": {"diagnostics": []}}),
        _ => json!({"textDocument": {"uri": uri}, "position": peer.position(text, action + 7)}),
    };
    // What the answer says about the text it was computed on: the verb, or the version.
    let made_on = |answer: &Value, method: &str| -> String {
        let result = &answer["result"];
        match method {
            "textDocument/hover" => {
                let markdown = result["contents"]["value"].as_str().unwrap_or_default();
                let verb = if markdown.contains("PutObject") {
                    "Put"
                } else if markdown.contains("GetObject") {
                    "Get"
                } else {
                    "?"
                };
                verb.to_owned()
            }
            "textDocument/completion" => {
                let label = result["items"][0]["label"].as_str().unwrap_or_default();
                label.get(3..6).unwrap_or("?").to_owned()
            }
            _ => result
                .as_array()
                .and_then(|actions| {
                    actions.iter().find_map(|a| a["edit"]["documentChanges"][0]["textDocument"]["version"].as_i64())
                })
                .map_or("?".to_owned(), |v| v.to_string()),
        }
    };
    let mut refused = 0;
    for method in methods {
        for _ in 0..3 {
            let asked = flip(&mut peer, uri, &mut text, action, &mut version);
            let verb = text[action + 3..action + 6].to_owned();
            let want = if method == "textDocument/codeAction" { asked.to_string() } else { verb };
            let id = peer.request(method, params(&peer, &text, method));
            // Right behind the request: the analysis of the version it was made on is not done.
            let mut later = text.clone();
            flip(&mut peer, uri, &mut later, action, &mut version);
            let answer = peer.wait(id);
            if answer["error"]["code"] == -32801 {
                refused += 1;
            } else {
                assert_eq!(made_on(&answer, method), want, "{method} at version {asked}: {answer}");
            }
            text = later;
        }
        // Asked again with nothing behind it (as clients retry), it is answered from its text.
        let deadline = Instant::now() + peer.limit;
        let answer = loop {
            let id = peer.request(method, params(&peer, &text, method));
            let answer = peer.wait(id);
            if answer["error"]["code"] != -32801 {
                break answer;
            }
            assert!(Instant::now() < deadline, "{method} refused for {:?}", peer.limit);
        };
        let want = if method == "textDocument/codeAction" {
            version.to_string()
        } else {
            text[action + 3..action + 6].to_owned()
        };
        assert_eq!(made_on(&answer, method), want, "{method} at version {version}: {answer}");
    }
    eprintln!("{refused} of 9 requests refused as ContentModified");
}

/// Issue 14, "Also": a panic in a request handler answers that request with an internal error
/// and is logged; the server goes on. Debug builds only: `IAM_LSP_PANIC_IN` makes the handler
/// panic (no input is known to).
#[cfg(debug_assertions)]
#[test]
fn a_panic_in_a_request_handler_answers_with_an_internal_error() {
    let mut peer = Peer::start_with(true, false, Answers::AtOnce, &[("IAM_LSP_PANIC_IN", "hover")]);
    let uri = "file:///panic.json";
    open(&mut peer, uri, 1, POLICY);
    let hover =
        json!({"textDocument": {"uri": uri}, "position": peer.position(POLICY, POLICY.find("GetObject").unwrap())});
    for _ in 0..2 {
        let id = peer.request("textDocument/hover", hover.clone());
        let answer = peer.wait(id);
        assert_eq!(answer["error"]["code"], -32603, "{answer}");
        assert_eq!(answer["error"]["message"], "iam-lsp: hover failed: fault injected by IAM_LSP_PANIC_IN", "{answer}");
        // Other requests are answered as before.
        let id = peer.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
        let symbols = peer.wait(id);
        assert_eq!(symbols["result"][0]["children"][0]["name"], "Read", "{symbols}");
    }
    let id = peer.request("shutdown", Value::Null);
    assert!(peer.wait(id).get("error").is_none());
    peer.notify("exit", Value::Null);
    assert!(peer.exit_within(EXIT).success());
    // The log is read by a thread of its own: it may lag behind the exit a little.
    let deadline = Instant::now() + ANSWER;
    let logged = || peer.log.lock().unwrap().matches("hover panicked: fault injected by IAM_LSP_PANIC_IN").count();
    while logged() < 2 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(logged(), 2, "{}", peer.log.lock().unwrap());
}

// ---- Random sessions ----

const SNIPPETS: &[&str] = &[
    ",",
    "\"",
    "{",
    "}",
    "]",
    "\n",
    " ",
    "😀",
    "한국",
    "\"Action\": \"iam:PassRole\", ",
    "\"s3:GetObjekt\"",
    "\"Effect\": \"Deny\", ",
    "\"Resource\": \"arn:aws:s3:::bucket/*\", ",
    "\"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}, ",
    "\u{E000}",
];

/// A char boundary of `text`, at random.
fn boundary(rng: &mut Rng, text: &str) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

struct Doc {
    text: String,
    version: i32,
    open: bool,
}

/// One session: random documents, edits, reopenings, requests and configuration changes; then
/// either the final diagnostics are compared and the session shut down, or its input is closed
/// at a random moment.
fn session(seed: u64) {
    let rng = &mut Rng(seed.max(1));
    let steps = 20 + rng.below(200);
    let utf16 = rng.chance(50);
    let pull = rng.chance(50);
    let answers = if rng.chance(50) { Answers::AtOnce } else { Answers::Late };
    let mut peer = Peer::start(utf16, pull, answers);
    let mut docs: Vec<(String, Doc)> = (0..3)
        .map(|i| {
            let text = rng.pick(&[POLICY, FAULTY, NOT_POLICY]).to_string();
            (format!("file:///stress/{i}.json"), Doc { text, version: 1, open: false })
        })
        .collect();
    let mut options = Options::default();
    let abrupt = rng.chance(30).then(|| rng.below(steps.max(1)));
    for step in 0..steps {
        if abrupt == Some(step) {
            peer.close_input();
            let status = peer.exit_within(EXIT);
            assert_eq!(status.code(), Some(1));
            return;
        }
        let (uri, doc) = {
            let i = rng.below(docs.len());
            let (uri, doc) = &mut docs[i];
            (uri.clone(), doc)
        };
        if !doc.open {
            doc.version = 1;
            open(&mut peer, &uri, 1, &doc.text);
            doc.open = true;
            continue;
        }
        match rng.below(100) {
            0..=54 => {
                // One didChange of a few incremental edits, each range in the text left by the previous one.
                let mut changes = Vec::new();
                for _ in 0..1 + rng.below(3) {
                    let start = boundary(rng, &doc.text);
                    let mut end = boundary(rng, &doc.text).max(start);
                    if end - start > 40 || rng.chance(50) {
                        end = start;
                    }
                    let inserted = if rng.chance(25) { "" } else { *rng.pick(SNIPPETS) };
                    changes.push(json!({"range": peer.range(&doc.text, start, end), "text": inserted}));
                    doc.text.replace_range(start..end, &inserted.replace(SURROGATE, "\u{FFFD}"));
                }
                doc.version += 1;
                peer.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": doc.version}, "contentChanges": changes}),
                );
            }
            55..=59 => {
                doc.text = rng.pick(&[POLICY, FAULTY, NOT_POLICY]).to_string();
                doc.version += 1;
                replace_all(&mut peer, &uri, doc.version, &doc.text);
            }
            60..=64 => {
                // Reopen, closing first or not.
                if rng.chance(50) {
                    peer.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
                }
                doc.text = rng.pick(&[POLICY, FAULTY, NOT_POLICY]).to_string();
                doc.version = 1;
                open(&mut peer, &uri, 1, &doc.text);
            }
            65..=67 => {
                peer.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
                doc.open = false;
            }
            68..=74 => {
                let off = rng.chance(50);
                let settings =
                    if off { json!({"severity": {"MISSING_VERSION": "off"}}) } else { json!({"severity": {}}) };
                options.severities.clear();
                if off {
                    options.severities.insert("MISSING_VERSION".to_owned(), None);
                }
                if rng.chance(50) {
                    peer.notify("workspace/didChangeConfiguration", json!({"settings": settings}));
                } else {
                    peer.settings = settings;
                    peer.notify("workspace/didChangeConfiguration", json!({"settings": null}));
                }
                if answers == Answers::Late && rng.chance(30) {
                    peer.answer_configuration();
                }
            }
            75..=77 => {
                peer.request("$/iam-lsp/probe", json!({}));
            }
            _ => {
                let at = boundary(rng, &doc.text);
                let position = peer.position(&doc.text, at);
                let method = *rng.pick(&[
                    "textDocument/hover",
                    "textDocument/completion",
                    "textDocument/codeAction",
                    "textDocument/documentSymbol",
                    "textDocument/inlayHint",
                ]);
                let params = match method {
                    "textDocument/codeAction" => {
                        json!({"textDocument": {"uri": uri}, "range": {"start": position, "end": position}, "context": {"diagnostics": []}})
                    }
                    "textDocument/documentSymbol" => json!({"textDocument": {"uri": uri}}),
                    "textDocument/inlayHint" => {
                        json!({"textDocument": {"uri": uri}, "range": peer.range(&doc.text, 0, doc.text.len())})
                    }
                    _ => json!({"textDocument": {"uri": uri}, "position": position}),
                };
                let version = doc.version;
                let id = peer.request(method, params);
                if method == "textDocument/codeAction" && rng.chance(50) {
                    check_code_actions(&peer.wait(id), version);
                }
            }
        }
        // Read what came meanwhile without waiting (the server's requests are answered here).
        while peer.pump(Instant::now()) {}
    }
    // From now on the client answers at once (requests still on their way included).
    peer.answers = Answers::AtOnce;
    peer.answer_configuration();
    peer.drain();
    for (uri, doc) in &docs {
        let want = if doc.open { peer.expected(&doc.text, &options) } else { Vec::new() };
        if pull && doc.open {
            let deadline = Instant::now() + ANSWER;
            loop {
                let id = peer.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
                let got = peer.wait(id)["result"]["items"].clone();
                if summarize(&got) == want {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "{uri} v{}: pulled {got}, expected {want:?}\n{}",
                    doc.version,
                    doc.text
                );
                thread::sleep(Duration::from_millis(50));
            }
        } else if !pull {
            await_push_of(&mut peer, uri, &want, Some(doc.version));
        }
    }
    if !pull {
        // Nothing older is pushed after the final state.
        for (uri, doc) in &docs {
            let want = if doc.open { peer.expected(&doc.text, &options) } else { Vec::new() };
            let last = settled(&mut peer, uri).map(|p| summarize(&p["diagnostics"])).unwrap_or_default();
            assert_eq!(last, want, "{uri}: a stale push came last");
        }
    }
    let id = peer.request("shutdown", Value::Null);
    assert!(peer.wait(id).get("error").is_none());
    peer.notify("exit", Value::Null);
    assert!(peer.exit_within(EXIT).success());
}

/// Quick fixes are versioned with the version the request was sent at, or refused as
/// ContentModified.
fn check_code_actions(answer: &Value, version: i32) {
    if answer["error"]["code"] == -32801 {
        return;
    }
    let actions = answer["result"].as_array().map(Vec::as_slice).unwrap_or_default();
    for action in actions.iter().filter(|a| a.get("edit").is_some()) {
        assert_eq!(action["edit"]["documentChanges"][0]["textDocument"]["version"], version, "{action}");
    }
}

#[test]
fn stress_random_sessions() {
    let seconds: u64 = std::env::var("IAM_LSP_STRESS_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(15);
    let seed: u64 = std::env::var("IAM_LSP_STRESS_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x1A3_15F);
    if let Some(one) = std::env::var("IAM_LSP_STRESS_SESSION").ok().and_then(|s| s.parse().ok()) {
        return session(one);
    }
    let mut rng = Rng(seed.max(1));
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut report = Instant::now() + Duration::from_secs(60);
    while Instant::now() < end {
        let seed = rng.next();
        // Printed first, so that a failing session can be replayed alone.
        eprintln!("session seed {seed}");
        session(seed);
        let mut figures = figures();
        figures.sessions += 1;
        if Instant::now() > report {
            eprintln!("so far: {figures}");
            report += Duration::from_secs(60);
        }
    }
    eprintln!("random sessions from seed {seed} in {seconds} s: {}", figures());
}
