//! The IDE features of the journey language as plain functions: byte
//! offsets in, plain structs out. No protocol types: the language server
//! (`journey-lsp`) converts positions with `journey_syntax::text` and maps
//! these structs to LSP.
//!
//! Everything here works on half-typed text. What a name stands for comes
//! from one place, the checker's model ([`journey_check::Analysis`], built
//! from broken trees too): the editor resolves exactly what `journey check`
//! resolves. The rest (keywords, literals, folding, where the cursor is)
//! comes from the syntax tree ([`ParsedFile`]), which always exists,
//! whatever the errors. Files are read through the checker's
//! [`journey_check::FileSystem`], so an open buffer wins over the disk.

pub mod actions;
pub mod builtins;
pub mod completion;
mod describe;
pub mod diagnostics;
pub mod hints;
pub mod host;
pub mod hover;
pub mod lens;
pub mod nav;
mod parsed;
pub mod semantic;
pub mod semantics;
pub mod workspace;

use std::path::PathBuf;

pub use actions::{code_actions, Fix};
pub use completion::{completion, CompletionItem, CompletionKind};
pub use hints::{inlay_hints, Hint};
pub use hover::{hover, HoverResult};
pub use journey_check::DefKind;
pub use journey_syntax::Span;
pub use lens::{journey_lenses, JourneyLens};
pub use nav::{
    document_highlights, document_links, document_symbols, folding_ranges, goto_definition,
    prepare_rename, references, rename, selection_ranges, workspace_symbols, DocLink, DocSymbol,
    Fold, Highlight, WorkspaceSymbol,
};
pub use parsed::ParsedFile;
pub use semantic::{semantic_tokens, SemanticToken, TokenKind};

/// Removes `.` and resolves `..` lexically: the checker's normalisation,
/// so that a path means the same file to the editor and to the checker.
pub use journey_check::paths::normalize;

/// A span in some file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileSpan {
    pub path: PathBuf,
    pub span: Span,
}

/// Replace `span` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

/// The edits of one file, sorted and not overlapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdits {
    pub path: PathBuf,
    pub edits: Vec<TextEdit>,
}

/// Clamps an offset into the text and onto a character boundary.
pub(crate) fn clamp(text: &str, offset: usize) -> usize {
    journey_syntax::text::floor_char_boundary(text, offset)
}

/// Characters that continue an identifier (an approximation of the
/// grammar's `XID_Continue | "-"`, enough to find the word under a cursor).
pub(crate) fn is_ident_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_' || ch == '-'
}

/// The identifier-like word around `offset`.
pub(crate) fn word_at(text: &str, offset: usize) -> Span {
    let offset = clamp(text, offset);
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_ident_char(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_ident_char(c))
        .map_or(text.len(), |(i, _)| offset + i);
    Span::new(start, end)
}

/// Whether `name` is a valid identifier, decided by the grammar itself.
pub fn is_valid_id(name: &str) -> bool {
    let parse = journey_syntax::parse(&format!("team {name}"));
    parse.errors.is_empty()
        && matches!(
            parse.file.items.as_slice(),
            [journey_syntax::ast::Stmt { kind: journey_syntax::ast::StmtKind::Team(def), .. }]
                if def.id.as_ref().is_some_and(|id| id.text == name) && def.label.is_none()
        )
}
