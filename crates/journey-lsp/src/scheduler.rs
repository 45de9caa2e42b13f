//! When diagnostics are computed and published: one check task per open
//! document (an edit made while no check runs starts one at once; edits
//! made during a check are coalesced into one re-check of the newest
//! version), re-checks of the documents that import a changed file, and the
//! workspace-wide checks of files that are not open.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use journey_check::paths::Resolver;
use journey_syntax::ColumnUnit;
use tower::Service;
use tower_lsp_server::jsonrpc::Request;

use crate::proto::{self, lsp, Text};
use crate::server::{lock, Server};
use crate::workspace::{self as ws, Scope};
use journey_ide::host::{Document, Overlay};

impl Server {
    /// Asks for a check of an open document: starts its check task, or
    /// tells the running one to check again when it finishes.
    pub(crate) fn schedule(&self, uri: String) {
        {
            let mut state = lock(&self.state);
            if let Some(again) = state.checking.get_mut(&uri) {
                *again = true;
                return;
            }
            state.checking.insert(uri.clone(), false);
        }
        let task = CheckTask::start(self.clone(), uri);
        tokio::spawn(task.run());
    }

    /// Checks the current version of a document and publishes the result
    /// unless the document changed meanwhile.
    pub(crate) async fn check(&self, uri: &str) {
        let job = {
            let state = lock(&self.state);
            let Some(doc) = state.docs.get(uri).cloned() else {
                return;
            };
            CheckJob {
                doc,
                overlay: state.docs.overlay(),
                unit: state.unit.unwrap_or(ColumnUnit::Utf16),
                uris: state.docs.uris_by_path(),
            }
        };
        let doc = job.doc.clone();
        // The model on the analysis thread (made there already, as a rule,
        // after the edit); the rules and the notification on a blocking
        // thread, while the analysis thread is free for the next version.
        let outcome = match self.analysed(&doc, &job.overlay).await {
            true => tokio::task::spawn_blocking(move || {
                catch_unwind(AssertUnwindSafe(|| job.run())).ok().flatten()
            })
            .await
            .ok()
            .flatten(),
            false => None,
        };
        let Some((diagnostics, notification)) = outcome else {
            self.client
                .log_message(lsp::MessageType::ERROR, format!("checking {uri} failed"))
                .await;
            return;
        };
        {
            // Drop the result if the document moved on meanwhile.
            let mut state = lock(&self.state);
            let current = state.docs.get(uri).map(|d| d.version);
            if current != Some(doc.version) || state.checking.get(uri) == Some(&true) {
                return;
            }
            state
                .published
                .insert(uri.to_string(), (Some(doc.version), diagnostics));
        }
        // Sent as `Client::send_notification` sends: `call` itself waits for
        // room in the channel to the client.
        let _ = self.client.clone().call(notification).await;
        self.recheck_dependents(&doc.path, uri);
    }

    /// Schedules a check of every other open document that imports `path`
    /// (directly or through other files).
    pub(crate) fn recheck_dependents(&self, path: &Path, except: &str) {
        let (docs, overlay) = {
            let state = lock(&self.state);
            let docs: Vec<Arc<Document>> = state
                .docs
                .values()
                .filter(|d| d.uri != except)
                .cloned()
                .collect();
            (docs, state.docs.overlay())
        };
        let identity = Resolver::new(&overlay).identity(path);
        for doc in docs {
            // An analysis depends on the files it read and no others; a
            // version not analysed yet is checked anyway.
            let reads = |a: &journey_check::Analysis| a.reads.contains(&identity);
            if doc.last_semantics().is_none_or(|a| reads(&a)) {
                self.schedule(doc.uri.clone());
            }
        }
    }

    pub(crate) fn recheck_all(&self) {
        let uris: Vec<String> = lock(&self.state).docs.uris().cloned().collect();
        for uri in uris {
            self.schedule(uri);
        }
    }

    /// Checks workspace files off the request path: walks the workspace
    /// folders first for [`Scope::All`], then streams each file's
    /// diagnostics to the client as it is checked.
    pub(crate) fn check_workspace(&self, scope: Scope) {
        let server = self.clone();
        let running = Running::start(self.running.clone());
        tokio::spawn(async move {
            let _running = running;
            let _turn = server.workspace_jobs.clone().lock_owned().await;
            if matches!(scope, Scope::All) && !server.walk_workspace().await {
                return;
            }
            let job = {
                let state = lock(&server.state);
                ws::Job {
                    overlay: state.docs.overlay(),
                    unit: state.unit.unwrap_or(ColumnUnit::Utf16),
                    uris: state.docs.uris_by_path(),
                    files: state.workspace_files.clone(),
                    scope,
                }
            };
            let (sender, mut results) = tokio::sync::mpsc::channel(16);
            let worker = tokio::task::spawn_blocking(move || {
                catch_unwind(AssertUnwindSafe(|| job.run(sender))).is_ok()
            });
            while let Some(checked) = results.recv().await {
                server.publish_workspace_file(checked).await;
            }
            if !matches!(worker.await, Ok(true)) {
                server
                    .client
                    .log_message(lsp::MessageType::ERROR, "a workspace check failed")
                    .await;
            }
        });
    }

    /// Finds the workspace's files (on a blocking thread); false when the
    /// walk failed.
    pub(crate) async fn walk_workspace(&self) -> bool {
        let roots = lock(&self.state).roots.clone();
        let walk = move || journey_ide::workspace::journey_files(&roots, ws::FILE_LIMIT);
        let Ok((files, truncated)) = tokio::task::spawn_blocking(walk).await else {
            return false;
        };
        if truncated {
            let message = format!(
                "journey: the workspace is too large to check whole: {} `.journey` files are checked (at most {} files and {} directory entries are looked at)",
                files.len(),
                ws::FILE_LIMIT,
                ws::FILE_LIMIT * 50
            );
            self.client
                .log_message(lsp::MessageType::WARNING, message)
                .await;
        }
        lock(&self.state).workspace_files = files.into_iter().collect();
        true
    }

    /// Publishes a workspace file's diagnostics unless it is open (then its
    /// own check speaks for it); a file that is gone loses its diagnostics.
    pub(crate) async fn publish_workspace_file(&self, checked: ws::Checked) {
        {
            let mut state = lock(&self.state);
            if state.docs.by_path(&checked.path).is_some() {
                return;
            }
            if checked.gone {
                state.workspace_files.remove(&checked.path);
                state.published.remove(&checked.uri);
            } else {
                state.workspace_files.insert(checked.path.clone());
                state
                    .published
                    .insert(checked.uri.clone(), (None, checked.diagnostics));
            }
        }
        let _ = self.client.clone().call(checked.notification).await;
    }

    /// Whether a changed file belongs to the workspace walk.
    pub(crate) fn in_workspace(&self, path: &Path) -> bool {
        lock(&self.state)
            .roots
            .iter()
            .any(|root| journey_ide::workspace::is_walked(root, path))
    }
}

/// Everything a check of one document version needs, off the async threads.
struct CheckJob {
    doc: Arc<Document>,
    overlay: Overlay,
    unit: ColumnUnit,
    uris: HashMap<PathBuf, String>,
}

impl CheckJob {
    /// The document's diagnostics and the `publishDiagnostics` notification
    /// that carries them. The notification is serialised here, on a blocking
    /// thread: for thousands of diagnostics that costs more than the check,
    /// and requests must not wait behind it.
    fn run(&self) -> Option<(Vec<journey_syntax::Diagnostic>, Request)> {
        let doc = &self.doc;
        let diagnostics = doc.semantics(&self.overlay).diagnostics().to_vec();
        let text = Text {
            text: &doc.text,
            index: &doc.line_index,
            unit: self.unit,
        };
        let notification = diagnostics_request(
            text,
            doc.uri.parse().ok()?,
            Some(doc.version),
            &diagnostics,
            &self.overlay,
            &self.uris,
        )?;
        Some((diagnostics, notification))
    }
}

/// The `publishDiagnostics` notification of a file's diagnostics (`text`
/// is the file's text), serialised: for thousands of diagnostics that costs
/// more than the check, so callers do it on a blocking thread.
pub(crate) fn diagnostics_request(
    text: Text<'_>,
    uri: lsp::Uri,
    version: Option<i32>,
    diagnostics: &[journey_syntax::Diagnostic],
    overlay: &Overlay,
    uris: &HashMap<PathBuf, String>,
) -> Option<Request> {
    let unit = text.unit;
    let other_file = |p: &Path| {
        let uri = match uris.get(p) {
            Some(u) => u.parse().ok(),
            None => proto::path_to_uri(p),
        }?;
        Some((uri, lsp::Range::default()))
    };
    let label_range = |p: &Path, span: journey_syntax::Span| {
        let file = overlay.parsed_file(p)?;
        Some(Text::of(&file, unit).range(span))
    };
    let params = lsp::PublishDiagnosticsParams {
        diagnostics: diagnostics
            .iter()
            .map(|d| proto::diagnostic(text, &uri, d, &other_file, &label_range))
            .collect(),
        uri,
        version,
    };
    Some(
        Request::build(
            <lsp::notification::PublishDiagnostics as lsp::notification::Notification>::METHOD,
        )
        .params(serde_json::to_value(params).ok()?)
        .finish(),
    )
}

/// A document's check task: it owns the document's entry in
/// `State::checking` until it ends, also when a check panics.
struct CheckTask {
    server: Server,
    uri: String,
    /// Whether the task gave up its entry itself.
    released: bool,
}

impl CheckTask {
    fn start(server: Server, uri: String) -> CheckTask {
        server.running.fetch_add(1, Ordering::SeqCst);
        CheckTask {
            server,
            uri,
            released: false,
        }
    }

    async fn run(mut self) {
        loop {
            self.server.check(&self.uri).await;
            if !self.check_again_or_release() {
                return;
            }
        }
    }

    /// Under one lock, so that no request to check again falls between
    /// the task's last look and its end.
    fn check_again_or_release(&mut self) -> bool {
        let mut state = lock(&self.server.state);
        if let Some(again) = state.checking.get_mut(&self.uri) {
            if std::mem::replace(again, false) {
                return true;
            }
        }
        state.checking.remove(&self.uri);
        self.released = true;
        false
    }
}

impl Drop for CheckTask {
    fn drop(&mut self) {
        if !self.released {
            lock(&self.server.state).checking.remove(&self.uri);
        }
        self.server.running.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Counts a workspace check as running until it ends (also by a panic).
struct Running(Arc<AtomicUsize>);

impl Running {
    fn start(running: Arc<AtomicUsize>) -> Running {
        running.fetch_add(1, Ordering::SeqCst);
        Running(running)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
