//! A minimal LSP client driving the built `iam-lsp` binary over stdio, with the `initialize`
//! parameters real editors send.

#![allow(dead_code)] // Each test binary uses part of it.

pub mod diagnostics;
pub mod rng;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for a response, oldest first.
    pub notifications: Vec<Value>,
    /// Whether positions count UTF-16 code units (else UTF-8 bytes).
    pub utf16: bool,
}

impl Client {
    /// Starts the server and completes the `initialize` handshake.
    pub fn start(init: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iam-lsp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn iam-lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, incoming) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client { child, stdin, incoming, next_id: 0, notifications: Vec::new(), utf16: true };
        let result = client.request("initialize", init);
        client.utf16 = result["capabilities"]["positionEncoding"] != "utf-8";
        client.notify("initialized", json!({}));
        (client, result)
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response's `result` (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let message = self.response(method, params);
        assert!(message.get("error").is_none(), "{method} failed: {message}");
        message["result"].clone()
    }

    /// Sends a request and waits for its whole response, `result` or `error`.
    pub fn response(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.handle(message);
        }
    }

    /// Waits for a notification matching `pred`, first among those already received.
    pub fn wait_notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.notifications.iter().position(|n| n["method"] == method && pred(&n["params"])) {
            return self.notifications.remove(i)["params"].clone();
        }
        loop {
            let message = self.receive();
            if message["method"] == method && message.get("id").is_none() && pred(&message["params"]) {
                return message["params"].clone();
            }
            self.handle(message);
        }
    }

    /// Notifications with this method received so far, removed from the buffer.
    pub fn take_notifications(&mut self, method: &str) -> Vec<Value> {
        let (taken, kept) = std::mem::take(&mut self.notifications).into_iter().partition(|n| n["method"] == method);
        self.notifications = kept;
        taken.into_iter().map(|n| n["params"].clone()).collect()
    }

    /// Answers server-to-client requests; keeps notifications.
    fn handle(&mut self, message: Value) {
        match (message.get("id"), message.get("method")) {
            (Some(id), Some(method)) => {
                let result = if method == "workspace/configuration" { json!([null]) } else { Value::Null };
                let id = id.clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
            }
            (None, Some(_)) => self.notifications.push(message),
            _ => {}
        }
    }

    fn receive(&mut self) -> Value {
        match self.incoming.recv_timeout(TIMEOUT) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("serialize");
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write header");
        self.stdin.write_all(&body).expect("write body");
        self.stdin.flush().expect("flush");
    }

    /// `shutdown`, `exit`, and the process's exit status.
    pub fn shutdown(mut self) -> std::process::ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// The exit status, once the process has ended.
    pub fn try_status(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().expect("wait")
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }

    /// The LSP position of byte `offset` of `text` in this client's encoding.
    pub fn position(&self, text: &str, offset: usize) -> Value {
        diagnostics::position(text, offset, self.utf16)
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Value {
        diagnostics::range(text, start, end, self.utf16)
    }

    /// Position of the `nth` byte after the first occurrence of `needle`.
    pub fn at(&self, text: &str, needle: &str, nth: usize) -> Value {
        self.position(text, text.find(needle).unwrap_or_else(|| panic!("{needle} not in text")) + nth)
    }
}

/// One framed JSON-RPC message, or `None` at the end of the stream or on a bad frame.
pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// VS Code 1.9x: UTF-16 only, snippets, pull diagnostics.
pub fn vscode() -> Value {
    json!({
        "processId": null,
        "clientInfo": {"name": "Visual Studio Code", "version": "1.95.3"},
        "locale": "en",
        "rootUri": null,
        "capabilities": {
            "general": {
                "positionEncodings": ["utf-16"],
                "markdown": {"parser": "marked", "version": "1.1.0"},
                "staleRequestSupport": {"cancel": true, "retryOnContentModified": []}
            },
            "workspace": {
                "applyEdit": true,
                "configuration": true,
                "didChangeConfiguration": {"dynamicRegistration": true},
                "diagnostics": {"refreshSupport": true},
                "inlayHint": {"refreshSupport": true},
                "workspaceFolders": true
            },
            "textDocument": {
                "synchronization": {"dynamicRegistration": true, "willSave": true, "willSaveWaitUntil": true, "didSave": true},
                "completion": {
                    "dynamicRegistration": true,
                    "contextSupport": true,
                    "completionItem": {
                        "snippetSupport": true,
                        "commitCharactersSupport": true,
                        "documentationFormat": ["markdown", "plaintext"],
                        "deprecatedSupport": true,
                        "preselectSupport": true,
                        "insertReplaceSupport": true,
                        "labelDetailsSupport": true,
                        "resolveSupport": {"properties": ["documentation", "detail", "additionalTextEdits"]}
                    },
                    "insertTextMode": 2
                },
                "hover": {"dynamicRegistration": true, "contentFormat": ["markdown", "plaintext"]},
                "codeAction": {
                    "dynamicRegistration": true,
                    "isPreferredSupport": true,
                    "dataSupport": true,
                    "resolveSupport": {"properties": ["edit"]},
                    "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports"]}}
                },
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
                "documentLink": {"tooltipSupport": true},
                "inlayHint": {"dynamicRegistration": true},
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": false, "tagSupport": {"valueSet": [1, 2]}, "codeDescriptionSupport": true, "dataSupport": true},
                "diagnostic": {"dynamicRegistration": true, "relatedDocumentSupport": false}
            }
        },
        "initializationOptions": {"inlayHints": true},
        "trace": "off",
        "workspaceFolders": null
    })
}

/// Neovim 0.11 (`vim.lsp.protocol.make_client_capabilities()`): offers UTF-8, snippets, pull diagnostics.
pub fn neovim() -> Value {
    json!({
        "processId": 4242,
        "clientInfo": {"name": "Neovim", "version": "0.11.0"},
        "rootUri": null,
        "capabilities": {
            "general": {"positionEncodings": ["utf-8", "utf-16", "utf-32"]},
            "workspace": {
                "applyEdit": true,
                "configuration": true,
                "didChangeConfiguration": {"dynamicRegistration": false},
                "workspaceFolders": true,
                "inlayHint": {"refreshSupport": true},
                "diagnostics": {"refreshSupport": true}
            },
            "textDocument": {
                "synchronization": {"didSave": true, "dynamicRegistration": false, "willSave": true, "willSaveWaitUntil": true},
                "completion": {
                    "dynamicRegistration": false,
                    "completionItem": {
                        "snippetSupport": true,
                        "commitCharactersSupport": false,
                        "preselectSupport": false,
                        "deprecatedSupport": true,
                        "documentationFormat": ["markdown", "plaintext"],
                        "resolveSupport": {"properties": ["additionalTextEdits", "command"]}
                    },
                    "completionItemKind": {"valueSet": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]},
                    "contextSupport": true
                },
                "hover": {"dynamicRegistration": true, "contentFormat": ["markdown", "plaintext"]},
                "codeAction": {
                    "dynamicRegistration": true,
                    "isPreferredSupport": true,
                    "dataSupport": true,
                    "resolveSupport": {"properties": ["edit", "command"]},
                    "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports"]}}
                },
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
                "inlayHint": {"dynamicRegistration": true},
                "publishDiagnostics": {"relatedInformation": true, "tagSupport": {"valueSet": [1, 2]}, "dataSupport": true},
                "diagnostic": {"dynamicRegistration": false}
            },
            "window": {"workDoneProgress": true, "showDocument": {"support": true}}
        },
        "trace": "off",
        "workspaceFolders": null
    })
}

/// A bare client: no snippets, no pull diagnostics, no encodings offered (so UTF-16).
pub fn plain() -> Value {
    json!({
        "processId": null,
        "rootUri": null,
        "capabilities": {
            "textDocument": {
                "completion": {"completionItem": {"snippetSupport": false}},
                "publishDiagnostics": {"relatedInformation": false}
            }
        }
    })
}
