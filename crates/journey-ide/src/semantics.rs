//! Names as the checker resolved them. Navigation (definition, references,
//! rename, highlights, import links) reads the checker's [`Analysis`] of the
//! document's version — the same one its diagnostics come from — so the
//! editor follows exactly the imports `journey check` reads and resolves every
//! name the way it does.

use std::path::{Path, PathBuf};

use journey_check::model::Definition;
use journey_check::{Analysis, DefId, DefKind, FileId, ImportStatus, Target};
use journey_syntax::Span;

use crate::FileSpan;

/// What a name in the analysed file stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbol {
    Def(DefId),
    /// A built-in channel (no declaration replaces it).
    Builtin(&'static str),
}

impl From<Target> for Symbol {
    fn from(target: Target) -> Symbol {
        match target {
            Target::Definition(def) => Symbol::Def(def),
            Target::BuiltinChannel(channel) => Symbol::Builtin(channel.id),
        }
    }
}

/// The name holding `offset` in the analysed file — a definition's id or a
/// reference — with what it stands for (`None`: a reference to nothing,
/// `unknown-reference`).
pub fn name_at(analysis: &Analysis, offset: usize) -> Option<(Span, Option<Symbol>)> {
    let model = &analysis.model;
    if let Some(def) = model.definition_at(FileId::ROOT, offset) {
        return Some((model.def(def).id_span, Some(Symbol::Def(def))));
    }
    let reference = model.reference(model.reference_at(FileId::ROOT, offset)?);
    Some((reference.span, reference.target.map(Symbol::from)))
}

/// What the name at `offset` stands for.
pub fn symbol_at(analysis: &Analysis, offset: usize) -> Option<Symbol> {
    name_at(analysis, offset)?.1
}

/// The file a definition is in, by the path the analysis reached it.
pub fn path_of(analysis: &Analysis, def: DefId) -> &Path {
    &analysis.file(analysis.model.def(def).file).path
}

/// A definition's id, where it is written.
pub fn place(analysis: &Analysis, def: DefId) -> FileSpan {
    FileSpan {
        path: path_of(analysis, def).to_path_buf(),
        span: analysis.model.def(def).id_span,
    }
}

/// A definition as another analysis knows it: the same file (by identity,
/// whatever route reached it), kind and id span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefKey {
    file: PathBuf,
    kind: DefKind,
    id_span: Span,
}

impl DefKey {
    pub fn of(analysis: &Analysis, def: DefId) -> DefKey {
        let definition = analysis.model.def(def);
        DefKey {
            file: analysis.file(definition.file).key.clone(),
            kind: definition.kind,
            id_span: definition.id_span,
        }
    }

    /// The same definition in `analysis`, if that analysis reads its file.
    pub fn find(&self, analysis: &Analysis) -> Option<DefId> {
        let file = analysis.files.iter().position(|f| f.key == self.file)?;
        let file = FileId(file as u32);
        let matches =
            |d: &Definition| d.file == file && d.kind == self.kind && d.id_span == self.id_span;
        let index = analysis.model.definitions.iter().position(matches)?;
        Some(DefId(index as u32))
    }
}

/// Every reference to `def` in `analysis` (in any file it reads), as places.
pub fn references_to(analysis: &Analysis, def: DefId) -> impl Iterator<Item = FileSpan> + '_ {
    analysis.model.references_to(def).into_iter().map(move |r| {
        let reference = analysis.model.reference(r);
        FileSpan {
            path: analysis.file(reference.file).path.clone(),
            span: reference.span,
        }
    })
}

/// The file an import of the analysed file leads to, when the checker read
/// it (inside the project root, a regular file of bounded size).
pub fn import_at(analysis: &Analysis, offset: usize) -> Option<Option<PathBuf>> {
    let import = analysis
        .imports
        .iter()
        .find(|import| import.span.touches(offset))?;
    Some((import.status == ImportStatus::Found).then(|| import.path.clone()))
}
