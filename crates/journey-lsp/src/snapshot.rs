//! What a request works on: an immutable snapshot of its document, the
//! other open documents and a file system that serves every open buffer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use journey_ide::ParsedFile;
use journey_syntax::ColumnUnit;

use crate::proto::{self, lsp, Text};
use journey_ide::host::{Document, Overlay};

/// What a request needs: the document's snapshot, the other open documents
/// and a file system that serves every open buffer.
pub(crate) struct Snapshot {
    pub(crate) doc: Arc<Document>,
    pub(crate) others: Vec<Arc<Document>>,
    pub(crate) overlay: Overlay,
    pub(crate) unit: ColumnUnit,
    pub(crate) uris: HashMap<PathBuf, String>,
}

impl Snapshot {
    pub(crate) fn file(&self) -> Arc<ParsedFile> {
        self.doc.analysis()
    }

    /// Any file's parse: this document's, another open one's, or the
    /// disk's.
    fn parsed(&self, path: &Path) -> Option<Arc<ParsedFile>> {
        if path == self.doc.path {
            Some(self.file())
        } else {
            self.overlay.parsed_file(path)
        }
    }

    pub(crate) fn text(&self) -> Text<'_> {
        Text {
            text: &self.doc.text,
            index: &self.doc.line_index,
            unit: self.unit,
        }
    }

    /// The checker's analysis of this version (made by its check, or now).
    pub(crate) fn semantics(&self) -> Arc<journey_check::Analysis> {
        self.doc.semantics(&self.overlay)
    }

    /// The checker's analyses of the other open documents.
    pub(crate) fn open_semantics(&self) -> Vec<Arc<journey_check::Analysis>> {
        self.others
            .iter()
            .map(|d| d.semantics(&self.overlay))
            .collect()
    }

    pub(crate) fn uri_of(&self, path: &Path) -> Option<lsp::Uri> {
        match self.uris.get(path) {
            Some(uri) => uri.parse().ok(),
            None => proto::path_to_uri(path),
        }
    }

    /// A span in any file (open or on disk) as an LSP location.
    pub(crate) fn location(
        &self,
        path: &Path,
        span: journey_syntax::Span,
    ) -> Option<lsp::Location> {
        let uri = self.uri_of(path)?;
        let file = self.parsed(path)?;
        Some(lsp::Location::new(
            uri,
            Text::of(&file, self.unit).range(span),
        ))
    }

    pub(crate) fn workspace_edit(&self, edits: Vec<journey_ide::FileEdits>) -> lsp::WorkspaceEdit {
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for file_edits in edits {
            let Some(uri) = self.uri_of(&file_edits.path) else {
                continue;
            };
            let Some(file) = self.parsed(&file_edits.path) else {
                continue;
            };
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
