//! A minimal LSP client over the server's stdio: what a real editor sends,
//! framed as the protocol says, with answers awaited, never slept on.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

pub(crate) struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Every byte the server wrote, as text.
    pub transcript: String,
}

impl Server {
    pub(crate) fn start(cwd: &std::path::Path) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("journey"))
            .arg("lsp")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (send, messages) = mpsc::channel();
        std::thread::spawn(move || loop {
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(value) = line.strip_prefix("Content-Length: ") {
                    length = value.parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            if stdout.read_exact(&mut body).is_err() {
                return;
            }
            if send.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        Server {
            child,
            stdin,
            messages,
            transcript: String::new(),
        }
    }

    pub(crate) fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Waits for the first message that `matches`, within 20 s.
    pub(crate) fn wait(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        loop {
            let Ok(message) = self.messages.recv_timeout(Duration::from_secs(20)) else {
                panic!("no answer within 20 s; so far: {}", self.transcript);
            };
            self.transcript.push_str(&message.to_string());
            if matches(&message) {
                return message;
            }
        }
    }

    pub(crate) fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id)
    }

    /// `initialize` (awaited) and `initialized`, with `root` as the
    /// workspace folder. The client watches files, as VS Code does: the
    /// server then keeps the parses of files on disk it has read.
    pub(crate) fn initialize(&mut self, root: &std::path::Path) {
        let root_uri = uri(root);
        let capabilities =
            json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
        self.request(
            1,
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
    }

    /// Opens a document and returns the diagnostics first published for it.
    pub(crate) fn open(&mut self, path: &std::path::Path, text: &str) -> Vec<Value> {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "journey", "version": 1, "text": text}}),
        );
        let published = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        });
        published["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `file://` URI of an absolute path (the test paths need no escaping
/// beyond spaces).
pub(crate) fn uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}
