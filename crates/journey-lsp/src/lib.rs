//! `journey lsp`: the language server of the journey language.
//!
//! The only crate that knows LSP types ([`proto`] holds them); the features
//! themselves are plain functions in `journey_ide`.

mod analyser;
mod capabilities;
mod explain;
mod format;
pub mod framing;
mod preview;
pub mod proto;
mod scheduler;
pub mod server;
mod snapshot;
mod workspace;

use std::time::Duration;

pub use server::Server;
use tower_lsp_server::{ClientSocket, LspService};

/// The service and the socket of messages to the client, for in-process use.
pub fn service() -> (LspService<Server>, ClientSocket) {
    LspService::new(Server::new)
}

/// Serves LSP on stdin/stdout until the client sends `exit` or closes the
/// input. Returns the process exit status: 0 after a `shutdown` request, 1
/// otherwise (as the protocol asks).
// Without a runtime there is no client to tell: standard error it is.
#[allow(clippy::print_stderr)]
pub fn run_stdio() -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("journey lsp: cannot start the async runtime: {error}");
            return 1;
        }
    };
    let clean = runtime.block_on(framing::serve(tokio::io::stdin(), tokio::io::stdout()));
    // The stdin reader blocks in a thread that never returns: do not wait.
    runtime.shutdown_timeout(Duration::from_millis(100));
    if clean {
        0
    } else {
        1
    }
}
