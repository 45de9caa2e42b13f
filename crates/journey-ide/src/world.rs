//! Files as the IDE sees them: read through the checker's [`FileSystem`]
//! (so open, unsaved buffers win over the disk), parsed and indexed once per
//! distinct text, with imports resolved.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use journey_check::paths::Resolver;
use journey_check::FileSystem;

use crate::builtins;
use crate::index::{Definition, FileAnalysis, Reference, SymbolKind};

/// Analyses by path, reused while a file's text is unchanged.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    files: Mutex<HashMap<PathBuf, Arc<FileAnalysis>>>,
}

impl AnalysisCache {
    /// Stores an analysis (the language server does this for open buffers)
    /// and returns the one it replaces, for the caller to drop where the
    /// cost of freeing a large tree does not matter.
    pub fn insert(&self, analysis: Arc<FileAnalysis>) -> Option<Arc<FileAnalysis>> {
        let mut files = self.files.lock().ok()?;
        match files.get(&analysis.path) {
            Some(cached) if Arc::ptr_eq(cached, &analysis) => None,
            _ => files.insert(analysis.path.clone(), analysis),
        }
    }

    pub fn remove(&self, path: &Path) {
        if let Ok(mut files) = self.files.lock() {
            files.remove(path);
        }
    }
}

/// A view of every file through one file system.
pub struct World<'a> {
    pub fs: &'a dyn FileSystem,
    pub cache: &'a AnalysisCache,
    /// The checker's import resolution: the editor follows exactly the
    /// imports the checker reads, and none outside the project root.
    resolver: Resolver<'a>,
}

impl std::fmt::Debug for World<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("World").finish_non_exhaustive()
    }
}

/// A definition together with the file it is in.
#[derive(Clone, Debug)]
pub struct Located {
    pub file: Arc<FileAnalysis>,
    pub def: Definition,
}

/// What a reference resolves to.
#[derive(Clone, Debug)]
pub enum Target {
    Def(Located),
    /// A built-in channel or KPI.
    Builtin(&'static str),
}

impl<'a> World<'a> {
    pub fn new(fs: &'a dyn FileSystem, cache: &'a AnalysisCache) -> World<'a> {
        World {
            fs,
            cache,
            resolver: Resolver::new(fs),
        }
    }

    /// The analysis of a file, or `None` when it cannot be read or decoded.
    pub fn file(&self, path: &Path) -> Option<Arc<FileAnalysis>> {
        let path = normalize(path);
        let bytes = self.fs.read(&path).ok()?;
        let text = std::str::from_utf8(&bytes).ok()?;
        let mut files = self.cache.files.lock().ok()?;
        if let Some(cached) = files.get(&path) {
            if &*cached.text == text {
                return Some(cached.clone());
            }
        }
        let analysis = Arc::new(FileAnalysis::new(path.clone(), Arc::from(text)));
        files.insert(path, analysis.clone());
        Some(analysis)
    }

    /// The file and every file it imports, imported files first (depth-first,
    /// in import order), then the file itself; each once.
    pub fn scope(&self, file: &Arc<FileAnalysis>) -> Vec<Arc<FileAnalysis>> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        self.collect(file.clone(), &mut seen, &mut out);
        out
    }

    fn collect(
        &self,
        file: Arc<FileAnalysis>,
        seen: &mut HashSet<PathBuf>,
        out: &mut Vec<Arc<FileAnalysis>>,
    ) {
        // By identity: through a link to `.`, every route is a new path,
        // and a scope keyed by path would never end.
        if !seen.insert(self.resolver.identity(&file.path)) {
            return;
        }
        for (import, _) in &file.index.imports {
            let Some(path) = self.resolve_import(&file.path, import) else {
                continue;
            };
            if let Some(imported) = self.file(&path) {
                self.collect(imported, seen, out);
            }
        }
        out.push(file);
    }

    /// Whether `file` imports `path`, directly or through other files. By
    /// the imports as written, so that a file that does not exist (yet, or
    /// any more) counts too: creating or deleting it changes `file`'s
    /// diagnostics.
    pub fn depends_on(&self, file: &Arc<FileAnalysis>, path: &Path) -> bool {
        !file.index.imports.is_empty()
            && self.scope(file).iter().any(|f| {
                f.index.imports.iter().any(|(import, _)| {
                    self.resolve_import(&f.path, import)
                        .is_some_and(|resolved| normalize(&resolved) == path)
                })
            })
    }

    /// The global definitions of a kind visible from a file (first wins).
    pub fn globals(&self, scope: &[Arc<FileAnalysis>], kind: SymbolKind) -> Vec<Located> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for file in scope {
            for def in file.index.defs.iter().filter(|d| d.kind == kind) {
                if seen.insert(def.name.clone()) {
                    out.push(Located {
                        file: file.clone(),
                        def: def.clone(),
                    });
                }
            }
        }
        out
    }

    /// The file an import of `importer` names (relative to the importer's
    /// directory), or `None` when it leads outside the project root: the
    /// checker refuses to read it, and so does the editor.
    pub fn resolve_import(&self, importer: &Path, import: &str) -> Option<PathBuf> {
        let key = self.resolver.identity(importer);
        let resolved = self.resolver.resolve_import(importer, &key, import);
        resolved.outside_root.is_none().then_some(resolved.path)
    }

    /// Resolves a reference made in `file`.
    pub fn resolve(
        &self,
        file: &Arc<FileAnalysis>,
        scope: &[Arc<FileAnalysis>],
        reference: &Reference,
    ) -> Option<Target> {
        if reference.kind.is_global() {
            for f in scope {
                if let Some(def) = f
                    .index
                    .defs
                    .iter()
                    .find(|d| d.kind == reference.kind && d.name == reference.name)
                {
                    return Some(Target::Def(Located {
                        file: f.clone(),
                        def: def.clone(),
                    }));
                }
            }
            if reference.kind == SymbolKind::Channel {
                return builtins::channel(&reference.name).map(|c| Target::Builtin(c.id));
            }
            return None;
        }
        let journey = reference.journey?;
        file.index
            .journey_defs(journey, reference.kind)
            .find(|d| d.name == reference.name)
            .map(|def| {
                Target::Def(Located {
                    file: file.clone(),
                    def: def.clone(),
                })
            })
    }
}

/// Removes `.` and resolves `..` lexically: the checker's normalisation,
/// so that a path means the same file to the editor and to the checker.
pub use journey_check::paths::normalize;
