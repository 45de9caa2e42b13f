//! Navigation: definitions, references, rename, symbols, folding and
//! selection ranges.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use journey_syntax::ast::{Stmt, StmtKind};
use journey_syntax::Span;

use journey_check::{Analysis, DefId, DefKind, FileId, ImportStatus};

use crate::parsed::ParsedFile;
use crate::semantics::{self, DefKey, Symbol};
use crate::{clamp, is_valid_id, word_at, FileEdits, FileSpan, TextEdit};

/// Where the name at `offset` is defined; on an import, the imported file.
pub fn goto_definition(analysis: &Analysis, offset: usize) -> Vec<FileSpan> {
    let offset = clamp(root_text(analysis), offset);
    if let Some(import) = semantics::import_at(analysis, offset) {
        return import
            .map(|path| FileSpan {
                path,
                span: Span::default(),
            })
            .into_iter()
            .collect();
    }
    match semantics::symbol_at(analysis, offset) {
        Some(Symbol::Def(def)) => vec![semantics::place(analysis, def)],
        _ => Vec::new(),
    }
}

/// The analysed file's text.
fn root_text(analysis: &Analysis) -> &str {
    &analysis.file(FileId::ROOT).text
}

/// Every place that names the thing at `offset`: in the analysed file and
/// the files it imports, and in `others` (the analyses of the open
/// documents, which may import the file that defines it).
pub fn references(
    analysis: &Analysis,
    offset: usize,
    others: &[Arc<Analysis>],
    include_declaration: bool,
) -> Vec<FileSpan> {
    let offset = clamp(root_text(analysis), offset);
    let Some(Symbol::Def(target)) = semantics::symbol_at(analysis, offset) else {
        return Vec::new();
    };
    let key = DefKey::of(analysis, target);
    let mut out = Vec::new();
    if include_declaration {
        out.push(semantics::place(analysis, target));
    }
    out.extend(semantics::references_to(analysis, target));
    for other in others {
        if let Some(def) = key.find(other) {
            out.extend(semantics::references_to(other, def));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The span of the name that would be renamed at `offset`.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Option<Span> {
    let offset = clamp(root_text(analysis), offset);
    match semantics::name_at(analysis, offset)? {
        (span, Some(Symbol::Def(_))) => Some(span),
        _ => None,
    }
}

/// Renames the thing at `offset` everywhere it is named.
pub fn rename(
    analysis: &Analysis,
    offset: usize,
    new_name: &str,
    others: &[Arc<Analysis>],
) -> Result<Vec<FileEdits>, String> {
    if !is_valid_id(new_name) {
        return Err(format!(
            "`{new_name}` is not a valid identifier: start with a letter or `_`, then letters, digits, `_` or `-`"
        ));
    }
    let offset = clamp(root_text(analysis), offset);
    match semantics::symbol_at(analysis, offset) {
        Some(Symbol::Def(_)) => {}
        Some(Symbol::Builtin(id)) => {
            return Err(format!(
                "`{id}` is a built-in channel and cannot be renamed"
            ))
        }
        None => return Err("there is nothing to rename here".to_string()),
    }
    let mut by_file: BTreeMap<PathBuf, Vec<TextEdit>> = BTreeMap::new();
    for location in references(analysis, offset, others, true) {
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
    pub kind: DefKind,
    pub span: Span,
    pub selection: Span,
    pub children: Vec<DocSymbol>,
}

/// The outline of the analysed file: top-level definitions, journeys →
/// stages → touchpoints (with their KPIs, desired actions and promises), in
/// source order. A definition without an id (a header being typed) is left
/// out; what it holds goes to the nearest named definition around it.
pub fn document_symbols(analysis: &Analysis) -> Vec<DocSymbol> {
    let model = &analysis.model;
    let mut own: Vec<DefId> = (0..model.definitions.len())
        .map(|i| DefId(i as u32))
        .filter(|&id| named_in(analysis, id, FileId::ROOT))
        .collect();
    own.sort_by_key(|&id| model.def(id).span.start);
    let mut children: HashMap<Option<DefId>, Vec<DefId>> = HashMap::new();
    for &id in &own {
        children
            .entry(named_parent(analysis, id))
            .or_default()
            .push(id);
    }
    fn build(
        analysis: &Analysis,
        id: DefId,
        children: &HashMap<Option<DefId>, Vec<DefId>>,
    ) -> DocSymbol {
        let def = analysis.model.def(id);
        DocSymbol {
            name: def.id.to_string(),
            detail: def.label.as_ref().map(|l| l.to_string()),
            kind: def.kind,
            span: def.span,
            selection: def.id_span,
            children: children
                .get(&Some(id))
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|&c| build(analysis, c, children))
                .collect(),
        }
    }
    children
        .get(&None)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|&id| build(analysis, id, &children))
        .collect()
}

/// Whether a definition has an id and stands in `file`.
fn named_in(analysis: &Analysis, id: DefId, file: FileId) -> bool {
    let def = analysis.model.def(id);
    def.file == file && !def.id.is_empty()
}

/// The nearest enclosing definition that has an id.
fn named_parent(analysis: &Analysis, id: DefId) -> Option<DefId> {
    let model = &analysis.model;
    let mut parent = model.def(id).parent;
    while let Some(p) = parent {
        if !model.def(p).id.is_empty() {
            return Some(p);
        }
        parent = model.def(p).parent;
    }
    None
}

#[derive(Clone, Debug, PartialEq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: DefKind,
    pub location: FileSpan,
    pub container: Option<String>,
}

/// Definitions whose name contains `query` (case-insensitively) in the
/// files of the given analyses (each file once, however many analyses read
/// it), by path.
pub fn workspace_symbols(analyses: &[Arc<Analysis>], query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    let mut seen: HashSet<(PathBuf, Span)> = HashSet::new();
    let mut out = Vec::new();
    for analysis in analyses {
        let model = &analysis.model;
        for (i, def) in model.definitions.iter().enumerate() {
            if def.id.is_empty() || !def.id.to_lowercase().contains(&query) {
                continue;
            }
            let file = analysis.file(def.file);
            if !seen.insert((file.key.clone(), def.id_span)) {
                continue;
            }
            out.push(WorkspaceSymbol {
                name: def.id.to_string(),
                kind: def.kind,
                location: FileSpan {
                    path: file.path.clone(),
                    span: def.id_span,
                },
                container: named_parent(analysis, DefId(i as u32))
                    .map(|p| model.def(p).id.to_string()),
            });
        }
    }
    out.sort_by(|a, b| {
        (&a.location.path, a.location.span).cmp(&(&b.location.path, b.location.span))
    });
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    pub comment: bool,
}

/// Foldable regions: every block, and runs of comments.
pub fn folding_ranges(file: &ParsedFile) -> Vec<Fold> {
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
pub fn selection_ranges(file: &ParsedFile, offset: usize) -> Vec<Span> {
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

/// A link for each import the checker read (an existing file inside the
/// project root; one leading outside it is reported there, not linked).
pub fn document_links(analysis: &Analysis) -> Vec<DocLink> {
    let text = root_text(analysis);
    analysis
        .imports
        .iter()
        .filter(|import| import.status == ImportStatus::Found)
        .map(|import| DocLink {
            span: inside_quotes(text, import.span),
            target: import.path.clone(),
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

/// Every place in the analysed file that names what the name at `offset`
/// names: its definition when it is in this file, and each reference that
/// resolves to it (a built-in channel: each use of it).
pub fn document_highlights(analysis: &Analysis, offset: usize) -> Vec<Highlight> {
    let offset = clamp(root_text(analysis), offset);
    let Some(target) = semantics::symbol_at(analysis, offset) else {
        return Vec::new();
    };
    let model = &analysis.model;
    let mut out = Vec::new();
    if let Symbol::Def(def) = target {
        if model.def(def).file == FileId::ROOT {
            out.push(Highlight {
                span: model.def(def).id_span,
                definition: true,
            });
        }
    }
    for reference in &model.references {
        if reference.file == FileId::ROOT && reference.target.map(Symbol::from) == Some(target) {
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
