//! In process, where the test decides when the server's tasks run: a race that over stdio
//! happens only now and then (an edit landing between the end of an analysis and its push) is
//! made to happen every time. The runtime is the test's own, on one thread: while the test does
//! not yield, none of the server's tasks runs, but analyses on the blocking pool go on.

use std::future::poll_fn;
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::{ClientSocket, LanguageServer, LspService};
use tower_service::Service;

const URI: &str = "file:///clear.json";
/// A policy with findings: an unknown action and a trailing comma.
const FAULTY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt", "iam:PassRole",], "Resource": "*"}]
}"#;

/// Runs a notification's handler to its end at once, letting nothing else run meanwhile.
fn deliver<S: LanguageServer>(service: &mut LspService<S>, method: &str, params: Value) {
    let ready = poll_fn(|cx| service.poll_ready(cx)).now_or_never();
    assert!(matches!(ready, Some(Ok(()))), "the service takes messages");
    let done = service.call(Request::build(method.to_owned()).params(params).finish()).now_or_never();
    assert!(matches!(done, Some(Ok(None))), "{method} is handled without waiting");
}

fn change<S: LanguageServer>(service: &mut LspService<S>, version: i32, text: &str) {
    let params = json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]});
    deliver(service, "textDocument/didChange", params);
}

/// The next diagnostics pushed, within 10 s.
async fn next_push(socket: &mut ClientSocket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("diagnostics pushed within 10 s")
            .expect("the client socket is open");
        let message = serde_json::to_value(message).expect("serializes");
        if message["method"] == "textDocument/publishDiagnostics" {
            return message["params"].clone();
        }
    }
}

/// Issue 14, defect 2: the clearing push of a policy edited into something else was recorded as
/// sent when it was built; skipped for a newer version, it was never sent at all.
#[test]
fn a_clearing_push_skipped_for_a_newer_version_is_sent_for_it() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let (mut service, mut socket) = iam_lsp::lsp::service();
        poll_fn(|cx| service.poll_ready(cx)).await.expect("ready");
        let init = Request::build("initialize").params(json!({"capabilities": {}})).id(1).finish();
        service.call(init).await.expect("initialize answers");
        deliver(&mut service, "initialized", json!({}));
        let open = json!({"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": FAULTY}});
        deliver(&mut service, "textDocument/didOpen", open);
        let mut version = 1;
        // The machine may still run the analysis loop between the yields below (a thread
        // preempted at the wrong moment): the race then did not happen, and is tried again.
        for _ in 0..5 {
            let push = next_push(&mut socket).await;
            assert!(!push["diagnostics"].as_array().expect("diagnostics").is_empty(), "{push}");

            change(&mut service, version + 1, r#"{"name": "demo"}"#);
            // The analysis loop takes the new version to the blocking pool...
            for _ in 0..10 {
                tokio::task::yield_now().await;
            }
            // ...where it is analysed and stored while this thread (the runtime's) is busy; the
            // next version comes before the loop can push the clearing, which is then skipped
            // as stale: the next version's push must clear.
            std::thread::sleep(Duration::from_millis(500));
            change(&mut service, version + 2, r#"{"name": "demo", "private": true}"#);
            let push = next_push(&mut socket).await;
            assert_eq!(push["diagnostics"], json!([]), "{push}");
            if push["version"] == version + 2 {
                return;
            }
            assert_eq!(push["version"], version + 1, "{push}");
            version += 3;
            change(&mut service, version, FAULTY);
        }
        panic!("the clearing push was never left for a newer version: the race was not made");
    });
}
