//! The language server's state and its handlers: document sync, and every
//! request mapped onto `journey_ide`. When diagnostics are computed is
//! [`crate::scheduler`]'s job; what a request works on, [`crate::snapshot`];
//! what the server offers, [`crate::capabilities`]; every conversion to and
//! from LSP types, [`crate::proto`].
//!
//! Handlers run concurrently (tower-lsp-server polls up to four at a time),
//! so edits are applied synchronously under a std lock before any `.await`,
//! and every request works on an immutable snapshot of its document. A
//! diagnostics result is published only if the document is still at the
//! version it checked, so the client never sees diagnostics of a text it no
//! longer has.

use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use journey_syntax::ColumnUnit;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::{Client, LanguageServer};

use crate::analyser::Analyser;
use crate::capabilities::{capabilities, workspace_roots};
use crate::proto::{self, lsp, Text};
use crate::snapshot::Snapshot;
use crate::workspace::{self as ws, Scope};
use journey_ide::host::{apply_changes_indexed, AnalysisHost, Change, Document, Overlay};

#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) docs: AnalysisHost,
    pub(crate) unit: Option<ColumnUnit>,
    /// AnalysisHost whose check task is running, with whether it must check
    /// again when it finishes (the text or an import changed meanwhile).
    pub(crate) checking: HashMap<String, bool>,
    /// Diagnostics last published per URI (for tests and code actions).
    pub(crate) published: HashMap<String, (Option<i32>, Vec<journey_syntax::Diagnostic>)>,
    pub(crate) shutdown: bool,
    /// Whether the client registers file watchers dynamically.
    pub(crate) watch: bool,
    /// Whether the client reads semantic tokens that span lines.
    pub(crate) multiline_tokens: bool,
    /// The workspace folders, and the `.journey` files found under them.
    pub(crate) roots: Vec<PathBuf>,
    pub(crate) workspace_files: BTreeSet<PathBuf>,
}

/// The journey language server.
#[derive(Debug, Clone)]
pub struct Server {
    pub(crate) client: Client,
    pub(crate) state: Arc<Mutex<State>>,
    /// Checks scheduled and not yet finished.
    pub(crate) running: Arc<AtomicUsize>,
    /// Held by the workspace check that runs: one at a time, in the order
    /// they were asked for, so that an older result never follows a newer.
    pub(crate) workspace_jobs: Arc<tokio::sync::Mutex<()>>,
    /// Makes every open document version's parse and model
    /// ([`crate::analyser`]).
    pub(crate) analyser: Analyser,
}

pub(crate) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs a handler's synchronous part; a panic is answered with an internal
/// error instead of taking the server down (see [`Server::guarded`], which
/// also logs it).
pub(crate) fn guard<R>(what: &str, f: impl FnOnce() -> R) -> Result<R> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let mut error = Error::internal_error();
        error.message = format!("internal error in {what}: {message}").into();
        error
    })
}

impl Server {
    pub fn new(client: Client) -> Server {
        Server {
            client,
            state: Arc::new(Mutex::new(State::default())),
            running: Arc::new(AtomicUsize::new(0)),
            workspace_jobs: Arc::new(tokio::sync::Mutex::new(())),
            analyser: Analyser::start(),
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

    /// Sends the client a log message (`window/logMessage`): the server's
    /// only log, so that it shows in the editor's output for the server.
    pub(crate) fn log(&self, kind: lsp::MessageType, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(kind, message).await });
    }

    /// Logs a handler's failure (a panic turned into an internal error).
    pub(crate) fn log_error<R>(&self, result: Result<R>) -> Result<R> {
        if let Err(error) = &result {
            self.log(lsp::MessageType::ERROR, error.message.to_string());
        }
        result
    }

    /// [`guard`], with a panic logged to the client.
    pub(crate) fn guarded<R>(&self, what: &str, f: impl FnOnce() -> R) -> Result<R> {
        self.log_error(guard(what, f))
    }

    /// Runs `f` on a snapshot of the document, guarded against panics, once
    /// the analysis thread has made the version's model; an unknown
    /// document answers `None`.
    async fn with<R>(
        &self,
        what: &str,
        uri: &lsp::Uri,
        f: impl FnOnce(&Snapshot) -> Option<R>,
    ) -> Result<Option<R>> {
        let Some(snapshot) = self.snapshot(uri) else {
            return Ok(None);
        };
        if !self.analysed(&snapshot.doc, &snapshot.overlay).await {
            let mut error = Error::internal_error();
            error.message = format!("internal error in {what}: the analysis failed").into();
            return self.log_error(Err(error));
        }
        self.guarded(what, || f(&snapshot))
    }

    /// Waits until the analysis thread has made `doc`'s model as `overlay`
    /// shows the other files (at once when it is made); false when making
    /// it panicked.
    pub(crate) async fn analysed(&self, doc: &Arc<Document>, overlay: &Overlay) -> bool {
        if doc.semantics_made(overlay).is_some() {
            return true;
        }
        let (doc, overlay) = (doc.clone(), overlay.clone());
        self.analyser
            .run(move || drop(doc.semantics(&overlay)))
            .await
            .is_some()
    }

    /// [`Server::with`] for what reads the text or its syntax alone: no
    /// wait for the model.
    fn with_syntax<R>(
        &self,
        what: &str,
        uri: &lsp::Uri,
        f: impl FnOnce(&Snapshot) -> Option<R>,
    ) -> Result<Option<R>> {
        let Some(snapshot) = self.snapshot(uri) else {
            return Ok(None);
        };
        self.guarded(what, || f(&snapshot))
    }

    /// Queues the parse and model of the version of `uri` that is current
    /// when the analysis thread comes to it: a version superseded meanwhile
    /// is not analysed (unless a request or check asks for it).
    pub(crate) fn analyse_soon(&self, uri: String) {
        let state = self.state.clone();
        self.analyser.spawn(move || {
            let current = {
                let state = lock(&state);
                let doc = state.docs.get(&uri).cloned();
                doc.map(|doc| (doc, state.docs.overlay()))
            };
            if let Some((doc, overlay)) = current {
                doc.semantics(&overlay);
            }
        });
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
        self.analyse_soon(uri.clone());
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
                self.log(
                    lsp::MessageType::WARNING,
                    format!(
                        "ignored a stale change of {uri} (version {version}, have {})",
                        doc.version
                    ),
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
            let applied = self.guarded("didChange", || {
                apply_changes_indexed(&doc.text, Some(&doc.line_index), &changes, unit)
            });
            let Ok((text, edit)) = applied else { return };
            let document = Arc::new(Document::edited(&doc, version, Arc::from(text), edit));
            state.docs.insert(uri.clone(), document);
            // The new parse edits the old one's tree in place when nothing
            // else holds it: let go of the old version here.
            drop(doc);
        }
        // Parse and build the model at once, off the I/O loop: the next
        // request and the check find them made (or wait for them).
        self.analyse_soon(uri.clone());
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
            let mut items = journey_ide::completion(&s.semantics(), &file, offset);
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
        .await
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let position = params.text_document_position_params;
        self.with("hover", &position.text_document.uri, |s| {
            let file = s.file();
            let offset = s.text().offset(position.position);
            let hover = journey_ide::hover(&s.semantics(), &file, offset)?;
            Some(lsp::Hover {
                contents: lsp::HoverContents::Markup(proto::markdown(hover.markdown)),
                range: Some(s.text().range(hover.span)),
            })
        })
        .await
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
        .await
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
        .await
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
        .await
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let position = params.text_document_position;
        let outcome = self
            .with("rename", &position.text_document.uri, |s| {
                let offset = s.text().offset(position.position);
                let others = s.open_semantics();
                Some(
                    journey_ide::rename(&s.semantics(), offset, &params.new_name, &others)
                        .map(|edits| s.workspace_edit(edits)),
                )
            })
            .await?;
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
            let symbols = journey_ide::document_symbols(&s.semantics())
                .iter()
                .map(|sym| convert(text, sym))
                .collect();
            Some(lsp::DocumentSymbolResponse::Nested(symbols))
        })
        .await
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
        // Off the async threads: the request analyses every workspace file.
        let job = move || {
            guard("workspace/symbol", || {
                ws::symbols(&overlay, &files, &uris, unit, &params.query)
            })
        };
        match tokio::task::spawn_blocking(job).await {
            Ok(result) => self.log_error(result).map(Some),
            Err(_) => Err(Error::internal_error()),
        }
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokensResult>> {
        let multiline = lock(&self.state).multiline_tokens;
        self.with("semanticTokens", &params.text_document.uri, |s| {
            let tokens = journey_ide::semantic_tokens(&s.semantics());
            Some(lsp::SemanticTokensResult::Tokens(lsp::SemanticTokens {
                result_id: None,
                data: proto::semantic_tokens(s.text(), &tokens, multiline),
            }))
        })
        .await
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
        .await
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
        .await
    }

    async fn code_lens(&self, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
        self.with("codeLens", &params.text_document.uri, |s| {
            Some(
                journey_ide::journey_lenses(&s.semantics())
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
        .await
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> Result<Option<Vec<lsp::FoldingRange>>> {
        self.with_syntax("foldingRange", &params.text_document.uri, |s| {
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
        self.with_syntax("selectionRange", &params.text_document.uri, |s| {
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
        .await
    }

    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> Result<Option<Vec<lsp::InlayHint>>> {
        self.with("inlayHint", &params.text_document.uri, |s| {
            let text = s.text();
            Some(
                journey_ide::inlay_hints(&s.semantics(), text.span(params.range))
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
        .await
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
            Ok(result) => self.log_error(result).map(Some),
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
        let outcome = self.with_syntax(what, uri, |s| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tower_lsp_server::LspService;

    /// A request for a version whose model is not made waits for the
    /// analysis thread to make it; it does not make it on its own thread
    /// (nor does the check).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_waits_for_the_analysis_thread_to_make_the_model() {
        let (service, _socket) = LspService::new(Server::new);
        let server = service.inner().clone();
        let (release, held) = std::sync::mpsc::channel::<()>();
        server.analyser.spawn(move || {
            let _ = held.recv();
        });
        let uri: lsp::Uri = "file:///tmp/journey-analyser-test/a.journey"
            .parse()
            .unwrap();
        server
            .did_open(lsp::DidOpenTextDocumentParams {
                text_document: lsp::TextDocumentItem {
                    uri: uri.clone(),
                    language_id: "journey".to_string(),
                    version: 1,
                    text: "team a \"A\"\n".to_string(),
                },
            })
            .await;
        let request = tokio::spawn({
            let server = server.clone();
            let uri = uri.clone();
            async move {
                server
                    .document_symbol(lsp::DocumentSymbolParams {
                        text_document: lsp::TextDocumentIdentifier { uri },
                        work_done_progress_params: Default::default(),
                        partial_result_params: Default::default(),
                    })
                    .await
            }
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!request.is_finished());
        let doc = lock(&server.state).docs.get(uri.as_str()).cloned().unwrap();
        assert!(doc.last_semantics().is_none());
        release.send(()).unwrap();
        let answer = tokio::time::timeout(Duration::from_secs(10), request)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        let Some(lsp::DocumentSymbolResponse::Nested(symbols)) = answer else {
            panic!("nested symbols expected, got {answer:?}");
        };
        assert_eq!(symbols.len(), 1);
        assert!(doc.last_semantics().is_some());
    }
}
