//! The language server: document sync, coalesced diagnostics, and every
//! request mapped onto `journey_ide`.
//!
//! Handlers run concurrently (tower-lsp-server polls up to four at a time),
//! so edits are applied synchronously under a std lock before any `.await`,
//! and every request works on an immutable snapshot of its document.
//!
//! Diagnostics come from one check task per document. An edit made while
//! no check runs starts one at once; edits made while a check runs are
//! coalesced into one re-check of the newest version when it ends. A result
//! is published only if the document is still at the version it checked, so
//! the client never sees diagnostics of a text it no longer has.

use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use journey_ide::index::FileAnalysis;
use journey_ide::{AnalysisCache, World};
use journey_syntax::ColumnUnit;
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, Request, Result};
use tower_lsp_server::{Client, LanguageServer};

use crate::proto::{self, lsp, Text};
use crate::state::{apply_changes_indexed, Change, Document, Documents, Overlay};
use crate::workspace::{self as ws, Scope};

#[derive(Debug, Default)]
struct State {
    docs: Documents,
    unit: Option<ColumnUnit>,
    /// Documents whose check task is running, with whether it must check
    /// again when it finishes (the text or an import changed meanwhile).
    checking: HashMap<String, bool>,
    /// Diagnostics last published per URI (for tests and code actions).
    published: HashMap<String, (Option<i32>, Vec<journey_syntax::Diagnostic>)>,
    shutdown: bool,
    /// Whether the client registers file watchers dynamically.
    watch: bool,
    /// Whether the client reads semantic tokens that span lines.
    multiline_tokens: bool,
    /// The workspace folders, and the `.journey` files found under them.
    roots: Vec<PathBuf>,
    workspace_files: BTreeSet<PathBuf>,
}

/// The journey language server.
#[derive(Debug, Clone)]
pub struct Server {
    client: Client,
    state: Arc<Mutex<State>>,
    cache: Arc<AnalysisCache>,
    /// Checks scheduled and not yet finished.
    running: Arc<AtomicUsize>,
    /// Held by the workspace check that runs: one at a time, in the order
    /// they were asked for, so that an older result never follows a newer.
    workspace_jobs: Arc<tokio::sync::Mutex<()>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs a handler's synchronous part; a panic is logged and answered with
/// an internal error instead of taking the server down.
fn guard<R>(what: &str, f: impl FnOnce() -> R) -> Result<R> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        eprintln!("journey lsp: {what} panicked: {message}");
        let mut error = Error::internal_error();
        error.message = format!("internal error in {what}: {message}").into();
        error
    })
}

/// Drops a replaced analysis on a blocking thread: freeing the tree of a
/// large file takes longer than answering a completion request.
fn drop_in_background(replaced: Option<Arc<FileAnalysis>>) {
    let Some(replaced) = replaced else { return };
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => drop(runtime.spawn_blocking(move || drop(replaced))),
        Err(_) => drop(replaced),
    }
}

/// What a request needs: the document's snapshot, the other open documents
/// and a file system that serves every open buffer.
struct Snapshot {
    doc: Arc<Document>,
    others: Vec<Arc<Document>>,
    overlay: Overlay,
    unit: ColumnUnit,
    cache: Arc<AnalysisCache>,
    uris: HashMap<PathBuf, String>,
}

impl Snapshot {
    fn world(&self) -> World<'_> {
        World::new(&self.overlay, &self.cache)
    }

    fn file(&self) -> Arc<FileAnalysis> {
        let analysis = self.doc.analysis();
        drop_in_background(self.cache.insert(analysis.clone()));
        analysis
    }

    fn text(&self) -> Text<'_> {
        Text {
            text: &self.doc.text,
            index: &self.doc.line_index,
            unit: self.unit,
        }
    }

    /// The checker's analysis of this version (made by its check, or now).
    fn semantics(&self) -> Arc<journey_check::Analysis> {
        self.doc.semantics(&self.overlay)
    }

    /// The checker's analyses of the other open documents.
    fn open_semantics(&self) -> Vec<Arc<journey_check::Analysis>> {
        self.others
            .iter()
            .map(|d| d.semantics(&self.overlay))
            .collect()
    }

    fn uri_of(&self, path: &Path) -> Option<lsp::Uri> {
        match self.uris.get(path) {
            Some(uri) => uri.parse().ok(),
            None => proto::path_to_uri(path),
        }
    }

    /// A span in any file (open or on disk) as an LSP location.
    fn location(&self, path: &Path, span: journey_syntax::Span) -> Option<lsp::Location> {
        let uri = self.uri_of(path)?;
        let file = if path == self.doc.path {
            self.file()
        } else {
            self.world().file(path)?
        };
        Some(lsp::Location::new(
            uri,
            Text::of(&file, self.unit).range(span),
        ))
    }

    fn workspace_edit(&self, edits: Vec<journey_ide::FileEdits>) -> lsp::WorkspaceEdit {
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for file_edits in edits {
            let Some(uri) = self.uri_of(&file_edits.path) else {
                continue;
            };
            let file = if file_edits.path == self.doc.path {
                Some(self.file())
            } else {
                self.world().file(&file_edits.path)
            };
            let Some(file) = file else { continue };
            let text = Text::of(&file, self.unit);
            changes.entry(uri).or_default().extend(
                file_edits
                    .edits
                    .iter()
                    .map(|e| lsp::TextEdit::new(text.range(e.span), e.new_text.clone())),
            );
        }
        lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }
    }
}

impl Server {
    pub fn new(client: Client) -> Server {
        Server {
            client,
            state: Arc::new(Mutex::new(State::default())),
            cache: Arc::new(AnalysisCache::default()),
            running: Arc::new(AtomicUsize::new(0)),
            workspace_jobs: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    fn snapshot(&self, uri: &lsp::Uri) -> Option<Snapshot> {
        let state = lock(&self.state);
        let doc = state.docs.get(uri.as_str())?.clone();
        Some(Snapshot {
            others: state
                .docs
                .values()
                .filter(|d| d.uri != doc.uri)
                .cloned()
                .collect(),
            overlay: state.docs.overlay(),
            unit: state.unit.unwrap_or(ColumnUnit::Utf16),
            cache: self.cache.clone(),
            uris: state.docs.uris_by_path(),
            doc,
        })
    }

    /// The text and version the server holds for a document (for tests).
    pub fn document(&self, uri: &str) -> Option<(i32, Arc<str>)> {
        let state = lock(&self.state);
        state.docs.get(uri).map(|d| (d.version, d.text.clone()))
    }

    /// The diagnostics last published for a document and their version.
    pub fn published(&self, uri: &str) -> Option<(Option<i32>, Vec<journey_syntax::Diagnostic>)> {
        lock(&self.state).published.get(uri).cloned()
    }

    /// Whether the client sent `shutdown`.
    pub fn was_shut_down(&self) -> bool {
        lock(&self.state).shutdown
    }

    /// Every URI with published diagnostics, and the document version they
    /// are for (`None` for a workspace file that is not open).
    pub fn published_versions(&self) -> Vec<(String, Option<i32>)> {
        lock(&self.state)
            .published
            .iter()
            .map(|(uri, (version, _))| (uri.clone(), *version))
            .collect()
    }

    /// Whether a check is still pending or running for any document.
    pub fn checks_pending(&self) -> bool {
        if self.running.load(Ordering::SeqCst) > 0 {
            return true;
        }
        let state = lock(&self.state);
        let pending = state.docs.iter().any(|(uri, doc)| {
            state
                .published
                .get(uri)
                .is_none_or(|(version, _)| *version != Some(doc.version))
        });
        pending
    }

    /// Asks for a check of an open document: starts its check task, or
    /// tells the running one to check again when it finishes.
    fn schedule(&self, uri: String) {
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
    async fn check(&self, uri: &str) {
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
                cache: self.cache.clone(),
            }
        };
        let doc = job.doc.clone();
        let outcome =
            tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(|| job.run()))).await;
        let Ok(Ok(Some((diagnostics, notification)))) = outcome else {
            eprintln!("journey lsp: the check of {uri} failed");
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
    fn recheck_dependents(&self, path: &Path, except: &str) {
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
        let world = World::new(&overlay, &self.cache);
        for doc in docs {
            let imports =
                guard("dependents", || world.depends_on(&doc.analysis(), path)).unwrap_or(false);
            if imports {
                self.schedule(doc.uri.clone());
            }
        }
    }

    fn recheck_all(&self) {
        let uris: Vec<String> = lock(&self.state).docs.uris().cloned().collect();
        for uri in uris {
            self.schedule(uri);
        }
    }

    /// Checks workspace files off the request path: walks the workspace
    /// folders first for [`Scope::All`], then streams each file's
    /// diagnostics to the client as it is checked.
    fn check_workspace(&self, scope: Scope) {
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
                    cache: server.cache.clone(),
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
                eprintln!("journey lsp: a workspace check failed");
            }
        });
    }

    /// Finds the workspace's files (on a blocking thread); false when the
    /// walk failed.
    async fn walk_workspace(&self) -> bool {
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
    async fn publish_workspace_file(&self, checked: ws::Checked) {
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
    fn in_workspace(&self, path: &Path) -> bool {
        lock(&self.state)
            .roots
            .iter()
            .any(|root| journey_ide::workspace::is_walked(root, path))
    }

    /// Runs `f` on a snapshot of the document, guarded against panics; an
    /// unknown document answers `None`.
    fn with<R>(
        &self,
        what: &str,
        uri: &lsp::Uri,
        f: impl FnOnce(&Snapshot) -> Option<R>,
    ) -> Result<Option<R>> {
        let Some(snapshot) = self.snapshot(uri) else {
            return Ok(None);
        };
        guard(what, || f(&snapshot))
    }
}

/// Everything a check of one document version needs, off the async threads.
struct CheckJob {
    doc: Arc<Document>,
    overlay: Overlay,
    unit: ColumnUnit,
    uris: HashMap<PathBuf, String>,
    cache: Arc<AnalysisCache>,
}

impl CheckJob {
    /// The document's diagnostics and the `publishDiagnostics` notification
    /// that carries them. The notification is serialised here, on a blocking
    /// thread: for thousands of diagnostics that costs more than the check,
    /// and requests must not wait behind it.
    fn run(&self) -> Option<(Vec<journey_syntax::Diagnostic>, Request)> {
        let doc = &self.doc;
        let diagnostics = doc.semantics(&self.overlay).diagnostics.clone();
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
            &self.cache,
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
    cache: &AnalysisCache,
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
        let file = World::new(overlay, cache).file(p)?;
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

/// The workspace folders the client names (the old `rootUri` when it
/// names none); only `file:` folders can be walked.
fn workspace_roots(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let uris: Vec<&lsp::Uri> = match &params.workspace_folders {
        Some(folders) if !folders.is_empty() => folders.iter().map(|f| &f.uri).collect(),
        #[allow(deprecated)]
        _ => params.root_uri.iter().collect(),
    };
    uris.into_iter()
        .filter(|uri| uri.scheme().as_str().eq_ignore_ascii_case("file"))
        .map(proto::uri_to_path)
        .collect()
}

fn capabilities(unit: ColumnUnit) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(match unit {
            ColumnUnit::Utf8 => lsp::PositionEncodingKind::UTF8,
            _ => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![" ".to_string(), ",".to_string()]),
            ..Default::default()
        }),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
        selection_range_provider: Some(lsp::SelectionRangeProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        document_formatting_provider: crate::format::AVAILABLE.then_some(lsp::OneOf::Left(true)),
        document_range_formatting_provider: crate::format::AVAILABLE
            .then_some(lsp::OneOf::Left(true)),
        document_highlight_provider: Some(lsp::OneOf::Left(true)),
        document_link_provider: Some(lsp::DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        code_lens_provider: Some(lsp::CodeLensOptions {
            resolve_provider: Some(false),
        }),
        semantic_tokens_provider: Some(
            lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: proto::semantic_legend(),
                    full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: Default::default(),
                },
            ),
        ),
        execute_command_provider: Some(lsp::ExecuteCommandOptions {
            commands: vec![
                crate::preview::RENDER.to_string(),
                crate::explain::EXPLAIN.to_string(),
            ],
            ..Default::default()
        }),
        ..Default::default()
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encodings| encodings.contains(&lsp::PositionEncodingKind::UTF8));
        let unit = if offers_utf8 {
            ColumnUnit::Utf8
        } else {
            ColumnUnit::Utf16
        };
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let multiline_tokens = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.semantic_tokens.as_ref())
            .and_then(|s| s.multiline_token_support)
            .unwrap_or(false);
        {
            let mut state = lock(&self.state);
            state.unit = Some(unit);
            state.watch = watch;
            state.docs.disk = watch.then(Arc::default);
            state.multiline_tokens = multiline_tokens;
            state.roots = workspace_roots(&params);
        }
        Ok(lsp::InitializeResult {
            capabilities: capabilities(unit),
            server_info: Some(lsp::ServerInfo {
                name: "journey".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            ..Default::default()
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        self.check_workspace(Scope::All);
        if !lock(&self.state).watch {
            return;
        }
        let watchers = ["**/*.journey", "**/journey.toml"]
            .into_iter()
            .map(|glob| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect();
        let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp::Registration {
            id: "journey-watch".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        // Clients without dynamic registration answer with an error: fine.
        let client = self.client.clone();
        tokio::spawn(async move {
            let _ = client.register_capability(vec![registration]).await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        lock(&self.state).shutdown = true;
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let uri = doc.uri.as_str().to_string();
        {
            let mut state = lock(&self.state);
            let path = proto::uri_to_path(&doc.uri);
            let document = Document::new(uri.clone(), path, doc.version, Arc::from(doc.text));
            state.docs.insert(uri.clone(), Arc::new(document));
        }
        self.schedule(uri);
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri.as_str().to_string();
        let version = params.text_document.version;
        {
            let mut state = lock(&self.state);
            let unit = state.unit.unwrap_or(ColumnUnit::Utf16);
            let Some(doc) = state.docs.get(&uri).cloned() else {
                return;
            };
            if version <= doc.version {
                eprintln!(
                    "journey lsp: ignored a stale change of {uri} (version {version}, have {})",
                    doc.version
                );
                return;
            }
            let changes: Vec<Change> = params
                .content_changes
                .into_iter()
                .map(|c| Change {
                    range: c
                        .range
                        .map(|r| (proto::line_col(r.start), proto::line_col(r.end))),
                    text: c.text,
                })
                .collect();
            let applied = guard("didChange", || {
                apply_changes_indexed(&doc.text, Some(&doc.line_index), &changes, unit)
            });
            let Ok((text, edit)) = applied else { return };
            let document = Arc::new(Document::edited(&doc, version, Arc::from(text), edit));
            state.docs.insert(uri.clone(), document.clone());
            // The new analysis edits the old one's tree in place when nothing
            // else holds it: let go of the old version here.
            self.cache.remove(&doc.path);
            drop(doc);
            // Parse and index at once, off the I/O loop: the next request
            // and the check find it ready (or wait for this one).
            let cache = self.cache.clone();
            tokio::task::spawn_blocking(move || {
                if let Ok(analysis) = catch_unwind(AssertUnwindSafe(|| document.analysis())) {
                    drop(cache.insert(analysis));
                }
            });
        }
        self.schedule(uri);
    }

    async fn did_save(&self, _: lsp::DidSaveTextDocumentParams) {}

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = {
            let mut state = lock(&self.state);
            state.published.remove(uri.as_str());
            state.docs.remove(uri.as_str()).map(|d| d.path.clone())
        };
        self.client
            .publish_diagnostics(uri.clone(), Vec::new(), None)
            .await;
        if let Some(path) = path {
            self.cache.remove(&path);
            // The disk's version now counts for the files that import it.
            self.recheck_dependents(&path, uri.as_str());
            if self.in_workspace(&path) {
                self.check_workspace(Scope::Changed(vec![path]));
            }
        }
    }

    /// A `journey.toml` may change any file's diagnostics: everything is
    /// checked again. A changed `.journey` file is checked again, with the
    /// workspace files and open documents that import it.
    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = params
            .changes
            .iter()
            .map(|change| proto::uri_to_path(&change.uri))
            .collect();
        // Any analysis may have read what changed.
        {
            let mut state = lock(&self.state);
            state.docs.disk_changed();
            if let Some(disk) = &state.docs.disk {
                for path in &paths {
                    disk.forget(path);
                }
                if paths
                    .iter()
                    .any(|p| p.file_name().is_some_and(|n| n == "journey.toml"))
                {
                    disk.clear();
                }
            }
        }
        if paths
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == "journey.toml"))
        {
            self.recheck_all();
            self.check_workspace(Scope::All);
            return;
        }
        let changed: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| journey_ide::workspace::is_journey_file(p))
            .collect();
        for path in &changed {
            self.recheck_dependents(path, "");
        }
        let in_workspace: Vec<PathBuf> = changed
            .into_iter()
            .filter(|p| self.in_workspace(p))
            .collect();
        if !in_workspace.is_empty() {
            self.check_workspace(Scope::Changed(in_workspace));
        }
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let position = params.text_document_position;
        let by_space = params
            .context
            .and_then(|c| c.trigger_character)
            .is_some_and(|c| c == " ");
        self.with("completion", &position.text_document.uri, |s| {
            let file = s.file();
            let offset = s.text().offset(position.position);
            let mut items = journey_ide::completion(&s.world(), &file, offset);
            // A space only asks for the values after a keyword.
            if by_space {
                items.retain(|i| i.kind != journey_ide::CompletionKind::Keyword);
            }
            let items = items
                .iter()
                .map(|i| proto::completion_item(s.text(), i))
                .collect();
            Some(lsp::CompletionResponse::List(lsp::CompletionList {
                is_incomplete: false,
                items,
            }))
        })
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let position = params.text_document_position_params;
        self.with("hover", &position.text_document.uri, |s| {
            let file = s.file();
            let offset = s.text().offset(position.position);
            let hover = journey_ide::hover(&s.world(), &file, offset)?;
            Some(lsp::Hover {
                contents: lsp::HoverContents::Markup(proto::markdown(hover.markdown)),
                range: Some(s.text().range(hover.span)),
            })
        })
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        self.with("definition", &position.text_document.uri, |s| {
            let offset = s.text().offset(position.position);
            let locations: Vec<lsp::Location> =
                journey_ide::goto_definition(&s.semantics(), offset)
                    .into_iter()
                    .filter_map(|fs| s.location(&fs.path, fs.span))
                    .collect();
            (!locations.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(locations))
        })
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let position = params.text_document_position;
        let include = params.context.include_declaration;
        self.with("references", &position.text_document.uri, |s| {
            let offset = s.text().offset(position.position);
            let others = s.open_semantics();
            Some(
                journey_ide::references(&s.semantics(), offset, &others, include)
                    .into_iter()
                    .filter_map(|fs| s.location(&fs.path, fs.span))
                    .collect(),
            )
        })
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        self.with("prepareRename", &params.text_document.uri, |s| {
            let offset = s.text().offset(params.position);
            let span = journey_ide::prepare_rename(&s.semantics(), offset)?;
            Some(lsp::PrepareRenameResponse::Range(s.text().range(span)))
        })
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let position = params.text_document_position;
        let outcome = self.with("rename", &position.text_document.uri, |s| {
            let offset = s.text().offset(position.position);
            let others = s.open_semantics();
            Some(
                journey_ide::rename(&s.semantics(), offset, &params.new_name, &others)
                    .map(|edits| s.workspace_edit(edits)),
            )
        })?;
        match outcome {
            None => Ok(None),
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(message)) => Err(Error::invalid_params(message)),
        }
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        self.with("documentSymbol", &params.text_document.uri, |s| {
            let file = s.file();
            let text = s.text();
            #[allow(deprecated)]
            fn convert(text: Text<'_>, symbol: &journey_ide::DocSymbol) -> lsp::DocumentSymbol {
                lsp::DocumentSymbol {
                    name: symbol.name.clone(),
                    detail: symbol.detail.clone(),
                    kind: proto::symbol_kind(symbol.kind),
                    tags: None,
                    deprecated: None,
                    range: text.range(symbol.span),
                    selection_range: text.range(symbol.selection),
                    children: Some(symbol.children.iter().map(|c| convert(text, c)).collect()),
                }
            }
            let symbols = journey_ide::document_symbols(&file)
                .iter()
                .map(|sym| convert(text, sym))
                .collect();
            Some(lsp::DocumentSymbolResponse::Nested(symbols))
        })
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        let (overlay, files, uris, unit) = {
            let state = lock(&self.state);
            (
                state.docs.overlay(),
                state.workspace_files.clone(),
                state.docs.uris_by_path(),
                state.unit.unwrap_or(ColumnUnit::Utf16),
            )
        };
        let cache = self.cache.clone();
        // Off the async threads: the first request parses every workspace
        // file that is not cached yet.
        let job = move || {
            guard("workspace/symbol", || {
                ws::symbols(&overlay, &cache, &files, &uris, unit, &params.query)
            })
        };
        match tokio::task::spawn_blocking(job).await {
            Ok(result) => result.map(Some),
            Err(_) => Err(Error::internal_error()),
        }
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokensResult>> {
        let multiline = lock(&self.state).multiline_tokens;
        self.with("semanticTokens", &params.text_document.uri, |s| {
            let tokens = journey_ide::semantic_tokens(&s.file());
            Some(lsp::SemanticTokensResult::Tokens(lsp::SemanticTokens {
                result_id: None,
                data: proto::semantic_tokens(s.text(), &tokens, multiline),
            }))
        })
    }

    async fn document_link(
        &self,
        params: lsp::DocumentLinkParams,
    ) -> Result<Option<Vec<lsp::DocumentLink>>> {
        self.with("documentLink", &params.text_document.uri, |s| {
            Some(
                journey_ide::document_links(&s.semantics())
                    .into_iter()
                    .filter_map(|link| {
                        Some(lsp::DocumentLink {
                            range: s.text().range(link.span),
                            target: Some(s.uri_of(&link.target)?),
                            tooltip: Some(link.target.display().to_string()),
                            data: None,
                        })
                    })
                    .collect(),
            )
        })
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        let position = params.text_document_position_params;
        self.with("documentHighlight", &position.text_document.uri, |s| {
            let offset = s.text().offset(position.position);
            let highlights = journey_ide::document_highlights(&s.semantics(), offset);
            (!highlights.is_empty()).then(|| {
                highlights
                    .iter()
                    .map(|h| proto::highlight(s.text(), h))
                    .collect()
            })
        })
    }

    async fn code_lens(&self, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
        self.with("codeLens", &params.text_document.uri, |s| {
            let file = s.file();
            Some(
                journey_ide::journey_lenses(&file)
                    .iter()
                    .map(|lens| lsp::CodeLens {
                        range: s.text().range(lens.span),
                        // No command to run: the title is the information.
                        command: Some(lsp::Command {
                            title: lens.title(),
                            command: String::new(),
                            arguments: None,
                        }),
                        data: None,
                    })
                    .collect(),
            )
        })
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> Result<Option<Vec<lsp::FoldingRange>>> {
        self.with("foldingRange", &params.text_document.uri, |s| {
            let file = s.file();
            let text = s.text();
            Some(
                journey_ide::folding_ranges(&file)
                    .into_iter()
                    .filter_map(|fold| {
                        let range = text.range(fold.span);
                        // Keep the closing brace's line visible.
                        let end_line = if fold.comment {
                            range.end.line
                        } else {
                            range.end.line.saturating_sub(1)
                        };
                        (end_line > range.start.line).then(|| lsp::FoldingRange {
                            start_line: range.start.line,
                            end_line,
                            kind: Some(if fold.comment {
                                lsp::FoldingRangeKind::Comment
                            } else {
                                lsp::FoldingRangeKind::Region
                            }),
                            ..Default::default()
                        })
                    })
                    .collect(),
            )
        })
    }

    async fn selection_range(
        &self,
        params: lsp::SelectionRangeParams,
    ) -> Result<Option<Vec<lsp::SelectionRange>>> {
        self.with("selectionRange", &params.text_document.uri, |s| {
            let file = s.file();
            let text = s.text();
            Some(
                params
                    .positions
                    .iter()
                    .map(|p| {
                        let spans = journey_ide::selection_ranges(&file, text.offset(*p));
                        let mut range: Option<lsp::SelectionRange> = None;
                        for span in spans.iter().rev() {
                            range = Some(lsp::SelectionRange {
                                range: text.range(*span),
                                parent: range.map(Box::new),
                            });
                        }
                        range.unwrap_or(lsp::SelectionRange {
                            range: lsp::Range::new(*p, *p),
                            parent: None,
                        })
                    })
                    .collect(),
            )
        })
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        self.with("codeAction", &params.text_document.uri, |s| {
            let text = s.text();
            let span = text.span(params.range);
            let fixes = journey_ide::code_actions(&s.semantics(), span);
            let explain = crate::explain::actions(&params.context.diagnostics);
            Some(
                fixes
                    .into_iter()
                    .map(|fix| {
                        let range = text.range(fix.diagnostic_span);
                        let diagnostics: Vec<lsp::Diagnostic> = params
                            .context
                            .diagnostics
                            .iter()
                            .filter(|d| {
                                d.code == Some(lsp::NumberOrString::String(fix.code.to_string()))
                                    && d.range == range
                            })
                            .cloned()
                            .collect();
                        lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                            title: fix.title,
                            kind: Some(lsp::CodeActionKind::QUICKFIX),
                            diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                            edit: Some(s.workspace_edit(fix.edits)),
                            is_preferred: Some(fix.preferred),
                            ..Default::default()
                        })
                    })
                    .chain(explain)
                    .collect(),
            )
        })
    }

    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> Result<Option<Vec<lsp::InlayHint>>> {
        self.with("inlayHint", &params.text_document.uri, |s| {
            let file = s.file();
            let text = s.text();
            Some(
                journey_ide::inlay_hints(&file, text.span(params.range))
                    .into_iter()
                    .map(|hint| lsp::InlayHint {
                        position: text.position(hint.offset),
                        label: lsp::InlayHintLabel::String(hint.label),
                        kind: None,
                        text_edits: None,
                        tooltip: None,
                        padding_left: Some(true),
                        padding_right: None,
                        data: None,
                    })
                    .collect(),
            )
        })
    }

    /// `journey.render`: the HTML map of an open document's current text
    /// (see `preview.rs`), drawn on a blocking thread.
    async fn execute_command(
        &self,
        params: lsp::ExecuteCommandParams,
    ) -> Result<Option<lsp::LSPAny>> {
        if params.command == crate::explain::EXPLAIN {
            return crate::explain::run(&params.arguments).map(Some);
        }
        if params.command != crate::preview::RENDER {
            return Err(Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        let uri = crate::preview::uri_argument(&params.arguments)
            .ok_or_else(|| Error::invalid_params("expected the document's URI"))?;
        let snapshot = uri
            .parse::<lsp::Uri>()
            .ok()
            .and_then(|uri| self.snapshot(&uri))
            .ok_or_else(|| Error::invalid_params(format!("`{uri}` is not open")))?;
        let (overlay, doc) = (snapshot.overlay, snapshot.doc);
        let job = move || {
            guard("journey.render", || {
                crate::preview::render(&overlay, &doc.path, &uri, doc.version)
            })
        };
        match tokio::task::spawn_blocking(job).await {
            Ok(result) => result.map(Some),
            Err(_) => Err(Error::internal_error()),
        }
    }

    async fn formatting(
        &self,
        params: lsp::DocumentFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        self.format_with("formatting", &params.text_document.uri, |text, _| {
            crate::format::format(text)
        })
        .await
    }

    async fn range_formatting(
        &self,
        params: lsp::DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        let range = params.range;
        self.format_with("rangeFormatting", &params.text_document.uri, |text, t| {
            crate::format::format_range(text, t.span(range))
        })
        .await
    }
}

impl Server {
    /// Formats a document with `format` (given its text), or tells the user
    /// why it was left as it is (syntax errors).
    async fn format_with(
        &self,
        what: &str,
        uri: &lsp::Uri,
        format: impl FnOnce(&str, Text<'_>) -> Option<Vec<(journey_syntax::Span, String)>>,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        let outcome = self.with(what, uri, |s| {
            let text = s.text();
            Some(format(&s.doc.text, text).map(|edits| {
                edits
                    .into_iter()
                    .map(|(span, new_text)| lsp::TextEdit::new(text.range(span), new_text))
                    .collect::<Vec<_>>()
            }))
        })?;
        match outcome {
            None => Ok(None),
            Some(Some(edits)) => Ok(Some(edits)),
            // Syntax errors: leave the document as it is, and say why.
            Some(None) => {
                self.client
                    .show_message(
                        lsp::MessageType::WARNING,
                        "journey: the document has syntax errors; it was not formatted",
                    )
                    .await;
                Ok(None)
            }
        }
    }
}
