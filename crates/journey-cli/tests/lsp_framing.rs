//! `journey lsp` over a real pipe: a malformed frame gets a JSON-RPC error
//! answer and the server keeps serving (tower-lsp-server alone exits on it).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

struct Lsp {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Reads the frames the server writes, one JSON value each.
fn read_frames(stdout: impl Read + Send + 'static) -> Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(value) = line.strip_prefix("Content-Length: ") {
                    length = value.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("the server sends a Content-Length")];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let value = serde_json::from_slice(&body).expect("the server sends JSON");
            if tx.send(value).is_err() {
                return;
            }
        }
    });
    rx
}

impl Lsp {
    fn start() -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_journey"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let messages = read_frames(child.stdout.take().unwrap());
        let mut lsp = Lsp {
            child,
            stdin,
            messages,
        };
        lsp.request(1, "initialize", json!({ "capabilities": {} }));
        lsp.send(&json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
        lsp
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        self.send_raw(&frame(message.to_string().as_bytes()));
    }

    /// The next message that is a response (server notifications skipped).
    fn response(&mut self) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(20))
                .expect("the server answers (and is still running)");
            if message.get("method").is_none() {
                return message;
            }
        }
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let response = self.response();
        assert_eq!(response["id"], json!(id), "{response}");
        response
    }

    /// `shutdown` and `exit`: the process ends with status 0.
    fn finish(mut self) {
        self.request(99, "shutdown", Value::Null);
        self.send(&json!({ "jsonrpc": "2.0", "method": "exit" }));
        let status = self.child.wait().unwrap();
        assert_eq!(status.code(), Some(0));
    }
}

/// Sends `bytes`, expects an error answer with `code` and `id`, then a
/// normal request still gets its answer.
fn survives(bytes: &[u8], code: i64, id: Value) {
    let mut lsp = Lsp::start();
    lsp.send_raw(bytes);
    let error = lsp.response();
    assert_eq!(error["error"]["code"], json!(code), "{error}");
    assert_eq!(error["id"], id, "{error}");
    let answer = lsp.request(2, "workspace/symbol", json!({ "query": "" }));
    assert!(answer.get("result").is_some(), "{answer}");
    lsp.finish();
}

#[test]
fn a_body_that_is_not_json_is_a_parse_error() {
    survives(&frame(b"hello, server"), -32700, Value::Null);
}

#[test]
fn an_empty_batch_is_an_invalid_request() {
    survives(&frame(b"[]"), -32600, Value::Null);
}

#[test]
fn a_body_that_is_not_utf8_is_a_parse_error() {
    survives(
        &frame(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\xfe\"}"),
        -32700,
        Value::Null,
    );
}

#[test]
fn a_message_without_content_length_is_skipped() {
    survives(
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"shutdown\"}",
        -32700,
        Value::Null,
    );
}

#[test]
fn an_absurd_content_length_is_refused_without_allocating_it() {
    survives(
        b"Content-Length: 1000000000000\r\n\r\n{}",
        -32700,
        Value::Null,
    );
    survives(
        b"Content-Length: 99999999999999999999999\r\n\r\n{}",
        -32700,
        Value::Null,
    );
    survives(b"Content-Length: -3\r\n\r\n{}", -32700, Value::Null);
}

#[test]
fn a_json_object_that_is_no_message_is_an_invalid_request_with_its_id() {
    survives(
        &frame(br#"{"jsonrpc":"2.0","id":7,"method":5}"#),
        -32600,
        json!(7),
    );
    survives(&frame(b"42"), -32600, Value::Null);
}

#[test]
fn an_endless_header_is_refused() {
    let mut bytes = b"X-Junk: ".to_vec();
    bytes.extend(std::iter::repeat_n(b'a', 20_000));
    bytes.extend_from_slice(b"\r\n\r\n");
    survives(&bytes, -32700, Value::Null);
}
