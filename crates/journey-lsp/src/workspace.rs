//! Workspace-wide diagnostics: every `.journey` file under the workspace
//! folders is checked, not only the open documents. The checks run on a
//! blocking thread, one job at a time, and stream their results back so
//! that the first files' diagnostics appear before the last is checked.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use journey_syntax::ColumnUnit;
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::Request;

use crate::proto::{self, lsp};
use journey_ide::host::Overlay;

/// At most this many files are checked: a workspace folder that is a home
/// directory must not keep the server busy for minutes.
pub(crate) const FILE_LIMIT: usize = 2_000;

/// One file's diagnostics, ready to publish.
pub(crate) struct Checked {
    pub path: PathBuf,
    pub uri: String,
    pub diagnostics: Vec<journey_syntax::Diagnostic>,
    pub notification: Request,
    /// The file no longer exists (or is no longer a readable file).
    pub gone: bool,
}

/// What a job checks.
pub(crate) enum Scope {
    /// Every file of the workspace (`files`).
    All,
    /// These files, and the workspace files that import them.
    Changed(Vec<PathBuf>),
}

/// A check of workspace files through the open buffers.
pub(crate) struct Job {
    pub overlay: Overlay,
    pub unit: ColumnUnit,
    pub uris: HashMap<PathBuf, String>,
    /// The workspace's files as last walked.
    pub files: BTreeSet<PathBuf>,
    pub scope: Scope,
}

impl Job {
    /// Checks each file in scope and sends its result; stops early when
    /// the receiver is gone (the server shut down).
    pub(crate) fn run(self, out: mpsc::Sender<Checked>) {
        for path in self.paths() {
            if self.overlay.buffers.contains_key(&path) {
                // An open document is checked as the editor shows it.
                continue;
            }
            let Some(checked) = self.check(&path) else {
                continue;
            };
            if out.blocking_send(checked).is_err() {
                return;
            }
        }
    }

    fn paths(&self) -> Vec<PathBuf> {
        match &self.scope {
            Scope::All => self.files.iter().cloned().collect(),
            Scope::Changed(changed) => {
                let mut paths: BTreeSet<PathBuf> = changed.iter().cloned().collect();
                paths.extend(self.importers_of(changed));
                paths.into_iter().collect()
            }
        }
    }

    /// The workspace files whose analysis reads one of `changed` (imports
    /// it, directly or through other files, or tries to).
    fn importers_of(&self, changed: &[PathBuf]) -> Vec<PathBuf> {
        let resolver = journey_check::paths::Resolver::new(&self.overlay);
        let changed: Vec<PathBuf> = changed.iter().map(|c| resolver.identity(c)).collect();
        self.files
            .iter()
            .filter(|path| {
                let analysis = journey_check::analyse_file(&self.overlay, path);
                let own = &analysis.file(journey_check::FileId::ROOT).key;
                analysis
                    .reads
                    .iter()
                    .any(|read| read != own && changed.contains(read))
            })
            .cloned()
            .collect()
    }

    fn check(&self, path: &Path) -> Option<Checked> {
        let uri = proto::path_to_uri(path)?;
        let gone = journey_check::fs::ensure_readable(path).is_err();
        let (diagnostics, file) = if gone {
            (Vec::new(), None)
        } else {
            let file = self.overlay.parsed_file(path);
            let diagnostics = journey_ide::diagnostics::check_file(&self.overlay, path);
            (diagnostics, file)
        };
        // An unreadable file's diagnostics stand at its start.
        let empty = journey_syntax::LineIndex::new("");
        let text = match &file {
            Some(file) => proto::Text::of(file, self.unit),
            None => proto::Text {
                text: "",
                index: &empty,
                unit: self.unit,
            },
        };
        let notification = crate::scheduler::diagnostics_request(
            text,
            uri.clone(),
            None,
            &diagnostics,
            &self.overlay,
            &self.uris,
        )?;
        Some(Checked {
            path: path.to_path_buf(),
            uri: uri.as_str().to_string(),
            diagnostics,
            notification,
            gone,
        })
    }
}

/// `workspace/symbol`: the definitions matching `query` in the open
/// documents, the workspace's files and the files they import, as the
/// checker's analyses of them have them.
pub(crate) fn symbols(
    overlay: &Overlay,
    files: &BTreeSet<PathBuf>,
    uris: &HashMap<PathBuf, String>,
    unit: ColumnUnit,
    query: &str,
) -> lsp::WorkspaceSymbolResponse {
    let mut analyses: Vec<Arc<journey_check::Analysis>> = overlay
        .buffers
        .values()
        .map(|d| d.semantics(overlay))
        .collect();
    analyses.extend(
        files
            .iter()
            .filter(|path| !overlay.buffers.contains_key(*path))
            .map(|path| Arc::new(journey_check::analyse_file(overlay, path))),
    );
    let location = |path: &Path, span: journey_syntax::Span| {
        let uri = match uris.get(path) {
            Some(uri) => uri.parse().ok(),
            None => proto::path_to_uri(path),
        }?;
        let range = proto::Text::of(&*overlay.parsed_file(path)?, unit).range(span);
        Some(lsp::Location::new(uri, range))
    };
    #[allow(deprecated)]
    let out = journey_ide::workspace_symbols(&analyses, query)
        .into_iter()
        .filter_map(|sym| {
            Some(lsp::SymbolInformation {
                location: location(&sym.location.path, sym.location.span)?,
                name: sym.name,
                kind: proto::symbol_kind(sym.kind),
                tags: None,
                deprecated: None,
                container_name: sym.container,
            })
        })
        .collect();
    lsp::WorkspaceSymbolResponse::Flat(out)
}
