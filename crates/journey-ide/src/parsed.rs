//! A document's syntax: its text, line index and parse. Names are not
//! resolved here: every feature that needs to know what a name stands for
//! reads the checker's model ([`journey_check::Analysis`]).

use std::path::PathBuf;
use std::sync::Arc;

use journey_syntax::ast::Stmt;
use journey_syntax::reparse::Edit;
use journey_syntax::{LineIndex, Parse, SourceFile};

/// A parsed file. Immutable: a new text is a new `ParsedFile`.
#[derive(Debug)]
pub struct ParsedFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub line_index: LineIndex,
    pub parse: Arc<Parse>,
}

impl ParsedFile {
    pub fn new(path: impl Into<PathBuf>, text: Arc<str>) -> ParsedFile {
        let parse = Arc::new(journey_syntax::parse(&text));
        ParsedFile::from_parse(path, text, parse)
    }

    /// The parse of `text`, which is this file's text with `edit` applied:
    /// only the statement holding the edit is parsed again when that gives
    /// the same tree as a full parse.
    pub fn edited(&self, text: Arc<str>, edit: Edit) -> ParsedFile {
        ParsedFile::reparsed_copy(self.path.clone(), &self.parse, text, edit)
    }

    /// The parse of `text` from a copy of `parse` (the tree of the text
    /// before `edit`), or from a full parse when the edit needs one.
    fn reparsed_copy(path: PathBuf, parse: &Parse, text: Arc<str>, edit: Edit) -> ParsedFile {
        match journey_syntax::reparse::reparse(parse, &text, edit) {
            Some(parse) => ParsedFile::from_parse(path, text, Arc::new(parse)),
            None => ParsedFile::parsed_again(path, text, parse.errors.is_empty()),
        }
    }

    /// A full parse of an edited text. When the text had a syntax error
    /// before the edit, it most likely still has one: parsing it in pieces
    /// would be wasted (a piece with an error means a whole parse), so it is
    /// parsed whole at once.
    fn parsed_again(path: PathBuf, text: Arc<str>, was_valid: bool) -> ParsedFile {
        let parse = match was_valid {
            true => journey_syntax::parse(&text),
            false => journey_syntax::parse_whole(&text),
        };
        ParsedFile::from_parse(path, text, Arc::new(parse))
    }

    /// [`ParsedFile::edited`], reusing `previous`'s tree in place when
    /// nothing else holds it (the usual case while typing: the language
    /// server hands over the last version's parse), instead of copying a
    /// tree that is about to be dropped.
    pub fn edited_from(previous: Arc<ParsedFile>, text: Arc<str>, edit: Edit) -> ParsedFile {
        let previous = match Arc::try_unwrap(previous) {
            Ok(parsed) => parsed,
            Err(shared) => return shared.edited(text, edit),
        };
        let ParsedFile { path, parse, .. } = previous;
        let parse = match Arc::try_unwrap(parse) {
            Ok(parse) => parse,
            Err(shared) => return ParsedFile::reparsed_copy(path, &shared, text, edit),
        };
        match journey_syntax::reparse::reparse_owned(parse, &text, edit) {
            Ok((parse, _)) => ParsedFile::from_parse(path, text, Arc::new(parse)),
            Err(old) => ParsedFile::parsed_again(path, text, old.errors.is_empty()),
        }
    }

    /// A file from a parse of `text` made elsewhere.
    pub fn from_parse(path: impl Into<PathBuf>, text: Arc<str>, parse: Arc<Parse>) -> ParsedFile {
        ParsedFile {
            path: path.into(),
            line_index: LineIndex::new(&text),
            text,
            parse,
        }
    }

    pub fn file(&self) -> &SourceFile {
        &self.parse.file
    }

    /// The chain of statements (outermost first) whose span holds `offset`.
    pub fn stmts_at(&self, offset: usize) -> Vec<&Stmt> {
        let mut chain = Vec::new();
        let mut stmts: &[Stmt] = &self.parse.file.items;
        while let Some(stmt) = stmts.iter().find(|s| s.span.touches(offset)) {
            chain.push(stmt);
            match stmt.kind.block() {
                Some((block, _)) if block.span().touches(offset) => stmts = &block.stmts,
                _ => break,
            }
        }
        chain
    }
}
