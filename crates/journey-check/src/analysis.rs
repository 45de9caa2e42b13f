//! The analysis of one file: its imports resolved, the model built from it
//! and the files it imports, and every rule run over that model. What the
//! checker, the editor's navigation, `compile`, `render` and `diff` share.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use journey_syntax::{Diagnostic, Parse, Severity, Span};

use crate::model::{FileId, Model};
use crate::workspace::{ConfigFile, Loaded, Workspace};
use crate::{build, config, rules, today};

/// One file of an [`Analysis`].
#[derive(Clone, Debug)]
pub struct AnalysedFile {
    pub path: PathBuf,
    /// The file's identity: its canonical path (the same file reached by
    /// two routes is one file).
    pub key: PathBuf,
    pub text: Arc<str>,
    /// The syntax tree and syntax errors (`None` when the file is not
    /// UTF-8). In a check run, a large file's stages have empty blocks
    /// here: their statements went into the model ([`crate::bodies`]).
    pub syntax: Option<Arc<Parse>>,
}

/// An `import` of the analysed file.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The path as written (escapes resolved).
    pub text: String,
    /// The path string, quotes included.
    pub span: Span,
    /// The importing file's directory joined with the text, normalised.
    pub path: PathBuf,
    /// The imported file in [`Analysis::files`], when it was read.
    pub file: Option<FileId>,
    pub status: ImportStatus,
    /// When the imported file leads back to the analysed file
    /// (`import-cycle`): the chain of paths, from the analysed file through
    /// this import back to it.
    pub cycle: Option<Vec<PathBuf>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportStatus {
    /// Read and followed (a file that is not UTF-8 counts: it reports its own
    /// `invalid-utf8` and contributes no definitions).
    Found,
    /// Could not be read (`import-not-found`), with the reason.
    NotFound(String),
    /// Resolves outside the project root; not read.
    OutsideRoot {
        /// The root, as shown.
        root: PathBuf,
        /// The path as written stays inside the root, but a symbolic link
        /// on the way leads out.
        through_link: bool,
    },
}

/// The result of analysing one file: its imports, its resolved model and
/// its diagnostics. The model is built at once; the rules run the first time
/// the diagnostics are asked for, so that an editor request that needs only
/// names (completion, hover) does not wait for them.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// `files[0]` is the analysed file ([`FileId::ROOT`]); then the files it
    /// imports, directly or transitively, in namespace order (depth-first, in
    /// import order).
    pub files: Vec<AnalysedFile>,
    /// The analysed file's imports, in source order.
    pub imports: Vec<Import>,
    pub model: Model,
    /// The syntax errors, the rules' findings and the configuration that
    /// applies to them: made on first use.
    findings: OnceLock<Findings>,
    /// The analysed file's `journey.toml`, if any.
    config: Option<Arc<ConfigFile>>,
    /// The analysed file's `invalid-utf8` diagnostic, if it is not UTF-8.
    decode_error: Option<Diagnostic>,
    /// What the rules found in the statements of a hollowed file's stages
    /// before the build consumed them ([`crate::bodies`]): the rules that
    /// read statements rather than the model see only the rest.
    found_in_bodies: Vec<Diagnostic>,
    /// The identity ([`crate::paths::Resolver::identity`]) of every file
    /// the analysis read or tried to read, in no particular order: its
    /// result depends on these files (and the `journey.toml` that applies)
    /// and no others.
    pub reads: Vec<PathBuf>,
    /// Today (days since 1970-01-01) for the freshness checks.
    pub today: i64,
    /// `[freshness] max-age` of the file's `journey.toml`, in days.
    pub max_age_days: i64,
}

/// What the rules found: the analysed file's own diagnostics, configured by
/// its `journey.toml` and sorted; and those that lie in an imported file (a
/// clash between two imported files), not yet configured.
#[derive(Clone, Debug, Default)]
pub(crate) struct Findings {
    pub(crate) own: Vec<Diagnostic>,
    pub(crate) elsewhere: Vec<(FileId, Diagnostic)>,
}

impl Analysis {
    /// The analysed file's own diagnostics (syntax and semantic), configured
    /// by its `journey.toml` and sorted. The rules run on the first call.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.findings().own
    }

    pub(crate) fn findings(&self) -> &Findings {
        self.findings.get_or_init(|| diagnose(self))
    }

    /// The findings, moved out (a streaming run needs nothing else from
    /// them; 200 000 diagnostics are not worth a copy).
    pub(crate) fn take_findings(&mut self) -> Findings {
        self.findings();
        self.findings.take().unwrap_or_default()
    }

    pub fn file(&self, id: FileId) -> &AnalysedFile {
        &self.files[id.index()]
    }

    /// The path to put on a label in `to` of a diagnostic reported in
    /// `from`: `None` when both are the same file.
    pub fn label_file(&self, from: FileId, to: FileId) -> Option<PathBuf> {
        (from != to).then(|| self.files[to.index()].path.clone())
    }

    /// Whether the analysed file defines a journey.
    pub fn defines_journey(&self) -> bool {
        self.files[0].syntax.as_ref().is_some_and(|s| {
            s.file
                .items
                .iter()
                .any(|i| matches!(i.kind, journey_syntax::ast::StmtKind::Journey(_)))
        })
    }

    /// Whether any of the analysed file's diagnostics is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics()
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

pub(crate) fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
    diagnostics.dedup();
}

pub(crate) fn unreadable_analysis(workspace: &Workspace<'_>, key: &Path) -> Analysis {
    let path = workspace
        .get(key)
        .map_or_else(|| key.to_path_buf(), |f| f.path.clone());
    Analysis {
        files: vec![AnalysedFile {
            path,
            key: key.to_path_buf(),
            text: Arc::from(""),
            syntax: None,
        }],
        imports: Vec::new(),
        model: Model::default(),
        findings: OnceLock::from(Findings::default()),
        config: None,
        decode_error: None,
        found_in_bodies: Vec::new(),
        reads: vec![key.to_path_buf()],
        today: today::today(),
        max_age_days: config::DEFAULT_MAX_AGE_DAYS,
    }
}

/// Analyses one loaded file: namespace from its imports, model, checks.
pub(crate) fn analyse(workspace: &Workspace<'_>, root: &Arc<Loaded>) -> Analysis {
    // Namespace order: imported files depth-first in import order (post
    // order), then the file itself.
    let mut order: Vec<Arc<Loaded>> = Vec::new();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    visited.insert(root.key.clone());
    post_order(workspace, root, &mut visited, &mut order);

    let mut files = vec![analysed_file(root)];
    let mut ids: BTreeMap<PathBuf, FileId> = BTreeMap::new();
    ids.insert(root.key.clone(), FileId::ROOT);
    for file in &order {
        ids.insert(file.key.clone(), FileId(files.len() as u32));
        files.push(analysed_file(file));
    }

    let mut imports = Vec::new();
    for raw in &root.imports {
        let (status, file, cycle) = match &raw.outside_root {
            Some(outside) => (
                ImportStatus::OutsideRoot {
                    root: outside.root.clone(),
                    through_link: outside.through_link,
                },
                None,
                None,
            ),
            None => match workspace.get(&raw.key) {
                Some(target) => match &target.read_error {
                    Some(reason) => (ImportStatus::NotFound(reason.clone()), None, None),
                    None => (
                        ImportStatus::Found,
                        ids.get(&raw.key).copied(),
                        leads_back(workspace, &target, root),
                    ),
                },
                None => (
                    ImportStatus::NotFound("no such file or directory".to_string()),
                    None,
                    None,
                ),
            },
        };
        imports.push(Import {
            text: raw.text.clone(),
            span: raw.span,
            path: raw.path.clone(),
            file,
            status,
            cycle,
        });
    }

    let mut bodies = root.take_stage_bodies();
    let found_in_bodies = bodies
        .as_ref()
        .map(|bodies| rules::found_in_statements(bodies.stmts(), &root.text))
        .unwrap_or_default();
    let model = match &root.parse {
        Some(parse) => {
            let inputs: Vec<build::Input<'_>> = order
                .iter()
                .chain(std::iter::once(root))
                .filter_map(|f| {
                    Some(build::Input {
                        file: ids[&f.key],
                        syntax: &f.parse.as_ref()?.file,
                        text: &f.text,
                    })
                })
                .collect();
            let root_input = build::Input {
                file: FileId::ROOT,
                syntax: &parse.file,
                text: &root.text,
            };
            build::build(&inputs, &root_input, bodies.as_mut())
        }
        None => Model::default(),
    };

    let config = root.config.clone();
    Analysis {
        files,
        imports,
        model,
        findings: OnceLock::new(),
        max_age_days: config
            .as_ref()
            .map_or(config::DEFAULT_MAX_AGE_DAYS, |c| c.config.max_age_days()),
        config,
        decode_error: root.decode_error.clone(),
        found_in_bodies,
        reads: visited.into_iter().collect(),
        today: today::today(),
    }
}

/// Runs the rules over an analysis: its syntax errors and findings, the
/// analysed file's configured by its `journey.toml`.
fn diagnose(analysis: &Analysis) -> Findings {
    let root = analysis.file(FileId::ROOT);
    let mut sink = rules::Sink::default();
    if let Some(parse) = &root.syntax {
        for error in &parse.errors {
            sink.push(FileId::ROOT, error.clone());
        }
        for found in &analysis.found_in_bodies {
            sink.push(FileId::ROOT, found.clone());
        }
        rules::run(analysis, &mut sink);
    }
    if let Some(error) = &analysis.decode_error {
        sink.push(FileId::ROOT, error.clone());
    }
    let (own, elsewhere) = sink.into_parts();
    let own = match &analysis.config {
        // In place: a large file has thousands of findings.
        Some(c) => own.into_iter().filter_map(|d| c.config.apply(d)).collect(),
        None => own,
    };
    let mut findings = Findings { own, elsewhere };
    sort_diagnostics(&mut findings.own);
    findings
}

pub(crate) fn analysed_file(file: &Loaded) -> AnalysedFile {
    AnalysedFile {
        path: file.path.clone(),
        key: file.key.clone(),
        text: Arc::clone(&file.text),
        syntax: file.parse.clone(),
    }
}

pub(crate) fn post_order(
    workspace: &Workspace<'_>,
    file: &Loaded,
    visited: &mut HashSet<PathBuf>,
    order: &mut Vec<Arc<Loaded>>,
) {
    for import in workspace.followed_imports(file) {
        if !visited.insert(import.key.clone()) {
            continue;
        }
        let Some(target) = workspace.get(&import.key) else {
            continue;
        };
        if target.read_error.is_some() {
            continue;
        }
        post_order(workspace, &target, visited, order);
        order.push(target);
    }
}

/// The chain of imports from `from` back to `root`, if there is one
/// (breadth-first: the shortest), as shown paths starting and ending at
/// `root`.
pub(crate) fn leads_back(
    workspace: &Workspace<'_>,
    from: &Arc<Loaded>,
    root: &Loaded,
) -> Option<Vec<PathBuf>> {
    let mut parent: std::collections::HashMap<PathBuf, Option<PathBuf>> =
        std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::new();
    parent.insert(from.key.clone(), None);
    queue.push_back(Arc::clone(from));
    while let Some(file) = queue.pop_front() {
        if file.key == root.key {
            let mut chain = Vec::new();
            let mut at = Some(file.key.clone());
            while let Some(key) = at {
                let shown = workspace
                    .get(&key)
                    .map_or_else(|| key.clone(), |f| f.path.clone());
                chain.push(shown);
                at = parent.get(&key).cloned().flatten();
            }
            chain.push(root.path.clone());
            chain.reverse();
            return Some(chain);
        }
        for import in workspace.followed_imports(&file) {
            if parent.contains_key(&import.key) {
                continue;
            }
            if let Some(next) = workspace.get(&import.key) {
                if next.read_error.is_none() {
                    parent.insert(import.key.clone(), Some(file.key.clone()));
                    queue.push_back(next);
                }
            }
        }
    }
    None
}
