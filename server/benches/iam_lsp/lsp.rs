//! The change → `publishDiagnostics` round trip, in process: a `didChange` goes into the server's
//! service, and the time runs until the diagnostics for that version come out of the client
//! socket (edit applied, policy analysed, diagnostics converted and sent).

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

const URI: &str = "file:///bench/policy.json";

struct Session<S> {
    service: LspService<S>,
    socket: ClientSocket,
    version: i64,
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
                let message = serde_json::to_value(message).expect("request serializes");
                if message["method"] == "textDocument/publishDiagnostics" && message["params"]["version"] == version {
                    return;
                }
            }
            panic!("the client socket closed");
        };
        let (sent, ()) = futures::join!(send, receive);
        sent.expect("notification accepted");
    }

    /// One keystroke: a space typed at the start of line 2, or deleted again (the text stays valid).
    fn change(&mut self) -> Request {
        self.version += 1;
        let start = json!({"line": 1, "character": 0});
        let (end, text) =
            if self.version % 2 == 0 { (start.clone(), " ") } else { (json!({"line": 1, "character": 1}), "") };
        Request::build("textDocument/didChange")
            .params(json!({"textDocument": {"uri": URI, "version": self.version},
                           "contentChanges": [{"range": {"start": start, "end": end}, "text": text}]}))
            .finish()
    }
}

/// A server with `text` open and its first diagnostics received.
async fn open(text: &str) -> Session<impl LanguageServer> {
    let (service, socket) = service();
    let mut session = Session { service, socket, version: 1 };
    let init = Request::build("initialize").params(json!({"capabilities": {}})).id(1).finish();
    session.call(init).await.expect("initialize answers");
    session.call(Request::build("initialized").params(json!({})).finish()).await;
    let open = Request::build("textDocument/didOpen")
        .params(json!({"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": text}}))
        .finish();
    session.round_trip(open, 1).await;
    session
}

pub fn bench(c: &mut Criterion) {
    let policies = corpus::load();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let mut group = c.benchmark_group("lsp");
    group.measurement_time(Duration::from_secs(8));
    for (label, (name, text)) in [("typical", corpus::typical(&policies)), ("largest", corpus::largest(&policies))] {
        let mut session = runtime.block_on(open(text));
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
