//! An in-process LSP client: the server's `LspService` called directly, with
//! the socket of server→client messages drained concurrently (answering the
//! server's own requests), and helpers to wait for diagnostics.

#![allow(dead_code)]

pub(crate) mod edits;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use journey_lsp::Server;
use serde_json::{json, Value};
use tokio::sync::Notify;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;

pub(crate) struct Client {
    pub service: LspService<Server>,
    pub notifications: Arc<Mutex<Vec<Value>>>,
    /// Signalled whenever a server→client message arrives.
    arrived: Arc<Notify>,
    next_id: i64,
    pub root: PathBuf,
    pub utf8: bool,
}

impl Client {
    /// Starts a server and initializes it (offering UTF-8 positions when
    /// `utf8`); `root` is the directory the documents live in.
    pub(crate) async fn start(root: &Path, utf8: bool) -> Client {
        Client::start_with(root, utf8, false).await
    }

    /// [`Client::start`], naming `root` as the workspace folder when
    /// `workspace` (the server then checks every file under it).
    pub(crate) async fn start_with(root: &Path, utf8: bool, workspace: bool) -> Client {
        let (service, socket) = journey_lsp::service();
        let notifications = Arc::new(Mutex::new(Vec::new()));
        let sink = notifications.clone();
        let arrived = Arc::new(Notify::new());
        let signal = arrived.clone();
        tokio::spawn(async move {
            let (mut requests, mut responses) = socket.split();
            while let Some(request) = requests.next().await {
                let value = serde_json::to_value(&request).unwrap_or(Value::Null);
                if let Some(id) = request.id().cloned() {
                    // e.g. client/registerCapability
                    let _ = responses.send(Response::from_ok(id, Value::Null)).await;
                }
                sink.lock().unwrap().push(value);
                signal.notify_waiters();
            }
        });
        let mut client = Client {
            service,
            notifications,
            arrived,
            next_id: 0,
            root: root.to_path_buf(),
            utf8,
        };
        let mut capabilities = json!({
            "textDocument": {
                "completion": { "completionItem": { "snippetSupport": true } },
                "hover": { "contentFormat": ["markdown", "plaintext"] },
                "rename": { "prepareSupport": true },
                "documentSymbol": { "hierarchicalDocumentSymbolSupport": true }
            },
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
        });
        if utf8 {
            capabilities["general"] = json!({ "positionEncodings": ["utf-8", "utf-16"] });
        }
        let folders = workspace
            .then(|| json!([{ "uri": format!("file://{}", root.display()), "name": "workspace" }]));
        let init = client
            .request(
                "initialize",
                json!({ "processId": null, "rootUri": null, "capabilities": capabilities, "workspaceFolders": folders }),
            )
            .await;
        assert!(init.get("result").is_some(), "initialize failed: {init}");
        client.notify("initialized", json!({})).await;
        client
    }

    pub(crate) fn server(&self) -> &Server {
        self.service.inner()
    }

    pub(crate) fn uri(&self, name: &str) -> String {
        format!("file://{}", self.root.join(name).display())
    }

    /// Sends a request and returns the whole response object.
    pub(crate) async fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let request = Request::build(method.to_string())
            .id(self.next_id)
            .params(params)
            .finish();
        let response = self.call(request).await;
        serde_json::to_value(response).unwrap_or(Value::Null)
    }

    pub(crate) async fn notify(&mut self, method: &str, params: Value) {
        let request = Request::build(method.to_string()).params(params).finish();
        let response = self.call(request).await;
        assert!(response.is_none(), "a notification got a response");
    }

    async fn call(&mut self, request: Request) -> Option<Response> {
        self.service
            .ready()
            .await
            .expect("service ready")
            .call(request)
            .await
            .expect("service alive")
    }

    pub(crate) async fn open(&mut self, name: &str, text: &str) {
        let uri = self.uri(name);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "journey", "version": 1, "text": text } }),
        )
        .await;
    }

    /// Waits until every open document's diagnostics for its current version
    /// are published and have reached this client: no check pending in the
    /// server, and a `publishDiagnostics` received for every version the
    /// server says it published. Never a blind sleep: it wakes on each
    /// message, and polls the server's own state (a check ends without a
    /// message when its version was superseded) every few milliseconds.
    pub(crate) async fn settle(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // Registered before the state is read, so that a message arriving
            // in between still wakes this wait.
            let arrived = self.arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            if !self.server().checks_pending() && self.publications_received() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "diagnostics never settled: pending {}, published {:?}",
                self.server().checks_pending(),
                self.server().published_versions(),
            );
            let _ = tokio::time::timeout(Duration::from_millis(5), arrived).await;
        }
    }

    /// Whether every publication the server has made has arrived here.
    fn publications_received(&self) -> bool {
        let received = self.notifications.lock().unwrap();
        self.server()
            .published_versions()
            .iter()
            .all(|(uri, version)| {
                received.iter().any(|n| {
                    n["method"] == "textDocument/publishDiagnostics"
                        && n["params"]["uri"] == uri.as_str()
                        && version.is_none_or(|v| n["params"]["version"] == v)
                })
            })
    }

    /// The last diagnostics published for a document.
    pub(crate) fn last_diagnostics(&self, uri: &str) -> Option<Value> {
        self.notifications
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri)
            .map(|n| n["params"].clone())
    }
}
