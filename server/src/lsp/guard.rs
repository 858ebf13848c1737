//! Keeping the server alive through a panic in analysis or in a handler.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

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
}
