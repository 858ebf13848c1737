//! The change → `publishDiagnostics` round trip, in process: a `didChange` goes into the server's
//! service, and the time runs until the diagnostics for that version come out of the client
//! socket (edit applied, policy analysed, diagnostics converted and sent) and are written out as
//! the stdio transport writes them.

use std::future::poll_fn;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use futures::StreamExt;
use iam_lsp::lsp::service;
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::{ClientSocket, LanguageServer, LspService};
use tower_service::Service;

use crate::corpus;

struct Session<S> {
    service: LspService<S>,
    socket: ClientSocket,
    version: i64,
    uri: &'static str,
    /// Where keystrokes type: (line, character), zero-based.
    at: (u32, u32),
}

impl<S: LanguageServer> Session<S> {
    async fn call(&mut self, request: Request) -> Option<Value> {
        poll_fn(|cx| self.service.poll_ready(cx)).await.expect("service is ready");
        let response = self.service.call(request).await.expect("service answers");
        response.map(|r| serde_json::to_value(r).expect("response serializes"))
    }

    /// Sends a notification and waits for the diagnostics of `version` (both at once: the
    /// notification's future finishes only once the client socket took the diagnostics).
    async fn round_trip(&mut self, request: Request, version: i64) {
        let Session { service, socket, .. } = self;
        poll_fn(|cx| service.poll_ready(cx)).await.expect("service is ready");
        let send = service.call(request);
        let receive = async {
            while let Some(message) = socket.next().await {
                // What the stdio transport does with every message: write it out as JSON text.
                std::hint::black_box(serde_json::to_vec(&message).expect("request serializes"));
                if message.method() == "textDocument/publishDiagnostics"
                    && message.params().is_some_and(|p| p["version"] == version)
                {
                    return;
                }
            }
            panic!("the client socket closed");
        };
        let (sent, ()) = futures::join!(send, receive);
        sent.expect("notification accepted");
    }

    /// One keystroke: a space typed at `at`, or deleted again (the text stays valid).
    fn change(&mut self) -> Request {
        self.version += 1;
        let (line, character) = self.at;
        let start = json!({"line": line, "character": character});
        let (end, text) = if self.version % 2 == 0 {
            (start.clone(), " ")
        } else {
            (json!({"line": line, "character": character + 1}), "")
        };
        Request::build("textDocument/didChange")
            .params(json!({"textDocument": {"uri": self.uri, "version": self.version},
                           "contentChanges": [{"range": {"start": start, "end": end}, "text": text}]}))
            .finish()
    }
}

/// A server with `text` open at `uri` and its first diagnostics received; keystrokes go to `at`.
async fn open(uri: &'static str, at: (u32, u32), text: &str) -> Session<impl LanguageServer> {
    let (service, socket) = service();
    let mut session = Session { service, socket, version: 1, uri, at };
    let init = Request::build("initialize").params(json!({"capabilities": {}})).id(1).finish();
    session.call(init).await.expect("initialize answers");
    session.call(Request::build("initialized").params(json!({})).finish()).await;
    let open = Request::build("textDocument/didOpen")
        .params(json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}))
        .finish();
    session.round_trip(open, 1).await;
    session
}

pub fn bench(c: &mut Criterion) {
    let policies = corpus::load();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let mut group = c.benchmark_group("lsp");
    group.measurement_time(Duration::from_secs(8));
    let template = ("generated 2,000-line YAML template".to_owned(), template(2_000));
    // The figure is that of a template read in full: every policy found, its defects reported.
    let analysis = iam_lsp::checks::analyze(
        &template.1,
        &iam_lsp::checks::Options { path: Some("template.yaml".into()), ..Default::default() },
    );
    let roles = template.1.matches("Type: AWS::IAM::Role").count();
    assert_eq!(analysis.document.policies.len(), 2 * roles);
    assert!(analysis.findings.iter().all(|f| f.code == "INVALID_ACTION"), "{:?}", analysis.findings);
    assert_eq!(analysis.findings.len(), roles.div_ceil(7));
    let generated = ("generated 1,000 statements".to_owned(), corpus::generated(1_000, false));
    // Keystrokes go after the first character of the middle line's first string: inside a
    // statement, which the next analysis must redo (the others keep their findings).
    let middle = |text: &str| {
        let line = text.lines().count() / 2;
        let quote = text.lines().nth(line).and_then(|l| l.find('"')).expect("a string on the middle line");
        (line as u32, quote as u32 + 2)
    };
    let cases = [
        ("typical", corpus::typical(&policies), "file:///bench/policy.json", (1, 0)),
        (
            "typical_statement",
            corpus::typical(&policies),
            "file:///bench/policy.json",
            middle(&corpus::typical(&policies).1),
        ),
        ("largest", corpus::largest(&policies), "file:///bench/policy.json", (1, 0)),
        (
            "largest_statement",
            corpus::largest(&policies),
            "file:///bench/policy.json",
            middle(&corpus::largest(&policies).1),
        ),
        ("generated_statement", &generated, "file:///bench/policy.json", middle(&generated.1)),
        // Typed inside the `Description` value, so the YAML stays valid.
        ("template", &template, "file:///bench/template.yaml", (1, 13)),
    ];
    for (label, (name, text), uri, at) in cases {
        let mut session = runtime.block_on(open(uri, at, text));
        group.bench_function(BenchmarkId::new(format!("change_to_diagnostics/{label}"), name), |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        let change = session.change();
                        let version = session.version;
                        session.round_trip(change, version).await;
                    }
                    start.elapsed()
                })
            })
        });
    }
    group.finish();
}

/// A CloudFormation YAML template of about `lines` lines: roles with a trust policy and an inline
/// policy, and managed policies, full of intrinsic functions, one defect every few resources.
fn template(lines: usize) -> String {
    let mut out = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: generated\nResources:\n");
    let mut i = 0;
    while out.lines().count() < lines {
        let action = if i % 7 == 0 { "s3:GetObjekt" } else { "s3:GetObject" };
        out.push_str(&format!(
            "  Queue{i}:\n    Type: AWS::SQS::Queue\n  Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n      \
             AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            \
             Principal: {{Service: lambda.amazonaws.com}}\n            Action: sts:AssumeRole\n      Policies:\n        \
             - PolicyName: p{i}\n          PolicyDocument:\n            Version: \"2012-10-17\"\n            Statement:\n              \
             - Sid: Read{i}\n                Effect: Allow\n                Action: [{action}, s3:ListBucket]\n                \
             Resource:\n                  - !Sub \"arn:${{AWS::Partition}}:s3:::bucket-{i}/*\"\n                  \
             - !Sub \"arn:${{AWS::Partition}}:s3:::bucket-{i}\"\n              - Effect: Allow\n                \
             Action: sqs:SendMessage\n                Resource: !GetAtt Queue{i}.Arn\n                Condition:\n                  \
             StringEquals:\n                    aws:SourceAccount: !Ref AWS::AccountId\n"
        ));
        i += 1;
    }
    out
}
