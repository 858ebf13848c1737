//! The language server: protocol glue only. Features live in [`crate::ide`]; this module turns
//! LSP requests into offsets, calls them, and turns their answers back into LSP types.

mod convert;
mod diagnostics;
mod document;
mod frames;
mod guard;
mod handlers;
mod server;
mod session;
mod settings;

pub use convert::Encoding;
pub use document::apply_change;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use tower_lsp_server::{ClientSocket, LspService, Server};

use session::Session;

/// How long answers in flight may take once the input has ended.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(300);

/// Serves LSP over stdio until the client exits: status 0 after `shutdown` then `exit`, else 1.
pub fn run_stdio() -> ExitCode {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .on_thread_start(crate::allocator::share_main_arena)
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            tracing::error!("cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let session = Arc::new(Session::default());
    let service_session = session.clone();
    runtime.block_on(async move {
        let (service, socket) = build_service(service_session);
        // Frames are checked first: the protocol reader would stop at the first unreadable one.
        let (input, ended) = frames::sanitize(tokio::io::stdin());
        let serve = Server::new(input, tokio::io::stdout(), socket).serve(service);
        // At the end of input the protocol loop waits for every pending handler; a client that
        // is gone answers nothing, so after a short grace for answers in flight, stop anyway.
        let gone = async {
            let _ = ended.await;
            tokio::time::sleep(EXIT_GRACE).await;
        };
        tokio::select! {
            () = serve => {}
            () = gone => tracing::info!("the input ended: exiting without waiting for pending work"),
        }
    });
    // Stdin's reader thread may still be blocked in a read: do not wait for it.
    runtime.shutdown_background();
    if session.shut_down.load(Ordering::SeqCst) { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// The service [`run_stdio`] serves, for in-process drivers such as the benchmarks: requests go
/// in through `tower::Service`, and what the server sends the client comes out of the socket.
pub fn service() -> (LspService<server::Server>, ClientSocket) {
    build_service(Arc::new(Session::default()))
}

fn build_service(session: Arc<Session>) -> (LspService<server::Server>, ClientSocket) {
    LspService::build(move |client| server::Server::new(client, session))
        .custom_method(frames::METHOD, server::Server::invalid_frame)
        .custom_method(handlers::summary::METHOD, server::Server::summary)
        .finish()
}

/// Logs go to stderr (stdout carries the protocol); `IAM_LSP_LOG` sets the filter.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("IAM_LSP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(false).try_init();
}
