//! Keeping the server alive through a panic in analysis or in a handler.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::Uri;

/// Runs `f`, logging a panic with the document it happened on; `None` after a panic.
pub fn catch<T>(uri: &Uri, what: &str, f: impl FnOnce() -> T) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Some(value),
        Err(payload) => {
            tracing::error!(uri = uri.as_str(), "{what} panicked: {}", message(payload.as_ref()));
            None
        }
    }
}

/// Runs a request's handler: a panic is logged and answers the request with an internal error
/// naming what failed, so the client is told instead of receiving an empty result.
pub fn request<T>(uri: &Uri, what: &str, f: impl FnOnce() -> T) -> jsonrpc::Result<T> {
    let f = || {
        #[cfg(debug_assertions)]
        inject_fault(what);
        f()
    };
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = message(payload.as_ref());
        tracing::error!(uri = uri.as_str(), "{what} panicked: {message}");
        jsonrpc::Error {
            code: jsonrpc::ErrorCode::InternalError,
            message: format!("iam-lsp: {what} failed: {message}").into(),
            data: None,
        }
    })
}

/// Debug builds only: `IAM_LSP_PANIC_IN=hover` (a request's name as logged) makes that request's
/// handler panic, so the stdio tests can see what a client gets when a handler has a bug; no
/// input is known to make one panic.
#[cfg(debug_assertions)]
fn inject_fault(what: &str) {
    if std::env::var_os("IAM_LSP_PANIC_IN").is_some_and(|name| name == what) {
        panic!("fault injected by IAM_LSP_PANIC_IN");
    }
}

fn message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_none() {
        let uri: Uri = "file:///p.json".parse().unwrap();
        assert_eq!(catch(&uri, "test", || 1), Some(1));
        let panicked: Option<()> = catch(&uri, "test", || panic!("boom"));
        assert_eq!(panicked, None);
    }

    #[test]
    fn a_panic_in_a_request_becomes_an_internal_error() {
        let uri: Uri = "file:///p.json".parse().unwrap();
        assert_eq!(request(&uri, "hover", || 1), Ok(1));
        let error = request(&uri, "hover", || -> () { panic!("boom") }).unwrap_err();
        assert_eq!(error.code, jsonrpc::ErrorCode::InternalError);
        assert_eq!(error.message, "iam-lsp: hover failed: boom");
    }
}
