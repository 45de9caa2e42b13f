//! The names of one file: every definition and every reference, with spans.
//!
//! Built from the syntax tree alone (the language's scopes are simple:
//! top-level definitions by kind, and ids per journey), so that it works on
//! half-typed text and does not wait for the checker.

use std::sync::Arc;

use journey_syntax::ast::{Block, Def as AstDef, Stmt, StmtKind};
use journey_syntax::{LineIndex, Parse, SourceFile, Span};

use journey_syntax::reparse::Change;
use journey_syntax::shift::{shift, shift_span};

/// The kind of thing a name defines or refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SymbolKind {
    Team,
    Persona,
    Channel,
    Journey,
    Stage,
    Touchpoint,
    Desired,
    Promise,
    Kpi,
}

impl SymbolKind {
    pub fn noun(self) -> &'static str {
        match self {
            SymbolKind::Team => "team",
            SymbolKind::Persona => "persona",
            SymbolKind::Channel => "channel",
            SymbolKind::Journey => "journey",
            SymbolKind::Stage => "stage",
            SymbolKind::Touchpoint => "touchpoint",
            SymbolKind::Desired => "desired action",
            SymbolKind::Promise => "promise",
            SymbolKind::Kpi => "KPI",
        }
    }

    /// The keyword that defines it.
    pub fn keyword(self) -> &'static str {
        match self {
            SymbolKind::Team => "team",
            SymbolKind::Persona => "persona",
            SymbolKind::Channel => "channel",
            SymbolKind::Journey => "journey",
            SymbolKind::Stage => "stage",
            SymbolKind::Touchpoint => "touchpoint",
            SymbolKind::Desired => "desired",
            SymbolKind::Promise => "promise",
            SymbolKind::Kpi => "kpi",
        }
    }

    /// Top-level kinds are visible through imports; the others live in
    /// their journey.
    pub fn is_global(self) -> bool {
        matches!(
            self,
            SymbolKind::Team | SymbolKind::Persona | SymbolKind::Channel
        )
    }
}

/// A definition in a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    pub kind: SymbolKind,
    pub name: String,
    /// The id as written.
    pub id_span: Span,
    /// The whole definition statement.
    pub span: Span,
    pub label: Option<String>,
    pub doc: Option<String>,
    /// The index (among the file's journeys) of the journey it belongs to;
    /// for a journey, its own index.
    pub journey: Option<usize>,
    /// The index of the enclosing definition in [`FileIndex::defs`].
    pub parent: Option<usize>,
}

/// A name that refers to a definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub kind: SymbolKind,
    pub name: String,
    pub span: Span,
    /// The journey the reference stands in.
    pub journey: Option<usize>,
    /// The statement keyword before it (`owner`, `next`, …).
    pub keyword: &'static str,
}

#[derive(Clone, Debug, Default)]
pub struct FileIndex {
    pub defs: Vec<Definition>,
    pub refs: Vec<Reference>,
    /// `import "…"` statements: the path text and the string's span.
    pub imports: Vec<(String, Span)>,
}

impl FileIndex {
    pub fn build(file: &SourceFile) -> FileIndex {
        let mut index = FileIndex::default();
        let mut journeys = 0;
        for stmt in &file.items {
            index.stmt(stmt, None, None, &mut journeys);
        }
        index
    }

    /// The index of the tree a re-parse made (`file`), from this one, the
    /// index of the tree before it: the entries of the replaced statements
    /// give way to those of the new ones, and later spans move. `None` when
    /// only a fresh build will do (top-level statements were replaced).
    pub fn respliced(mut self, file: &SourceFile, change: &Change) -> Option<FileIndex> {
        let top = change.journey?;
        let journey = file.items.get(top)?;
        let StmtKind::Journey(def) = &journey.kind else {
            return None;
        };
        let stmts = def.block.as_ref()?.stmts.get(change.new_stmts.clone())?;
        // Definitions and references are in source order (a definition
        // before what its block holds).
        let journey_def = self
            .defs
            .iter()
            .position(|d| d.kind == SymbolKind::Journey && d.span.start == journey.span.start)?;
        let journey_no = self.defs[journey_def].journey;
        let region = change.old_region;
        let in_or_after = |span: Span| span.start >= region.start;
        let after = |span: Span| span.start >= region.end;
        let d0 = self.defs.partition_point(|d| !in_or_after(d.span));
        let d1 = self.defs.partition_point(|d| !after(d.span));
        let r0 = self.refs.partition_point(|r| !in_or_after(r.span));
        let r1 = self.refs.partition_point(|r| !after(r.span));
        if d0 <= journey_def || d1 < d0 || r1 < r0 {
            return None;
        }
        let mut later_defs = self.defs.split_off(d1);
        self.defs.truncate(d0);
        let mut later_refs = self.refs.split_off(r1);
        self.refs.truncate(r0);
        let mut journeys = journey_no.map_or(0, |n| n + 1);
        for stmt in stmts {
            self.stmt(stmt, Some(journey_def), journey_no, &mut journeys);
        }
        let (removed, added) = (d1 - d0, self.defs.len() - d0);
        let delta = change.delta;
        self.defs[journey_def].span.end = shift(self.defs[journey_def].span.end, delta);
        for def in &mut later_defs {
            def.span = shift_span(def.span, delta);
            def.id_span = shift_span(def.id_span, delta);
            if let Some(parent) = &mut def.parent {
                if *parent >= d1 {
                    *parent = *parent - removed + added;
                }
            }
        }
        for reference in &mut later_refs {
            reference.span = shift_span(reference.span, delta);
        }
        for (_, span) in &mut self.imports {
            if after(*span) {
                *span = shift_span(*span, delta);
            }
        }
        self.defs.append(&mut later_defs);
        self.refs.append(&mut later_refs);
        Some(self)
    }

    /// The definition whose id or the reference whose name holds `offset`.
    pub fn name_at(&self, offset: usize) -> Option<NameAt<'_>> {
        if let Some(def) = self.defs.iter().find(|d| d.id_span.touches(offset)) {
            return Some(NameAt::Def(def));
        }
        self.refs
            .iter()
            .find(|r| r.span.touches(offset))
            .map(NameAt::Ref)
    }

    pub fn journey_defs(
        &self,
        journey: usize,
        kind: SymbolKind,
    ) -> impl Iterator<Item = &Definition> {
        self.defs
            .iter()
            .filter(move |d| d.kind == kind && d.journey == Some(journey))
    }

    fn stmt(
        &mut self,
        stmt: &Stmt,
        parent: Option<usize>,
        journey: Option<usize>,
        journeys: &mut usize,
    ) {
        let reference = |index: &mut FileIndex, kind, name: &journey_syntax::ast::Name, keyword| {
            index.refs.push(Reference {
                kind,
                name: name.text.clone(),
                span: name.span,
                journey,
                keyword,
            })
        };
        match &stmt.kind {
            StmtKind::Import(path) => self.imports.push((path.value.clone(), path.span)),
            StmtKind::Owner(name) => reference(self, SymbolKind::Team, name, "owner"),
            StmtKind::For(names) => {
                for name in names {
                    reference(self, SymbolKind::Persona, name, "for");
                }
            }
            StmtKind::Emotion { personas, .. } => {
                for name in personas {
                    reference(self, SymbolKind::Persona, name, "for");
                }
            }
            StmtKind::Backstage {
                team: Some(name), ..
            } => reference(self, SymbolKind::Team, name, "by"),
            StmtKind::Channel(name) => reference(self, SymbolKind::Channel, name, "channel"),
            StmtKind::Next(names) => {
                for name in names {
                    reference(self, SymbolKind::Touchpoint, name, "next");
                }
            }
            StmtKind::Completed { action, .. } => {
                reference(self, SymbolKind::Desired, action, "completed")
            }
            StmtKind::Keeps(name) => reference(self, SymbolKind::Promise, name, "keeps"),
            StmtKind::Promise { id, text } => {
                self.defs.push(Definition {
                    kind: SymbolKind::Promise,
                    name: id.text.clone(),
                    id_span: id.span,
                    span: stmt.span,
                    label: Some(text.value.clone()),
                    doc: stmt.doc.as_ref().map(|d| d.text.clone()),
                    journey,
                    parent,
                });
            }
            StmtKind::Pain {
                block: Some(block), ..
            } => self.block(block, parent, journey, journeys),
            _ => {}
        }
        let Some((def, _)) = stmt.kind.def() else {
            return;
        };
        let kind = match &stmt.kind {
            StmtKind::Team(_) => SymbolKind::Team,
            StmtKind::Persona(_) => SymbolKind::Persona,
            StmtKind::ChannelDef(_) => SymbolKind::Channel,
            StmtKind::Journey(_) => SymbolKind::Journey,
            StmtKind::Stage(_) => SymbolKind::Stage,
            StmtKind::Touchpoint(_) => SymbolKind::Touchpoint,
            StmtKind::Desired(_) => SymbolKind::Desired,
            _ => SymbolKind::Kpi,
        };
        let journey = if kind == SymbolKind::Journey {
            *journeys += 1;
            Some(*journeys - 1)
        } else {
            journey
        };
        let mut me = parent;
        if let Some(id) = &def.id {
            self.defs.push(Definition {
                kind,
                name: id.text.clone(),
                id_span: id.span,
                span: stmt.span,
                label: def.label.as_ref().map(|l| l.value.clone()),
                doc: stmt.doc.as_ref().map(|d| d.text.clone()),
                journey,
                parent,
            });
            me = Some(self.defs.len() - 1);
        }
        if let Some(block) = &def.block {
            self.block(block, me, journey, journeys);
        }
    }

    fn block(
        &mut self,
        block: &Block,
        parent: Option<usize>,
        journey: Option<usize>,
        journeys: &mut usize,
    ) {
        for stmt in &block.stmts {
            self.stmt(stmt, parent, journey, journeys);
        }
    }
}

/// What a name under the cursor is.
#[derive(Clone, Copy, Debug)]
pub enum NameAt<'a> {
    Def(&'a Definition),
    Ref(&'a Reference),
}

/// A parsed and indexed file. Immutable: a new text is a new analysis.
#[derive(Debug)]
pub struct FileAnalysis {
    pub path: std::path::PathBuf,
    pub text: Arc<str>,
    pub line_index: LineIndex,
    pub parse: Arc<Parse>,
    pub index: FileIndex,
}

impl FileAnalysis {
    pub fn new(path: impl Into<std::path::PathBuf>, text: Arc<str>) -> FileAnalysis {
        let parse = Arc::new(journey_syntax::parse(&text));
        FileAnalysis::from_parse(path, text, parse)
    }

    /// The analysis of `text`, which is this analysis's text with `edit`
    /// applied: only the statement holding the edit is parsed again when
    /// that gives the same tree as a full parse.
    pub fn edited(&self, text: Arc<str>, edit: journey_syntax::reparse::Edit) -> FileAnalysis {
        FileAnalysis::reparsed_copy(self.path.clone(), &self.parse, text, edit)
    }

    /// The analysis of `text` from a copy of `parse` (the tree of the text
    /// before `edit`), or from a full parse when the edit needs one.
    fn reparsed_copy(
        path: std::path::PathBuf,
        parse: &Parse,
        text: Arc<str>,
        edit: journey_syntax::reparse::Edit,
    ) -> FileAnalysis {
        match journey_syntax::reparse::reparse(parse, &text, edit) {
            Some(parse) => FileAnalysis::from_parse(path, text, Arc::new(parse)),
            None => FileAnalysis::new(path, text),
        }
    }

    /// [`FileAnalysis::edited`], reusing `previous`'s tree in place when
    /// nothing else holds it (the usual case while typing: the language
    /// server hands over the last version's analysis), instead of copying
    /// a tree that is about to be dropped.
    pub fn edited_from(
        previous: Arc<FileAnalysis>,
        text: Arc<str>,
        edit: journey_syntax::reparse::Edit,
    ) -> FileAnalysis {
        let path = previous.path.clone();
        let previous = match Arc::try_unwrap(previous) {
            Ok(analysis) => analysis,
            Err(shared) => return shared.edited(text, edit),
        };
        let FileAnalysis { parse, index, .. } = previous;
        let parse = match Arc::try_unwrap(parse) {
            Ok(parse) => parse,
            Err(shared) => return FileAnalysis::reparsed_copy(path, &shared, text, edit),
        };
        match journey_syntax::reparse::reparse_owned(parse, &text, edit) {
            Ok((parse, change)) => {
                let index = index
                    .respliced(&parse.file, &change)
                    .unwrap_or_else(|| FileIndex::build(&parse.file));
                FileAnalysis {
                    path,
                    line_index: LineIndex::new(&text),
                    text,
                    parse: Arc::new(parse),
                    index,
                }
            }
            Err(_) => FileAnalysis::new(path, text),
        }
    }

    /// An analysis from a parse of `text` made elsewhere.
    pub fn from_parse(
        path: impl Into<std::path::PathBuf>,
        text: Arc<str>,
        parse: Arc<Parse>,
    ) -> FileAnalysis {
        let index = FileIndex::build(&parse.file);
        FileAnalysis {
            path: path.into(),
            line_index: LineIndex::new(&text),
            text,
            parse,
            index,
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

    /// Finds the statement that defines `def` (by its id's span).
    pub fn def_stmt(&self, def: &Definition) -> Option<&Stmt> {
        self.stmts_at(def.id_span.start as usize)
            .into_iter()
            .rev()
            .find(|s| s.span == def.span)
    }
}

/// The id of a definition statement.
pub fn def_id(def: &AstDef) -> Option<&str> {
    def.id.as_ref().map(|n| n.text.as_str())
}
