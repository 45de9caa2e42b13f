//! The language server's latency as an editor sees it: the release `journey
//! lsp` as a child process, JSON-RPC over its stdin and stdout, every message
//! framed and parsed by this client. The document and the edit are those of
//! `journey-lsp`'s in-process latency bench (10k lines, one character typed
//! into a label in the middle and removed again); this bench adds what that
//! one leaves out: the process boundary, writing the JSON text and reading it.
//! A message counts as arrived when its last byte is read, before this client
//! parses it (an editor's parsing is the editor's time).
//!
//! `cargo bench -p journey-cli --bench lsp_stdio [-- EDITS]` prints p50, p95
//! and p99 per operation and PASS or FAIL per budget (completion and hover
//! 10 ms, diagnostics 50 ms, p95). Not a CI gate: it always exits 0.

// A bench binary reports its figures on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[path = "../../journey-lsp/benches/support/mod.rs"]
mod support;

struct Server {
    child: Child,
    stdin: ChildStdin,
    /// Each message with the moment its last byte was read: what the
    /// client then spends parsing it is not the server's latency.
    messages: Receiver<(Instant, Value)>,
    /// Messages read while waiting for another one (a publication may
    /// arrive before the answer to a request sent earlier).
    backlog: Vec<(Instant, Value)>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("`journey lsp` starts");
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(body) = read_message(&mut reader) {
                let arrived = Instant::now();
                let Ok(message) = serde_json::from_slice(&body) else {
                    continue;
                };
                if sender.send((arrived, message)).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            backlog: Vec::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Waits for the first message that `wanted` accepts and returns when it
    /// arrived; answers the server's own requests on the way.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Instant {
        if let Some(i) = self.backlog.iter().position(|(_, m)| wanted(m)) {
            return self.backlog.remove(i).0;
        }
        loop {
            let (arrived, message) = self
                .messages
                .recv_timeout(Duration::from_secs(30))
                .expect("the server answers");
            if message.get("method").is_some() {
                if let Some(id) = message.get("id") {
                    self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                }
            }
            if wanted(&message) {
                return arrived;
            }
            self.backlog.push((arrived, message));
        }
    }
}

/// Reads the body of one `Content-Length`-framed message; `None` at the end
/// of output.
fn read_message(reader: &mut impl BufRead) -> Option<Vec<u8>> {
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
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

fn is_response(id: i64) -> impl Fn(&Value) -> bool {
    move |m| m.get("id") == Some(&json!(id)) && m.get("method").is_none()
}

fn is_publish(version: i64) -> impl Fn(&Value) -> bool {
    move |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == json!(version)
    }
}

fn main() {
    let edits: i64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200);
    let text = journey_syntax::testgen::lsp_journey(10_000);
    let uri = "file:///tmp/journey-bench/big.journey";
    let mut server = Server::start();
    let id = server.request(
        "initialize",
        json!({ "processId": null, "capabilities": {} }),
    );
    server.wait_for(is_response(id));
    server.notify("initialized", json!({}));
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "journey", "version": 1, "text": text } }),
    );
    server.wait_for(is_publish(1));

    let (line, col) = support::edit_point(&text);
    let next_line = line + 1;
    let (mut completion, mut hover, mut diagnostics) = (Vec::new(), Vec::new(), Vec::new());
    for version in 2..edits + 2 {
        let (end, inserted) = if version % 2 == 0 {
            (col, "x")
        } else {
            (col + 1, "")
        };
        let change = json!({
            "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": end } },
            "text": inserted,
        });
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        let asked = Instant::now();
        let id = server.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": next_line, "character": 20 } }),
        );
        completion.push(server.wait_for(is_response(id)) - asked);
        let asked = Instant::now();
        let id = server.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": next_line, "character": 22 } }),
        );
        hover.push(server.wait_for(is_response(id)) - asked);
        diagnostics.push(server.wait_for(is_publish(version)) - started);
    }
    let id = server.request("shutdown", Value::Null);
    server.wait_for(is_response(id));
    server.notify("exit", Value::Null);
    let _ = server.child.wait();

    println!(
        "journey lsp over stdio: {} lines, {} bytes; {edits} edits",
        text.lines().count(),
        text.len()
    );
    support::report(&completion, &hover, &diagnostics);
}
