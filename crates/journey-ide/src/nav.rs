//! Navigation: definitions, references, rename, symbols, folding and
//! selection ranges.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use journey_syntax::ast::{Stmt, StmtKind};
use journey_syntax::Span;

use crate::index::{FileAnalysis, NameAt, SymbolKind};
use crate::world::{Located, Target, World};
use crate::{clamp, is_valid_id, word_at, FileEdits, FileSpan, TextEdit};

/// The definition a name at `offset` stands for (a definition's own id
/// gives itself).
fn target_at(world: &World<'_>, file: &Arc<FileAnalysis>, offset: usize) -> Option<Target> {
    match file.index.name_at(offset)? {
        NameAt::Def(def) => Some(Target::Def(Located {
            file: file.clone(),
            def: def.clone(),
        })),
        NameAt::Ref(reference) => {
            let scope = world.scope(file);
            world.resolve(file, &scope, reference)
        }
    }
}

pub fn goto_definition(
    world: &World<'_>,
    file: &Arc<FileAnalysis>,
    offset: usize,
) -> Vec<FileSpan> {
    let offset = clamp(&file.text, offset);
    if let Some((import, _)) = file
        .index
        .imports
        .iter()
        .find(|(_, span)| span.touches(offset))
    {
        let Some(path) = world.resolve_import(&file.path, import) else {
            return Vec::new();
        };
        return match world.file(&path) {
            Some(_) => vec![FileSpan {
                path,
                span: Span::default(),
            }],
            None => Vec::new(),
        };
    }
    match target_at(world, file, offset) {
        Some(Target::Def(located)) => vec![FileSpan {
            path: located.file.path.clone(),
            span: located.def.id_span,
        }],
        _ => Vec::new(),
    }
}

/// Every place that names the thing at `offset`, searched in `file`, the
/// files it imports and `others` (the open documents).
pub fn references(
    world: &World<'_>,
    file: &Arc<FileAnalysis>,
    offset: usize,
    others: &[Arc<FileAnalysis>],
    include_declaration: bool,
) -> Vec<FileSpan> {
    let offset = clamp(&file.text, offset);
    let Some(Target::Def(target)) = target_at(world, file, offset) else {
        return Vec::new();
    };
    let mut files: BTreeMap<PathBuf, Arc<FileAnalysis>> = BTreeMap::new();
    for f in world.scope(file).into_iter().chain(others.iter().cloned()) {
        files.entry(f.path.clone()).or_insert(f);
    }
    files
        .entry(target.file.path.clone())
        .or_insert_with(|| target.file.clone());
    let mut out = Vec::new();
    if include_declaration {
        out.push(FileSpan {
            path: target.file.path.clone(),
            span: target.def.id_span,
        });
    }
    for f in files.values() {
        if !target.def.kind.is_global() && f.path != target.file.path {
            continue;
        }
        let candidates: Vec<_> = f
            .index
            .refs
            .iter()
            .filter(|r| r.kind == target.def.kind && r.name == target.def.name)
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let scope = world.scope(f);
        for reference in candidates {
            if let Some(Target::Def(found)) = world.resolve(f, &scope, reference) {
                if found.file.path == target.file.path && found.def.id_span == target.def.id_span {
                    out.push(FileSpan {
                        path: f.path.clone(),
                        span: reference.span,
                    });
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The span of the name that would be renamed at `offset`.
pub fn prepare_rename(world: &World<'_>, file: &Arc<FileAnalysis>, offset: usize) -> Option<Span> {
    let offset = clamp(&file.text, offset);
    let span = match file.index.name_at(offset)? {
        NameAt::Def(def) => def.id_span,
        NameAt::Ref(r) => r.span,
    };
    matches!(target_at(world, file, offset)?, Target::Def(_)).then_some(span)
}

/// Renames the thing at `offset` everywhere it is named.
pub fn rename(
    world: &World<'_>,
    file: &Arc<FileAnalysis>,
    offset: usize,
    new_name: &str,
    others: &[Arc<FileAnalysis>],
) -> Result<Vec<FileEdits>, String> {
    if !is_valid_id(new_name) {
        return Err(format!(
            "`{new_name}` is not a valid identifier: start with a letter or `_`, then letters, digits, `_` or `-`"
        ));
    }
    let offset = clamp(&file.text, offset);
    match target_at(world, file, offset) {
        Some(Target::Def(_)) => {}
        Some(Target::Builtin(id)) => {
            return Err(format!(
                "`{id}` is a built-in channel and cannot be renamed"
            ))
        }
        None => return Err("there is nothing to rename here".to_string()),
    }
    let mut by_file: BTreeMap<PathBuf, Vec<TextEdit>> = BTreeMap::new();
    for location in references(world, file, offset, others, true) {
        by_file.entry(location.path).or_default().push(TextEdit {
            span: location.span,
            new_text: new_name.to_string(),
        });
    }
    Ok(by_file
        .into_iter()
        .map(|(path, edits)| FileEdits { path, edits })
        .collect())
}

#[derive(Clone, Debug, PartialEq)]
pub struct DocSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub span: Span,
    pub selection: Span,
    pub children: Vec<DocSymbol>,
}

/// The outline: top-level definitions, journeys → stages → touchpoints
/// (with their KPIs, desired actions and promises).
pub fn document_symbols(file: &FileAnalysis) -> Vec<DocSymbol> {
    let defs = &file.index.defs;
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); defs.len()];
    let mut roots = Vec::new();
    for (i, def) in defs.iter().enumerate() {
        match def.parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    fn build(i: usize, file: &FileAnalysis, children: &[Vec<usize>]) -> DocSymbol {
        let def = &file.index.defs[i];
        DocSymbol {
            name: def.name.clone(),
            detail: def.label.clone(),
            kind: def.kind,
            span: def.span,
            selection: def.id_span,
            children: children[i]
                .iter()
                .map(|&c| build(c, file, children))
                .collect(),
        }
    }
    roots
        .into_iter()
        .map(|i| build(i, file, &children))
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub location: FileSpan,
    pub container: Option<String>,
}

/// Definitions whose name contains `query` (case-insensitively) in the
/// given files and the files they import.
pub fn workspace_symbols(
    world: &World<'_>,
    files: &[Arc<FileAnalysis>],
    query: &str,
) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    let mut all: BTreeMap<PathBuf, Arc<FileAnalysis>> = BTreeMap::new();
    for file in files {
        for f in world.scope(file) {
            all.entry(f.path.clone()).or_insert(f);
        }
    }
    let mut out = Vec::new();
    for file in all.values() {
        for def in &file.index.defs {
            if !def.name.to_lowercase().contains(&query) {
                continue;
            }
            out.push(WorkspaceSymbol {
                name: def.name.clone(),
                kind: def.kind,
                location: FileSpan {
                    path: file.path.clone(),
                    span: def.id_span,
                },
                container: def.parent.map(|p| file.index.defs[p].name.clone()),
            });
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    pub comment: bool,
}

/// Foldable regions: every block, and runs of comments.
pub fn folding_ranges(file: &FileAnalysis) -> Vec<Fold> {
    let mut out = Vec::new();
    fn walk(stmts: &[Stmt], out: &mut Vec<Fold>) {
        for stmt in stmts {
            if let Some((block, _)) = stmt.kind.block() {
                out.push(Fold {
                    span: Span::new(stmt.span.start as usize, block.span().end as usize),
                    comment: false,
                });
                walk(&block.stmts, out);
            }
        }
    }
    walk(&file.file().items, &mut out);
    let text = &*file.text;
    let mut run: Option<Span> = None;
    for comment in &file.file().comments {
        let joins = run.is_some_and(|r| {
            text[r.end as usize..comment.span.start as usize].trim_matches([' ', '\t', '\r'])
                == "\n"
        });
        run = match run {
            Some(r) if joins => Some(r.cover(comment.span)),
            Some(r) => {
                out.push(Fold {
                    span: r,
                    comment: true,
                });
                Some(comment.span)
            }
            None => Some(comment.span),
        };
    }
    if let Some(r) = run {
        out.push(Fold {
            span: r,
            comment: true,
        });
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

/// Nested spans around `offset`, innermost first: the word, then each
/// enclosing statement and block, then the whole file.
pub fn selection_ranges(file: &FileAnalysis, offset: usize) -> Vec<Span> {
    let offset = clamp(&file.text, offset);
    let mut out = Vec::new();
    let word = word_at(&file.text, offset);
    if !word.is_empty() {
        out.push(word);
    }
    for stmt in file.stmts_at(offset).into_iter().rev() {
        if let Some((block, _)) = stmt.kind.block() {
            let inner = Span::new(
                block.open.end as usize,
                block.close.start.max(block.open.end) as usize,
            );
            if inner.touches(offset) && block.is_closed() {
                out.push(inner);
            }
        }
        out.push(stmt.span);
    }
    out.push(Span::new(0, file.text.len()));
    out.dedup();
    // Each range must contain the previous one.
    let mut nested: Vec<Span> = Vec::new();
    for span in out {
        if nested
            .last()
            .is_none_or(|last| span.start <= last.start && span.end >= last.end)
        {
            nested.push(span);
        }
    }
    nested
}

/// Whether a statement is a definition (for outline-like consumers).
pub fn is_definition(stmt: &Stmt) -> bool {
    stmt.kind.def().is_some() || matches!(stmt.kind, StmtKind::Promise { .. })
}

/// A link from an `import` path to the file it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLink {
    /// The path inside the quotes.
    pub span: Span,
    pub target: PathBuf,
}

/// A link for each import that resolves to an existing file inside the
/// project root (the imports the checker reads; one leading outside it is
/// reported there, not linked).
pub fn document_links(world: &World<'_>, file: &FileAnalysis) -> Vec<DocLink> {
    file.index
        .imports
        .iter()
        .filter_map(|(import, span)| {
            let target = world.resolve_import(&file.path, import)?;
            world.fs.exists(&target).then(|| DocLink {
                span: inside_quotes(&file.text, *span),
                target,
            })
        })
        .collect()
}

/// A string's span without its quotes (an unclosed string keeps its end).
fn inside_quotes(text: &str, span: Span) -> Span {
    let literal = &text[span.range()];
    let start = span.start as usize + usize::from(literal.starts_with('"'));
    let end = span.end as usize - usize::from(literal.len() > 1 && literal.ends_with('"'));
    Span::new(start, end.max(start))
}

/// An occurrence of the symbol under the cursor in its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Highlight {
    pub span: Span,
    /// The definition itself (a write), not a use of it (a read).
    pub definition: bool,
}

/// Every place in `file` that names what the name at `offset` names: its
/// definition when it is in this file, and each reference that resolves to
/// it (a built-in channel: each use of it).
pub fn document_highlights(
    world: &World<'_>,
    file: &Arc<FileAnalysis>,
    offset: usize,
) -> Vec<Highlight> {
    let offset = clamp(&file.text, offset);
    let scope = world.scope(file);
    let same = |target: &Target, other: &Target| match (target, other) {
        (Target::Def(a), Target::Def(b)) => {
            a.file.path == b.file.path && a.def.id_span == b.def.id_span
        }
        (Target::Builtin(a), Target::Builtin(b)) => a == b,
        _ => false,
    };
    let Some(target) = target_at(world, file, offset) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Target::Def(located) = &target {
        if located.file.path == file.path {
            out.push(Highlight {
                span: located.def.id_span,
                definition: true,
            });
        }
    }
    for reference in &file.index.refs {
        let resolved = world.resolve(file, &scope, reference);
        if resolved.is_some_and(|r| same(&target, &r)) {
            out.push(Highlight {
                span: reference.span,
                definition: false,
            });
        }
    }
    out.sort();
    out.dedup();
    out
}
