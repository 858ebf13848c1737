//! Checking every incoming frame before the protocol reader sees it.
//!
//! tower-lsp-server stops reading for good at the first frame it cannot decode (tokio-util's
//! `FramedRead` ends its stream after a decoder error), so one bad message from a client would
//! end the session. Here each frame is read and checked first: a good one is passed on with a
//! clean header, an unreadable one is logged and replaced by a request for [`METHOD`], which
//! [`Server::invalid_frame`] answers with the JSON-RPC error the bad frame deserved — with the
//! frame's own `id` when it had one, else with `id: null`, as JSON-RPC 2.0 asks.
//!
//! Two readable frames are mended here too: a lone UTF-16 surrogate escape (`"\ud83d"`, which
//! serde_json refuses) becomes U+FFFD, so no edit is ever thrown away, and a `$/` request (which
//! tower-lsp-server drops unanswered) is answered with MethodNotFound, as LSP 3.17 asks.

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::oneshot;
use tower_lsp_server::jsonrpc::{self, ErrorCode, Request, Response};

use super::server::Server;

/// The request that stands for an unreadable frame.
pub const METHOD: &str = "iam-lsp/invalidFrame";

/// A header block longer than this is not a header.
const MAX_HEADER: usize = 8 * 1024;

/// Frames from `input`, checked; runs on the current tokio runtime. The receiver resolves
/// (with a value or an error) once the input has ended.
pub fn sanitize<R: AsyncRead + Unpin + Send + 'static>(input: R) -> (DuplexStream, oneshot::Receiver<()>) {
    let (mut tx, rx) = tokio::io::duplex(1 << 16);
    let (ended_tx, ended) = oneshot::channel();
    tokio::spawn(async move {
        let mut frames = Frames { input, buf: Vec::new() };
        while let Some(frame) = frames.next().await {
            if tx.write_all(&frame).await.is_err() {
                break;
            }
        }
        let _ = ended_tx.send(());
    });
    (rx, ended)
}

/// What [`METHOD`] carries: the error to answer with.
#[derive(Debug, Deserialize)]
pub struct InvalidFrame {
    code: i64,
    message: String,
}

impl Server {
    /// Answers the stand-in for an unreadable frame with its error.
    pub async fn invalid_frame(&self, params: InvalidFrame) -> jsonrpc::Result<()> {
        Err(jsonrpc::Error { code: ErrorCode::from(params.code), message: params.message.into(), data: None })
    }
}

struct Frames<R> {
    input: R,
    buf: Vec<u8>,
}

impl<R: AsyncRead + Unpin> Frames<R> {
    /// Reads more input; false at its end (or on a read error, which ends it too).
    async fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 1 << 14];
        match self.input.read(&mut chunk).await {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                true
            }
        }
    }

    /// The next frame to hand on (checked, or a stand-in); `None` at the end of input.
    async fn next(&mut self) -> Option<Vec<u8>> {
        let header_len = loop {
            if let Some(at) = find(&self.buf, b"\r\n\r\n") {
                break at + 4;
            }
            if self.buf.len() > MAX_HEADER {
                return Some(self.skip_garbage("a frame header longer than 8 KiB"));
            }
            if !self.fill().await {
                if !self.buf.iter().all(u8::is_ascii_whitespace) {
                    tracing::error!("the input ended inside a frame header");
                }
                return None;
            }
        };
        let length = match content_length(&self.buf[..header_len]) {
            Ok(length) => length,
            Err(reason) => return Some(self.skip_garbage(&reason)),
        };
        self.buf.drain(..header_len);
        while self.buf.len() < length {
            if !self.fill().await {
                tracing::error!("the input ended inside a frame body ({} of {length} bytes)", self.buf.len());
                return None;
            }
        }
        let body: Vec<u8> = self.buf.drain(..length).collect();
        Some(match check(body) {
            Ok(body) => frame(&body),
            Err((code, reason, id)) => stand_in(code, &reason, id),
        })
    }

    /// Drops bytes up to the next `Content-Length` (at least one byte) and stands in for them.
    fn skip_garbage(&mut self, reason: &str) -> Vec<u8> {
        let next = self.buf.get(1..).and_then(|rest| find(rest, b"Content-Length")).map_or(self.buf.len(), |i| i + 1);
        self.buf.drain(..next);
        stand_in(ErrorCode::ParseError, reason, Value::Null)
    }
}

/// The body length a header block declares (other headers are accepted and dropped).
fn content_length(header: &[u8]) -> Result<usize, String> {
    let text = std::str::from_utf8(header).map_err(|_| "a frame header that is not UTF-8".to_owned())?;
    let mut length = None;
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("`{}` is not a header line", truncate(line)));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            length = Some(value.parse().map_err(|_| format!("Content-Length `{}` is not a length", truncate(value)))?);
        }
    }
    length.ok_or_else(|| "a frame header without Content-Length".to_owned())
}

/// The body to hand on (mended if need be), when the protocol reader can decode it and the
/// server answers it; else the error, its reason and the `id` to answer.
fn check(body: Vec<u8>) -> Result<Vec<u8>, (ErrorCode, String, Value)> {
    let readable = |b: &[u8]| match serde_json::from_slice::<Request>(b) {
        Ok(request) => Some(Some(request)),
        Err(_) => serde_json::from_slice::<Response>(b).is_ok().then_some(None),
    };
    let (body, request) = match readable(&body) {
        Some(request) => (body, request),
        None => match without_lone_surrogates(&body).and_then(|mended| Some((readable(&mended)?, mended))) {
            Some((request, mended)) => {
                tracing::warn!("a lone UTF-16 surrogate escape in a message, read as U+FFFD");
                (mended, request)
            }
            None => return Err(unreadable(&body)),
        },
    };
    if let Some(request) = request
        && request.method().starts_with("$/")
        && let Some(id) = request.id()
    {
        let id = serde_json::to_value(id).unwrap_or(Value::Null);
        return Err((ErrorCode::MethodNotFound, format!("`{}` is not supported", request.method()), id));
    }
    Ok(body)
}

/// The body with each `\uXXXX` escape of a lone surrogate replaced by `\ufffd`; `None` when it
/// has none. Escapes are only ever read inside strings, and `\\u` is an escaped backslash.
fn without_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    let unit = |at: usize| {
        let hex = body.get(at..at + 6)?.strip_prefix(b"\\u")?;
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut out = Vec::with_capacity(body.len());
    let mut mended = false;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        let Some(code) = unit(i) else {
            // Another escape: copied with the character it escapes.
            out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
            i += 2;
            continue;
        };
        let pair = (0xD800..0xDC00).contains(&code) && unit(i + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if pair {
            out.extend_from_slice(&body[i..i + 12]);
            i += 12;
        } else if (0xD800..0xE000).contains(&code) {
            out.extend_from_slice(b"\\ufffd");
            mended = true;
            i += 6;
        } else {
            out.extend_from_slice(&body[i..i + 6]);
            i += 6;
        }
    }
    mended.then_some(out)
}

/// Why a body the protocol reader cannot decode is refused, and the `id` to answer.
fn unreadable(body: &[u8]) -> (ErrorCode, String, Value) {
    match serde_json::from_slice::<Value>(body) {
        Err(err) => (ErrorCode::ParseError, format!("the message is not JSON: {err}"), Value::Null),
        Ok(value) => {
            let id = match value.get("id") {
                Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                _ => Value::Null,
            };
            (
                ErrorCode::InvalidRequest,
                "the message is not a JSON-RPC 2.0 request, notification or response".to_owned(),
                id,
            )
        }
    }
}

fn stand_in(code: ErrorCode, reason: &str, id: Value) -> Vec<u8> {
    tracing::error!("unreadable message from the client: {reason}; answering {}", code.code());
    let request =
        json!({"jsonrpc": "2.0", "id": id, "method": METHOD, "params": {"code": code.code(), "message": reason}});
    frame(request.to_string().as_bytes())
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn truncate(s: &str) -> &str {
    s.char_indices().nth(40).map_or(s, |(i, _)| &s[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(input: &[u8]) -> Vec<Value> {
        let mut out = Vec::new();
        sanitize(std::io::Cursor::new(input.to_vec())).0.read_to_end(&mut out).await.expect("read");
        let mut messages = Vec::new();
        let mut rest = &out[..];
        while let Some(at) = find(rest, b"\r\n\r\n") {
            let length = content_length(&rest[..at + 4]).expect("clean header");
            messages.push(serde_json::from_slice(&rest[at + 4..at + 4 + length]).expect("clean body"));
            rest = &rest[at + 4 + length..];
        }
        messages
    }

    fn good(id: i64) -> Vec<u8> {
        frame(json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}).to_string().as_bytes())
    }

    #[tokio::test]
    async fn good_frames_pass_and_bad_ones_become_stand_ins() {
        let mut input = good(1);
        input.extend(b"Content-Length: 9\r\n\r\n{not json");
        input.extend(b"Content-Length: 10\r\nContent-Type: text/plain\r\n\r\n{\"id\": 7}\n");
        input.extend(b"GARBAGE\r\n\r\n");
        input.extend(b"Content-Length: twelve\r\n\r\n");
        let cut = good(2);
        input.extend(format!("Content-Length: {}\r\n\r\n", cut.len() - 30).as_bytes());
        input.extend(&cut[cut.iter().position(|&b| b == b'{').expect("body")..]);
        input.extend(good(3));
        let messages = run(&input).await;
        let summary: Vec<(Value, Value, Value)> =
            messages.iter().map(|m| (m["method"].clone(), m["id"].clone(), m["params"]["code"].clone())).collect();
        assert_eq!(
            summary,
            [
                (json!("shutdown"), json!(1), Value::Null),
                (json!(METHOD), Value::Null, json!(-32700)),
                (json!(METHOD), json!(7), json!(-32600)),
                (json!(METHOD), Value::Null, json!(-32700)),
                (json!(METHOD), Value::Null, json!(-32700)),
                (json!(METHOD), Value::Null, json!(-32700)),
                (json!(METHOD), Value::Null, json!(-32700)),
                (json!("shutdown"), json!(3), Value::Null),
            ]
        );
    }
}
