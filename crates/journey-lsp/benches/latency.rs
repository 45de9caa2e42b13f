//! Latency on a 10k-line document after a one-character edit: completion
//! and hover (budget 10 ms, p95) and fresh diagnostics published (budget
//! 50 ms, p95). `cargo bench -p journey-lsp --bench latency` prints p50, p95
//! and p99 per operation and PASS or FAIL per budget. Not a CI gate: it always
//! exits 0 (a loaded machine is slower). Then 3 000 random edits show
//! whether memory stays flat.

// A bench binary reports its figures on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::Notify;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Edits per run: enough for a stable 95th percentile.
const EDITS: i64 = 300;
/// Random edits in the memory run, and how often the resident set is read.
const SOAK_EDITS: i64 = 3000;
const SOAK_SAMPLE: i64 = 250;

#[path = "../tests/common/edits.rs"]
mod edits;
mod support;

use edits::{random_edit, Rng};
use journey_syntax::ColumnUnit;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // As `journey lsp` sets it.
    journey_alloc::keep_freed_memory_longer();
    let (mut service, socket) = journey_lsp::service();
    let published: Arc<Mutex<Option<i64>>> = Arc::new(Mutex::new(None));
    let notify = Arc::new(Notify::new());
    {
        let published = published.clone();
        let notify = notify.clone();
        tokio::spawn(async move {
            let (mut requests, mut responses) = socket.split();
            while let Some(request) = requests.next().await {
                if let Some(id) = request.id().cloned() {
                    let _ = responses.send(Response::from_ok(id, Value::Null)).await;
                }
                // Only the method and the version are read: converting the
                // whole message (thousands of diagnostics) would be measured.
                if request.method() == "textDocument/publishDiagnostics" {
                    *published.lock().unwrap() = request
                        .params()
                        .and_then(|p| p.get("version"))
                        .and_then(Value::as_i64);
                    notify.notify_waiters();
                }
            }
        });
    }
    let mut id = 0;
    let mut call = async |service: &mut tower_lsp_server::LspService<journey_lsp::Server>,
                          method: &str,
                          params: Value,
                          notification: bool| {
        let mut builder = Request::build(method.to_string()).params(params);
        if !notification {
            id += 1;
            builder = builder.id(id);
        }
        service
            .ready()
            .await
            .unwrap()
            .call(builder.finish())
            .await
            .unwrap()
    };
    call(
        &mut service,
        "initialize",
        json!({ "capabilities": {} }),
        false,
    )
    .await;
    call(&mut service, "initialized", json!({}), true).await;
    let text = journey_syntax::testgen::lsp_journey(10_000);
    let lines = text.lines().count();
    let uri = "file:///tmp/journey-bench/big.journey";
    call(&mut service, "textDocument/didOpen", json!({ "textDocument": { "uri": uri, "languageId": "journey", "version": 1, "text": text } }), true).await;
    // The edit: type one character into a label in the middle of the file.
    let (line, col) = support::edit_point(&text);
    let hover_line = line + 1;
    let (mut completion, mut hover, mut diagnostics) = (Vec::new(), Vec::new(), Vec::new());
    for version in 2..EDITS + 2 {
        let edit = if version % 2 == 0 { "x" } else { "" };
        let range = if version % 2 == 0 {
            json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col } })
        } else {
            json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 1 } })
        };
        let started = Instant::now();
        call(&mut service, "textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "range": range, "text": edit }] }), true).await;
        let t = Instant::now();
        let r = call(&mut service, "textDocument/completion", json!({ "textDocument": { "uri": uri }, "position": { "line": hover_line, "character": 20 } }), false).await;
        completion.push(t.elapsed());
        assert!(r.is_some_and(|r| r.is_ok()));
        let t = Instant::now();
        call(&mut service, "textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": { "line": hover_line, "character": 22 } }), false).await;
        hover.push(t.elapsed());
        wait_for_diagnostics(&published, &notify, version).await;
        diagnostics.push(started.elapsed());
    }
    println!(
        "{lines} lines, {} bytes; {} edits:",
        text.len(),
        completion.len()
    );
    let all_ok = support::report(&completion, &hover, &diagnostics);
    println!(
        "{}",
        if all_ok {
            "every budget met"
        } else {
            "a latency budget was missed (not a failure of the run: see BENCHMARKS.md)"
        }
    );

    // Memory over a soak: random edits (those of the soak test) all over the
    // same document, a completion request after every tenth, the resident
    // set read whenever the diagnostics have caught up.
    let mut shadow = text.clone();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut resident = Vec::new();
    for i in 0..SOAK_EDITS {
        let version = EDITS + 2 + i;
        let edit = random_edit(&mut shadow, &mut rng, ColumnUnit::Utf16);
        call(&mut service, "textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [edit.change] }), true).await;
        if i % 10 == 0 {
            let r = call(&mut service, "textDocument/completion", json!({ "textDocument": { "uri": uri }, "position": { "line": edit.at.line, "character": edit.at.col } }), false).await;
            assert!(r.is_some_and(|r| r.is_ok()));
        }
        if (i + 1) % SOAK_SAMPLE == 0 {
            wait_for_diagnostics(&published, &notify, version).await;
            resident.push(resident_bytes());
        }
    }
    let mb = |bytes: u64| bytes as f64 / 1e6;
    println!(
        "memory over {SOAK_EDITS} random edits, resident set every {SOAK_SAMPLE}: {} MB",
        resident
            .iter()
            .map(|&b| format!("{:.1}", mb(b)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let (Some(&first), Some(&peak)) = (resident.first(), resident.iter().max()) {
        println!(
            "  growth after the first sample: {:+.1} MB ({:+.0} %)",
            mb(peak) - mb(first),
            (peak as f64 / first as f64 - 1.0) * 100.0
        );
    }
}

/// Waits until the diagnostics of `version` have been published.
async fn wait_for_diagnostics(published: &Mutex<Option<i64>>, notify: &Notify, version: i64) {
    loop {
        let waiting = notify.notified();
        if *published.lock().unwrap() == Some(version) {
            return;
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), waiting).await;
    }
}

/// The process's resident set size (Linux; 0 elsewhere).
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}
