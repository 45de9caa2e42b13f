//! Checking files: one file with what it imports (the language server), or
//! many in parallel, streamed in batches so that memory stays flat (the
//! command line); each distinct file read gets one report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};
use journey_syntax::{Diagnostic, Severity};
use rayon::prelude::*;

use crate::analysis::{analyse, sort_diagnostics, unreadable_analysis, Analysis};
use crate::fs::FileSystem;
use crate::paths;
use crate::workspace::{self, Loaded, Workspace};

/// The diagnostics of one file, with the text they point into.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// As given, found under a given directory, or (for imports) the
    /// importing file's directory joined with the import's text, normalised.
    /// `journey.toml` files appear when they have diagnostics.
    pub path: PathBuf,
    /// The file's text (lossily decoded when it is not UTF-8, so that a
    /// renderer can still show the first bad byte's line).
    pub text: Arc<str>,
    /// Sorted by start position, with the severities of `journey.toml`
    /// applied (allowed codes removed).
    pub diagnostics: Vec<Diagnostic>,
    /// The other files that labels of these diagnostics point into (an
    /// imported file holding a first definition), with their text, so that
    /// a renderer can place those labels without the rest of the run.
    pub label_files: Vec<(PathBuf, Arc<str>)>,
    /// More diagnostics of a file already reported earlier in a streaming
    /// run ([`check_files_streaming`]): only the ones not reported then.
    pub continued: bool,
    /// The report as a streaming run's [`Render`] rendered it, ahead of
    /// its turn; `None` when it is to be rendered in its turn.
    pub prepared: Option<Vec<u8>>,
}

impl FileReport {
    /// Whether any diagnostic is an error (the file is invalid).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A checked file that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub path: PathBuf,
    pub reason: String,
}

/// The result of checking a set of files.
#[derive(Clone, Debug, Default)]
pub struct CheckResult {
    /// One report per distinct file read, sorted by path.
    pub files: Vec<FileReport>,
    /// Checked files that could not be read (the CLI verifies readability
    /// first, so this only fills in a race or through another caller).
    pub unreadable: Vec<Unreadable>,
}

impl CheckResult {
    pub fn has_errors(&self) -> bool {
        self.files.iter().any(FileReport::has_errors) || !self.unreadable.is_empty()
    }
}

/// What the language server gets for one file.
#[derive(Clone, Debug)]
pub struct FileCheck {
    /// The file's analysis: model and own diagnostics.
    pub analysis: Analysis,
    /// Reports of the file, of every file it imports (each with its own
    /// path), and of a `journey.toml` with problems; sorted by path.
    pub reports: Vec<FileReport>,
}

/// Checks one file and the files it imports, reading everything through
/// `fs` (so unsaved buffers are used). `path` should be absolute for the
/// language server.
pub fn check_file(fs: &dyn FileSystem, path: &Path) -> FileCheck {
    let workspace = Workspace::new(fs);
    let keys = workspace.load_closure(path);
    let root_key = keys[0].clone();
    let mut analyses = analyse_readable(&workspace, &keys);
    let found = analyses
        .iter_mut()
        .map(|(key, analysis)| found_in(&workspace, key, analysis, false))
        .collect();
    let reports = reports_of(&workspace, found)
        .into_iter()
        .map(|(_, report, _)| report)
        .collect();
    let analysis = analyses
        .into_iter()
        .find(|(key, _)| *key == root_key)
        .map(|(_, analysis)| analysis)
        .unwrap_or_else(|| unreadable_analysis(&workspace, &root_key));
    FileCheck { analysis, reports }
}

/// The analysis of one file alone: like [`check_file`], but the files it
/// imports are only read and resolved, not checked themselves (what the
/// language server needs per keystroke).
pub fn analyse_file(fs: &dyn FileSystem, path: &Path) -> Analysis {
    let workspace = Workspace::new(fs);
    let keys = workspace.load_closure(path);
    let root_key = &keys[0];
    match workspace.get(root_key) {
        Some(file) if file.read_error.is_none() => analyse(&workspace, &file),
        _ => unreadable_analysis(&workspace, root_key),
    }
}

/// Checks the given files (in parallel) and every file they import, and
/// returns every report at once (sorted by path). See
/// [`check_files_streaming`] for runs over many files.
pub fn check_files(fs: &dyn FileSystem, paths: &[PathBuf]) -> CheckResult {
    let mut files = Vec::new();
    let unreadable = check_files_streaming(fs, paths, None, &mut |report| files.push(report));
    CheckResult { files, unreadable }
}

/// Renders a report of a streaming run ahead of its turn, on rayon's
/// threads, into [`FileReport::prepared`] (`None`: it is rendered in its
/// turn). The run renders a batch's reports beside the next batch's
/// analyses, so that the thread that writes them has only bytes to write.
pub type Render<'r> = &'r (dyn Fn(&FileReport) -> Option<Vec<u8>> + Sync);

/// Checked files per batch of [`check_files_streaming`]: enough to keep
/// both cores busy, few enough that a batch's texts and trees stay small.
pub const BATCH: usize = 256;

/// Checks the given files and every file they import, handing each file's
/// report to `each` as soon as its place in the output is known, then
/// returns the checked files that could not be read.
///
/// The checked files are sorted by path and checked in batches of
/// [`BATCH`], in parallel within a batch; a batch's files (texts, trees,
/// models) are dropped before the next batch is read, so memory depends on
/// the batch, not on the number of files. Reports come sorted by path, each
/// file once. An imported file is analysed in the first batch that reaches
/// it; a later batch reads it again (to resolve the names it defines) but
/// reports only what is new about it: a clash between two imported files
/// that only a later file's imports reveal. If that file was already
/// reported, those diagnostics come at the very end, in a report marked
/// [`FileReport::continued`].
pub fn check_files_streaming(
    fs: &dyn FileSystem,
    paths: &[PathBuf],
    render: Option<Render<'_>>,
    each: &mut dyn FnMut(FileReport),
) -> Vec<Unreadable> {
    check_in_batches(fs, paths, BATCH, render, each)
}

/// Where a stream of sorted files hands out a file, given its identity
/// ([`paths::Resolver::identity`]): the path it comes (or came) under, or
/// `None` when the stream never hands it out.
pub type StreamOrder<'o> = &'o (dyn Fn(&Path) -> Option<PathBuf> + Sync);

/// [`check_files_streaming`] for files that come sorted by path (a lazy
/// directory walk): nothing is collected up front. Two names of one file
/// (through a link) are one file: the first keeps its name. Files out of
/// order are still checked once each, but their reports may come out of
/// order.
///
/// `order`: given when the stream names each file once (no links, no
/// overlapping arguments) and tells where it puts a file. The run then
/// keeps nothing of a file that no other file imports once its batch is
/// handed out (see [`Memory`]); without it, a 64-bit hash of every file
/// and of every diagnostic handed out.
pub fn check_sorted_streaming(
    fs: &dyn FileSystem,
    paths: &mut (dyn Iterator<Item = PathBuf> + Send),
    order: Option<StreamOrder<'_>>,
    render: Option<Render<'_>>,
    each: &mut dyn FnMut(FileReport),
) -> Vec<Unreadable> {
    check_sorted_in_batches(fs, paths, order, BATCH, render, each)
}

/// What a streaming run remembers of the files and diagnostics it has
/// handed out, so that none is handed out twice.
#[derive(Clone, Copy)]
enum Memory<'o> {
    /// Every file (a hash of its identity: it may come again, through a
    /// link or another argument) and every diagnostic handed out.
    Everything,
    /// Only what can come again when the stream names each file once: a
    /// file that another file imports (a later batch reads it again, and
    /// its analysis reports what lies in it), and that file's diagnostics.
    /// A file no other file imports is analysed once, with its own batch,
    /// and its findings are handed out once with its report. Should a
    /// later batch import it after all, `order` tells that it was handed
    /// out already: it is analysed again only to know which of its
    /// findings were handed out with it (see [`Analysed::repeated`]).
    Imported(StreamOrder<'o>),
}

fn check_in_batches(
    fs: &dyn FileSystem,
    paths: &[PathBuf],
    batch_size: usize,
    render: Option<Render<'_>>,
    each: &mut dyn FnMut(FileReport),
) -> Vec<Unreadable> {
    let keys = KeyHasher::default();
    let order = checked_order(fs, paths);
    let mut source = Source::Listed(order.into_iter());
    let memory = Memory::Everything;
    run_batches(fs, &mut source, memory, batch_size, &keys, render, each)
}

fn check_sorted_in_batches(
    fs: &dyn FileSystem,
    paths: &mut (dyn Iterator<Item = PathBuf> + Send),
    order: Option<StreamOrder<'_>>,
    batch_size: usize,
    render: Option<Render<'_>>,
    each: &mut dyn FnMut(FileReport),
) -> Vec<Unreadable> {
    let keys = KeyHasher::default();
    let memory = order.map_or(Memory::Everything, Memory::Imported);
    let mut source = Source::Sorted {
        paths,
        resolver: paths::Resolver::new(fs),
        // A stream that names each file once needs no record of them.
        given: order.is_none().then(HashSet::new),
    };
    run_batches(fs, &mut source, memory, batch_size, &keys, render, each)
}

fn run_batches(
    fs: &dyn FileSystem,
    source: &mut Source<'_, '_>,
    memory: Memory<'_>,
    batch_size: usize,
    keys: &KeyHasher,
    render: Option<Render<'_>>,
    each: &mut dyn FnMut(FileReport),
) -> Vec<Unreadable> {
    let step = batch_size.max(1);
    // One thread drives the batches: each step reads and analyses batch
    // N + 1, walks to batch N + 2, and orders and renders the reports of
    // batch N, all as rayon's work, so that both cores have a share of each
    // (rendering handed to rayon from another thread only ran once a batch
    // was analysed, and stalled the next one). This thread writes what is
    // ready, in order. At most two batches are read or analysed at once,
    // and the reports of at most three wait to be written (one being
    // written, one in the channel, one being sent).
    let (unreadable, late) = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<FileReport>>(1);
        let driver = scope.spawn(move || {
            let mut stream = Stream::new(keys);
            let mut unreadable = Vec::new();
            // Files analysed by an earlier batch (hashes of keys) that a
            // later one may reach again: not analysed again.
            let mut analysed: HashSet<u64> = HashSet::new();
            let mut batch = source.next_batch(step, keys);
            let mut previous: Option<Analysed<'_>> = None;
            while !batch.is_empty() || previous.is_some() {
                let ((done, next), out) = rayon::join(
                    || {
                        if batch.is_empty() {
                            return (None, Vec::new());
                        }
                        // The walk to the next batch (directory listings,
                        // serial) runs beside this batch's files.
                        let (done, next) = rayon::join(
                            || analyse_batch(fs, &batch, keys, &mut analysed, memory),
                            || source.next_batch(step, keys),
                        );
                        (Some(done), next)
                    },
                    || match previous.take() {
                        Some(done) => {
                            let out = stream.hand_out(done, memory, &mut unreadable);
                            rendered(out, render)
                        }
                        None => Vec::new(),
                    },
                );
                if !out.is_empty() && sender.send(out).is_err() {
                    break;
                }
                previous = done.map(|mut done| {
                    // The next batch's first file is known before this
                    // batch's reports are handed out: those before it are
                    // final.
                    done.next = next.first().map(|(path, _)| path.clone());
                    done
                });
                batch = next;
            }
            let mut late = Vec::new();
            stream.finish(&mut |report| late.push(report));
            (unreadable, late)
        });
        for reports in receiver {
            reports.into_iter().for_each(&mut *each);
        }
        driver
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    late.into_iter().for_each(each);
    let mut unreadable = unreadable;
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    unreadable.dedup();
    unreadable
}

/// Renders reports ahead of their turn on every core, into
/// [`FileReport::prepared`]. A lone report (a run of one large file) is
/// rendered in its turn, straight to the output: in memory, its rendering
/// would add to the run's peak.
fn rendered(mut reports: Vec<FileReport>, render: Option<Render<'_>>) -> Vec<FileReport> {
    if let Some(render) = render.filter(|_| reports.len() > 1) {
        reports
            .par_iter_mut()
            .for_each(|report| report.prepared = render(report));
    }
    reports
}

/// Where the checked files of a streaming run come from, as (path,
/// identity), each file once, sorted by path.
enum Source<'p, 'f> {
    /// Found all at once by [`checked_order`].
    Listed(std::vec::IntoIter<(PathBuf, PathBuf)>),
    /// Given sorted, identified batch by batch: what is kept of a file
    /// handed out is the hash of its identity (`given`), unless the paths
    /// name each file once (`None`).
    Sorted {
        paths: &'p mut (dyn Iterator<Item = PathBuf> + Send),
        resolver: paths::Resolver<'f>,
        given: Option<HashSet<u64>>,
    },
}

impl Source<'_, '_> {
    /// The next `size` distinct files (fewer at the end). A batch counts
    /// distinct files, so that both sources cut the same batches.
    fn next_batch(&mut self, size: usize, hasher: &KeyHasher) -> Vec<(PathBuf, PathBuf)> {
        match self {
            Source::Listed(order) => order.take(size).collect(),
            Source::Sorted {
                paths,
                resolver,
                given,
            } => {
                let mut batch = Vec::with_capacity(size);
                while batch.len() < size {
                    let more: Vec<PathBuf> = paths.take(size - batch.len()).collect();
                    if more.is_empty() {
                        break;
                    }
                    let resolver = &*resolver;
                    let keys: Vec<PathBuf> =
                        more.par_iter().map(|p| resolver.identity(p)).collect();
                    batch.extend(more.into_iter().zip(keys).filter(|(_, key)| {
                        given
                            .as_mut()
                            .is_none_or(|given| given.insert(hasher.hash(key)))
                    }));
                }
                batch
            }
        }
    }
}

/// The checked files as (path, identity), one per file (two names of one
/// file, through a link, are one file: the first in the given order keeps
/// its name), sorted by path. Each identity is found once per run, on
/// every core.
fn checked_order(fs: &dyn FileSystem, paths: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
    let resolver = paths::Resolver::new(fs);
    let keys: Vec<PathBuf> = paths.par_iter().map(|p| resolver.identity(p)).collect();
    let mut given: HashSet<&PathBuf> = HashSet::with_capacity(paths.len());
    let mut order: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(paths.len());
    for (path, key) in paths.iter().zip(&keys) {
        if given.insert(key) {
            order.push((path.clone(), key.clone()));
        }
    }
    order.sort_by(|a, b| a.0.cmp(&b.0));
    order
}

/// One batch of a streaming run, read and analysed.
struct Analysed<'a> {
    workspace: Workspace<'a>,
    /// What each analysis found, in the order of the files analysed.
    found: Vec<Found>,
    /// Hashes of the diagnostics handed out with the `repeated` files'
    /// reports in an earlier batch ([`KeyHasher::printed`]).
    printed_again: Vec<u64>,
    unreadable: Vec<Unreadable>,
    /// The first checked file of the next batch (none after the last).
    next: Option<PathBuf>,
    /// Files that an analysis of this batch reads besides their own: a
    /// later batch may read them again ([`Memory::Imported`]).
    imported: HashSet<PathBuf>,
    /// Files analysed here that an earlier batch handed out already, not
    /// remembered then because nothing imported them: their own findings
    /// were handed out with them, only what an importer finds in them is
    /// new ([`Memory::Imported`]).
    repeated: HashSet<PathBuf>,
}

/// Reads a batch of checked files and what they import, and analyses every
/// file not in `analysed`, in parallel; `analysed` then gains those that a
/// later batch may reach again (all of them, or the imported ones).
fn analyse_batch<'a>(
    fs: &'a dyn FileSystem,
    batch: &[(PathBuf, PathBuf)],
    hasher: &KeyHasher,
    analysed: &mut HashSet<u64>,
    memory: Memory<'_>,
) -> Analysed<'a> {
    let workspace = Workspace::for_check_run(fs);
    // A checked file keeps the path it was given, even when another file
    // of the batch imports it first.
    let given: HashMap<&Path, &Path> = batch
        .iter()
        .map(|(path, key)| (key.as_path(), path.as_path()))
        .collect();
    let earlier = &*analysed;
    workspace.expect(batch.iter().map(|(_, key)| key));
    // One task per checked file reads it and what it imports, then
    // analyses each of those files that no other task has taken: no
    // barrier between reading and analysing, where a core would wait for
    // the batch's slowest file twice more. Each analysis is gathered into
    // its findings and freed on the thread that made it.
    let tasks: Vec<Task> = batch
        .par_iter()
        .map(|(path, key)| {
            let file = workspace.load_as(path, key.clone());
            // Each key with its hash, made here in parallel once for the
            // whole batch.
            let closure: Vec<(PathBuf, u64)> = workspace
                .closure_within(Arc::clone(&file), &given)
                .into_iter()
                .map(|key| {
                    let hash = hasher.hash(&key);
                    (key, hash)
                })
                .collect();
            let gathered = closure
                .iter()
                .enumerate()
                .filter(|(_, (_, hash))| !earlier.contains(hash))
                .filter_map(|(i, (key, hash))| {
                    // The task's own file (first in its closure) is at
                    // hand; only an import is looked up.
                    let reached = if i == 0 {
                        Some(Arc::clone(&file))
                    } else {
                        workspace.get(key)
                    };
                    let file = reached.filter(|file| file.claim())?;
                    let mut analysis =
                        analyse(&workspace, file.read_error.is_none().then_some(&file)?);
                    // Only an imported file can have been handed out by
                    // an earlier batch (see `repeated` below).
                    let printed = if given.contains_key(key.as_path()) {
                        Vec::new()
                    } else {
                        let own = analysis.diagnostics().iter();
                        own.map(|d| hasher.printed(*hash, d)).collect()
                    };
                    let found = found_in(&workspace, key, &mut analysis, true);
                    drop(analysis);
                    if file.hollowed {
                        // A large file's model (a few times the file) goes
                        // back before its report is rendered.
                        crate::memory::collect_everywhere();
                    }
                    Some(Gathered { found, printed })
                })
                .collect();
            (file, closure, gathered)
        })
        .collect();
    // A file that follows no import closes over itself alone.
    let no_imports = tasks
        .iter()
        .all(|(file, _, _)| workspace.followed_imports(file).next().is_none());
    if no_imports {
        return gathered_alone(workspace, tasks, analysed, memory);
    }
    let unreadable = unreadable_in(&tasks);
    // The files reached, each once, in the order one pass over the
    // batch's closures meets them; borrowed from the closures.
    let mut seen: HashSet<&Path> = HashSet::with_capacity(tasks.len());
    let reached: Vec<(&Path, u64)> = tasks
        .iter()
        .flat_map(|(_, closure, _)| closure)
        .filter(|(key, _)| seen.insert(key))
        .map(|(key, hash)| (key.as_path(), *hash))
        .collect();
    let imported = imported_in(&workspace, &tasks);
    let keys: Vec<(&Path, u64)> = reached
        .into_iter()
        .filter(|(_, hash)| !analysed.contains(hash))
        .collect();
    let repeated = match memory {
        Memory::Everything => HashSet::new(),
        Memory::Imported(order) => handed_out_before(batch, &imported, &keys, order),
    };
    // Each analysis's findings, by the key of its file (each file is
    // analysed by one task), taken in the order the files were reached, as
    // one pass over them would have found them (equal diagnostics keep
    // that order).
    let mut by_key: HashMap<&Path, usize> = HashMap::with_capacity(tasks.len());
    for (i, g) in tasks.iter().flat_map(|(_, _, found)| found).enumerate() {
        by_key.insert(g.found.key.as_path(), i);
    }
    let order: Vec<usize> = keys
        .iter()
        .filter_map(|(key, _)| by_key.get(key).copied())
        .collect();
    let remembered: Vec<u64> = keys
        .iter()
        .filter(|(key, _)| match memory {
            Memory::Everything => true,
            Memory::Imported(_) => imported.contains(*key),
        })
        .map(|(_, hash)| *hash)
        .collect();
    let mut slots: Vec<Option<Gathered>> = tasks
        .into_iter()
        .flat_map(|(_, _, found)| found.into_iter().map(Some))
        .collect();
    let mut printed_again = Vec::new();
    let found = order
        .into_iter()
        .filter_map(|i| slots[i].take())
        .map(|Gathered { found, printed }| {
            if repeated.contains(&found.key) {
                printed_again.extend(printed);
            }
            found
        })
        .collect();
    analysed.extend(remembered);
    Analysed {
        workspace,
        found,
        printed_again,
        unreadable,
        next: None,
        imported,
        repeated,
    }
}

/// The end of [`analyse_batch`] for a batch in which no file imports
/// another (the common case): each file was reached by its own task alone,
/// none is imported, so the findings come in the tasks' order and nothing
/// needs a look-up by path. The general end took a twentieth of a
/// directory run's time on one core while the other waited.
fn gathered_alone<'a>(
    workspace: Workspace<'a>,
    tasks: Vec<Task>,
    analysed: &mut HashSet<u64>,
    memory: Memory<'_>,
) -> Analysed<'a> {
    let unreadable = unreadable_in(&tasks);
    let mut found = Vec::with_capacity(tasks.len());
    for (_, closure, gathered) in tasks {
        // A later batch can only reach a file again through an import:
        // remembered when the stream may name it again.
        if matches!(memory, Memory::Everything) {
            analysed.extend(closure.first().map(|(_, hash)| *hash));
        }
        found.extend(gathered.into_iter().map(|gathered| gathered.found));
    }
    Analysed {
        workspace,
        found,
        printed_again: Vec::new(),
        unreadable,
        next: None,
        imported: HashSet::new(),
        repeated: HashSet::new(),
    }
}

/// The checked files of a batch that could not be read, in batch order.
fn unreadable_in(tasks: &[Task]) -> Vec<Unreadable> {
    tasks
        .iter()
        .filter_map(|(file, _, _)| {
            let reason = file.read_error.as_ref()?;
            Some(Unreadable {
                path: file.path.clone(),
                reason: reason.clone(),
            })
        })
        .collect()
}

/// What the analysis of one file of a batch left: its findings, and the
/// hashes of its own diagnostics when it is an imported file (needed when
/// an earlier batch handed it out, see [`Analysed::repeated`]).
struct Gathered {
    found: Found,
    printed: Vec<u64>,
}

/// The files that the analysis of another file reads: every file imported
/// by a file reached (an analysis reads its whole closure, and a cycle of
/// imports makes even a checked file imported).
fn imported_in(workspace: &Workspace<'_>, tasks: &[Task]) -> HashSet<PathBuf> {
    let mut imported = HashSet::new();
    let mut add = |file: &Loaded| {
        for import in workspace.followed_imports(file) {
            if !imported.contains(&import.key) {
                imported.insert(import.key.clone());
            }
        }
    };
    // A task's own file is at hand; the files it imports (each looked up
    // once) are the rest of its closure.
    let mut looked_up: HashSet<&Path> = HashSet::new();
    for (file, closure, _) in tasks {
        add(file);
        for (key, _) in closure.iter().skip(1) {
            if looked_up.insert(key) {
                if let Some(file) = workspace.get(key) {
                    add(&file);
                }
            }
        }
    }
    imported
}

/// One task of [`analyse_batch`]: a checked file, the files its analysis
/// reads (itself first, each with its hash), and what the task analysed.
type Task = (Arc<Loaded>, Vec<(PathBuf, u64)>, Vec<Gathered>);

/// Of the files analysed in this batch (`keys`), the imported ones that
/// the stream handed out before this batch (they sort before its first
/// file): not remembered then, they are analysed again.
fn handed_out_before(
    batch: &[(PathBuf, PathBuf)],
    imported: &HashSet<PathBuf>,
    keys: &[(&Path, u64)],
    order: StreamOrder<'_>,
) -> HashSet<PathBuf> {
    let Some((first, _)) = batch.first() else {
        return HashSet::new();
    };
    let checked: HashSet<&Path> = batch.iter().map(|(_, key)| key.as_path()).collect();
    keys.iter()
        .map(|(key, _)| *key)
        .filter(|key| imported.contains(*key) && !checked.contains(key))
        .filter(|key| order(key).is_some_and(|path| path < *first))
        .map(Path::to_path_buf)
        .collect()
}

/// Hashes of file identities, keyed afresh for each run: what a streaming
/// run remembers of a file it may meet again (see [`Memory`]) is a number,
/// not a path, so that its memory hardly grows with the number of files (a collision of
/// two 64-bit keyed hashes among a million files has odds of about 10⁻⁸).
#[derive(Default)]
struct KeyHasher(std::collections::hash_map::RandomState);

impl KeyHasher {
    fn hash(&self, key: &Path) -> u64 {
        use std::hash::BuildHasher;
        self.0.hash_one(key)
    }

    /// One diagnostic of a file (by the hash of its key) handed out.
    fn printed(&self, key: u64, diagnostic: &Diagnostic) -> u64 {
        use std::hash::BuildHasher;
        self.0.hash_one((key, fingerprint(diagnostic)))
    }
}

/// What a streaming run knows of a report's file when the report comes.
enum Seen {
    /// A journey file analysed in this batch: its first report.
    Fresh,
    /// A journey file analysed by an earlier batch (this report holds
    /// what another file's analysis found in it).
    Earlier,
    /// A `journey.toml`, reported again by every batch that reads it.
    Config,
}

/// The reports of a streaming run between their batch and their turn.
struct Stream<'k> {
    keys: &'k KeyHasher,
    /// Reports whose turn has not come (by shown path, with their keys),
    /// and their keys.
    ready: Ready,
    ready_keys: HashMap<PathBuf, PathBuf>,
    /// The `journey.toml` files already handed out (by hash of key). A
    /// journey file needs no such entry: see [`Seen`].
    configs: HashSet<u64>,
    /// The diagnostics handed out that may come again (those of a file a
    /// later batch may read again, see [`Memory`]), each a hash of its
    /// file's key hash and its fingerprint: about 9 bytes per diagnostic.
    printed: HashSet<u64>,
    /// Diagnostics found for files already handed out.
    late: BTreeMap<PathBuf, FileReport>,
}

impl<'k> Stream<'k> {
    fn new(keys: &'k KeyHasher) -> Stream<'k> {
        Stream {
            keys,
            ready: Ready::default(),
            ready_keys: HashMap::new(),
            configs: HashSet::new(),
            printed: HashSet::new(),
            late: BTreeMap::new(),
        }
    }

    /// Takes in an analysed batch: its reports wait for their turn, and
    /// those whose turn has come are returned, in order.
    fn hand_out(
        &mut self,
        mut batch: Analysed<'_>,
        memory: Memory<'_>,
        unreadable: &mut Vec<Unreadable>,
    ) -> Vec<FileReport> {
        unreadable.append(&mut batch.unreadable);
        let fresh: HashSet<PathBuf> = batch.found.iter().map(|f| f.key.clone()).collect();
        // Files handed out by an earlier batch that this one analysed
        // again: their own findings went out with their report.
        self.printed.extend(batch.printed_again.drain(..));
        let reports = reports_of(&batch.workspace, std::mem::take(&mut batch.found));
        // The trees are freed on rayon's threads, without waiting for
        // them (the analyses were freed where they were made).
        batch.workspace.drop_files_on_rayon();
        for (key, report, config) in reports {
            let seen = if config {
                Seen::Config
            } else if fresh.contains(&key) && !batch.repeated.contains(&key) {
                Seen::Fresh
            } else {
                Seen::Earlier
            };
            let remember = match memory {
                Memory::Everything => true,
                Memory::Imported(_) => config || batch.imported.contains(&key),
            };
            self.add(key, report, seen, remember);
        }
        let mut out = Vec::new();
        self.flush(batch.next.as_deref(), &mut |report| out.push(report));
        out
    }

    /// `remember`: whether the report's diagnostics may come again.
    fn add(&mut self, key: PathBuf, mut report: FileReport, seen: Seen, remember: bool) {
        let hash = self.keys.hash(&key);
        let handed_out = match seen {
            Seen::Fresh => false,
            // Every file analysed gets a report in its batch: either it
            // still waits for its turn, or it was handed out.
            Seen::Earlier => !self.ready_keys.contains_key(&key),
            Seen::Config => self.configs.contains(&hash),
        };
        if handed_out {
            let (keys, printed) = (self.keys, &mut self.printed);
            report
                .diagnostics
                .retain(|d| printed.insert(keys.printed(hash, d)));
            if !report.diagnostics.is_empty() {
                merge_into(&mut self.late, report);
            }
        } else if let Some(shown) = self.ready_keys.get(&key) {
            let pending = self.ready.get_mut(shown).expect("ready keys match ready");
            pending.remember |= remember;
            merge(&mut pending.report, report);
        } else {
            self.ready_keys.insert(key.clone(), report.path.clone());
            let config = matches!(seen, Seen::Config);
            let pending = Pending {
                key,
                report,
                config,
                remember,
            };
            self.ready.insert(pending);
        }
    }

    /// Hands out every report whose path sorts before `next` (all when
    /// `None`): no later batch can produce a file that comes before it.
    fn flush(&mut self, next: Option<&Path>, each: &mut dyn FnMut(FileReport)) {
        for pending in self.ready.take_before(next) {
            self.ready_keys.remove(&pending.key);
            let hash = self.keys.hash(&pending.key);
            if pending.config {
                self.configs.insert(hash);
            }
            if pending.remember {
                for diagnostic in &pending.report.diagnostics {
                    self.printed.insert(self.keys.printed(hash, diagnostic));
                }
            }
            each(pending.report);
        }
    }

    fn finish(&mut self, each: &mut dyn FnMut(FileReport)) {
        self.flush(None, each);
        for (_, mut report) in std::mem::take(&mut self.late) {
            report.continued = true;
            each(report);
        }
    }
}

/// Reports waiting for their turn, sorted by shown path, each path once.
/// They nearly always come in order: adding one then takes one path
/// comparison, not a search.
#[derive(Default)]
struct Ready(Vec<Pending>);

impl Ready {
    /// Where the report of `path` is (`Ok`) or would go (`Err`).
    fn position(&self, path: &Path) -> Result<usize, usize> {
        match self.0.last() {
            None => Err(0),
            Some(last) if last.report.path.as_path() < path => Err(self.0.len()),
            Some(_) => self
                .0
                .binary_search_by(|pending| pending.report.path.as_path().cmp(path)),
        }
    }

    fn get_mut(&mut self, path: &Path) -> Option<&mut Pending> {
        let i = self.position(path).ok()?;
        Some(&mut self.0[i])
    }

    /// Adds a report, or replaces the one of the same path.
    fn insert(&mut self, pending: Pending) {
        match self.position(&pending.report.path) {
            Ok(i) => self.0[i] = pending,
            Err(i) => self.0.insert(i, pending),
        }
    }

    /// Takes out the reports whose path sorts before `next` (all when
    /// `None`), in order.
    fn take_before(&mut self, next: Option<&Path>) -> Vec<Pending> {
        let end = next.map_or(self.0.len(), |next| {
            self.0
                .partition_point(|pending| pending.report.path.as_path() < next)
        });
        let later = self.0.split_off(end);
        std::mem::replace(&mut self.0, later)
    }
}

/// A report waiting for its turn.
struct Pending {
    key: PathBuf,
    report: FileReport,
    /// A `journey.toml`'s.
    config: bool,
    /// Its diagnostics may come again: remembered when handed out.
    remember: bool,
}

/// Adds `report`'s diagnostics to the report of the same file in `reports`.
fn merge_into(reports: &mut BTreeMap<PathBuf, FileReport>, report: FileReport) {
    match reports.get_mut(&report.path) {
        Some(existing) => merge(existing, report),
        None => {
            reports.insert(report.path.clone(), report);
        }
    }
}

fn merge(existing: &mut FileReport, report: FileReport) {
    existing.diagnostics.extend(report.diagnostics);
    sort_diagnostics(&mut existing.diagnostics);
    for file in report.label_files {
        if !existing.label_files.iter().any(|(p, _)| *p == file.0) {
            existing.label_files.push(file);
        }
    }
}

/// Identifies a diagnostic across batches (what [`sort_diagnostics`]
/// treats as the same diagnostic).
fn fingerprint(diagnostic: &Diagnostic) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    diagnostic.code.hash(&mut hasher);
    diagnostic.severity.as_str().hash(&mut hasher);
    (diagnostic.span.start, diagnostic.span.end).hash(&mut hasher);
    diagnostic.message.hash(&mut hasher);
    diagnostic.help.hash(&mut hasher);
    for label in &diagnostic.labels {
        (label.span.start, label.span.end).hash(&mut hasher);
        label.message.hash(&mut hasher);
        label.file.hash(&mut hasher);
    }
    hasher.finish()
}

/// The analysis of every loaded file that could be read (in parallel), by key.
fn analyse_readable(workspace: &Workspace<'_>, keys: &[PathBuf]) -> Vec<(PathBuf, Analysis)> {
    keys.par_iter()
        .filter_map(|key| {
            let file = workspace.get(key)?;
            let analysis = analyse(workspace, file.read_error.is_none().then_some(&file)?);
            // The rules run here, in parallel, not when the reports are
            // collected.
            analysis.diagnostics();
            Some((key.clone(), analysis))
        })
        .collect()
}

/// What the analysis of one file found: its own diagnostics, and those in
/// files it imports (a clash between two of them), configured for those
/// files, with their keys.
struct Found {
    key: PathBuf,
    own: Vec<Diagnostic>,
    elsewhere: Vec<(PathBuf, Diagnostic)>,
}

/// The findings of `analysis` (of the file `key`). `take`: move them out
/// (a streaming run needs nothing else from the analysis; 200 000
/// diagnostics are not worth a copy).
fn found_in(workspace: &Workspace<'_>, key: &Path, analysis: &mut Analysis, take: bool) -> Found {
    let taken;
    let (own, elsewhere) = if take {
        taken = analysis.take_findings();
        (taken.own, &taken.elsewhere)
    } else {
        let found = analysis.findings();
        (found.own.clone(), &found.elsewhere)
    };
    let elsewhere = elsewhere
        .iter()
        .filter_map(|(file, diagnostic)| {
            let other = analysis.file(*file).key.clone();
            let loaded = workspace.get(&other)?;
            let configured = loaded
                .config
                .as_ref()
                .map_or(Some(diagnostic.clone()), |c| {
                    c.config.apply(diagnostic.clone())
                });
            configured.map(|d| (other, d))
        })
        .collect();
    Found {
        key: key.to_path_buf(),
        own,
        elsewhere,
    }
}

/// Groups the findings of all analyses by file, sorts them, and adds the
/// reports of `journey.toml` files with problems; each report with its
/// file's identity (key) and whether it is a `journey.toml`'s.
fn reports_of(workspace: &Workspace<'_>, found: Vec<Found>) -> Vec<(PathBuf, FileReport, bool)> {
    // By key, in the order first found (the reports are sorted by path
    // below: a hash per file here, not a search of path comparisons).
    let mut by_file: Vec<(PathBuf, Vec<Diagnostic>)> = Vec::new();
    let mut index: HashMap<PathBuf, usize> = HashMap::new();
    for Found {
        key,
        own,
        elsewhere,
    } in found
    {
        diagnostics_of(&mut by_file, &mut index, key).extend(own);
        for (other, diagnostic) in elsewhere {
            diagnostics_of(&mut by_file, &mut index, other).push(diagnostic);
        }
    }
    let mut reports = Vec::new();
    let mut configs: BTreeMap<PathBuf, Arc<workspace::ConfigFile>> = BTreeMap::new();
    for (key, mut diagnostics) in by_file {
        let Some(loaded) = workspace.get(&key) else {
            continue;
        };
        if let Some(config) = &loaded.config {
            if !config.diagnostics.is_empty() {
                configs.insert(config.path.clone(), Arc::clone(config));
            }
        }
        sort_diagnostics(&mut diagnostics);
        let label_files = label_files(workspace, &diagnostics);
        let report = FileReport {
            path: loaded.path.clone(),
            text: Arc::clone(&loaded.text),
            diagnostics,
            label_files,
            continued: false,
            prepared: None,
        };
        reports.push((key, report, false));
    }
    for (path, config) in configs {
        let mut diagnostics = config.diagnostics.clone();
        sort_diagnostics(&mut diagnostics);
        let key = workspace.resolver.identity(&path);
        let report = FileReport {
            path,
            text: Arc::clone(&config.text),
            diagnostics,
            label_files: Vec::new(),
            continued: false,
            prepared: None,
        };
        reports.push((key, report, true));
    }
    reports.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    reports
}

/// The diagnostics of the file `key` in `by_file`, added when missing.
fn diagnostics_of<'v>(
    by_file: &'v mut Vec<(PathBuf, Vec<Diagnostic>)>,
    index: &mut HashMap<PathBuf, usize>,
    key: PathBuf,
) -> &'v mut Vec<Diagnostic> {
    let i = *index.entry(key).or_insert_with_key(|key| {
        by_file.push((key.clone(), Vec::new()));
        by_file.len() - 1
    });
    &mut by_file[i].1
}

/// The texts of the other files that `diagnostics` have labels in.
fn label_files(workspace: &Workspace<'_>, diagnostics: &[Diagnostic]) -> Vec<(PathBuf, Arc<str>)> {
    let mut files: Vec<(PathBuf, Arc<str>)> = Vec::new();
    for path in diagnostics
        .iter()
        .flat_map(|d| &d.labels)
        .filter_map(|label| label.file.as_ref())
    {
        if files.iter().any(|(p, _)| p == path) {
            continue;
        }
        if let Some(loaded) = workspace.get(&workspace.resolver.identity(path)) {
            files.push((path.clone(), Arc::clone(&loaded.text)));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryFileSystem;

    const MAP: &str = "journey j \"J\" {\n    goal \"g\"\n    owner x\n    stage s { touchpoint t { channel web } }\n}\n";

    fn project() -> MemoryFileSystem<'static> {
        let mut fs = MemoryFileSystem::new()
            .with("/p/.git/HEAD", "")
            .with("/p/lib.journey", "team x \"X\"\nteam x \"Again\"\n")
            .with("/p/c1.journey", "team y \"Y from c1\"\n")
            .with("/p/c2.journey", "team y \"Y from c2\"\n")
            // Only `z` sees the clash of `c1` and `c2`, and `z` comes last.
            .with(
                "/p/z.journey",
                format!("import \"c1.journey\"\nimport \"c2.journey\"\nteam x \"X\"\n{MAP}"),
            )
            .with(
                "/p/lib2/only_imported.journey",
                "team q \"Q\"\nteam q \"Q\"\n",
            );
        for i in 0..10 {
            fs.insert(
                format!("/p/m{i}.journey"),
                format!("import \"lib.journey\"\nimport \"lib2/only_imported.journey\"\n{MAP}bogus {i}\n"),
            );
        }
        fs
    }

    fn checked() -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = ["z", "c1", "c2", "lib"]
            .iter()
            .map(|n| PathBuf::from(format!("/p/{n}.journey")))
            .collect();
        paths.extend((0..10).map(|i| PathBuf::from(format!("/p/m{i}.journey"))));
        paths
    }

    /// A report as a renderer would show it (what [`Render`] makes).
    fn rendering(report: &FileReport) -> Option<Vec<u8>> {
        let shown = (&report.path, &report.diagnostics, report.label_files.len());
        Some(format!("{shown:?}").into_bytes())
    }

    /// Keeps a handed-out report, after checking that what was rendered
    /// of it ahead of its turn is what it renders to as handed out.
    fn keep(reports: &mut Vec<FileReport>) -> impl FnMut(FileReport) + '_ {
        |report| {
            if let Some(prepared) = &report.prepared {
                assert_eq!(Some(prepared), rendering(&report).as_ref());
            }
            reports.push(report);
        }
    }

    fn run(batch: usize) -> Vec<FileReport> {
        let fs = project();
        let mut reports = Vec::new();
        let render: Option<Render<'_>> = Some(&rendering);
        let unreadable = check_in_batches(&fs, &checked(), batch, render, &mut keep(&mut reports));
        assert!(unreadable.is_empty());
        reports
    }

    #[test]
    fn batches_report_what_one_batch_reports_each_file_once_in_order() {
        let whole = run(1000);
        assert!(whole.iter().all(|r| !r.continued));
        // All handed out at once: each rendered ahead.
        assert!(whole.iter().all(|r| r.prepared.is_some()));
        for batch in [1, 2, 3, 5] {
            let streamed = run(batch);
            // In order, each file once, until the continuations at the end.
            let first: Vec<&FileReport> = streamed.iter().filter(|r| !r.continued).collect();
            let paths: Vec<&Path> = first.iter().map(|r| r.path.as_path()).collect();
            let expected: Vec<&Path> = whole.iter().map(|r| r.path.as_path()).collect();
            assert_eq!(paths, expected, "batch {batch}");
            // The same diagnostics per file, continuations included.
            for report in &whole {
                let mut got: Vec<Diagnostic> = streamed
                    .iter()
                    .filter(|r| r.path == report.path)
                    .flat_map(|r| r.diagnostics.clone())
                    .collect();
                sort_diagnostics(&mut got);
                assert_eq!(
                    got,
                    report.diagnostics,
                    "batch {batch}: {}",
                    report.path.display()
                );
            }
        }
        let c2 = whole
            .iter()
            .find(|r| r.path == Path::new("/p/c2.journey"))
            .unwrap();
        assert_eq!(c2.diagnostics.len(), 1);
        assert_eq!(
            c2.label_files.len(),
            1,
            "the first definition's file comes along"
        );
        let streamed = run(2);
        let late = streamed.last().unwrap();
        assert!(late.continued);
        assert_eq!(late.path, Path::new("/p/c2.journey"));
    }

    /// What a report shows of itself, to compare two runs.
    fn shown(reports: &[FileReport]) -> Vec<(PathBuf, bool, Vec<Diagnostic>)> {
        reports
            .iter()
            .map(|r| (r.path.clone(), r.continued, r.diagnostics.clone()))
            .collect()
    }

    #[test]
    fn sorted_paths_stream_like_the_listed_ones_each_file_once() {
        let fs = project();
        let mut sorted = checked();
        sorted.sort();
        // Found twice (two arguments naming one file, a link): once.
        let mut repeated = sorted.clone();
        repeated.insert(3, sorted[3].clone());
        repeated.push(sorted[sorted.len() - 1].clone());
        for batch in [1, 2, 3, 5, 1000] {
            let mut listed = Vec::new();
            check_in_batches(&fs, &checked(), batch, None, &mut |r| listed.push(r));
            let mut streamed = Vec::new();
            let mut paths = repeated.clone().into_iter();
            let render: Option<Render<'_>> = Some(&rendering);
            let unreadable = check_sorted_in_batches(
                &fs,
                &mut paths,
                None,
                batch,
                render,
                &mut keep(&mut streamed),
            );
            assert!(unreadable.is_empty());
            assert_eq!(shown(&streamed), shown(&listed), "batch {batch}");
        }
    }

    /// A stream that names each file once, with where it puts each file:
    /// the run keeps only imported files, yet hands out every file and
    /// every diagnostic once. `lib` (checked in an early batch, imported by
    /// later ones) and `c1`/`c2` (checked, then imported by `z`) must not
    /// come twice, nor their findings.
    #[test]
    fn a_stream_of_distinct_files_hands_out_each_file_and_diagnostic_once() {
        let fs = project();
        let resolver = paths::Resolver::new(&fs);
        let mut sorted = checked();
        sorted.sort();
        let keyed: Vec<(PathBuf, PathBuf)> = sorted
            .iter()
            .map(|p| (resolver.identity(p), p.clone()))
            .collect();
        let order = |key: &Path| keyed.iter().find(|(k, _)| k == key).map(|(_, p)| p.clone());
        for batch in [1, 2, 3, 5, 1000] {
            let mut listed = Vec::new();
            check_in_batches(&fs, &checked(), batch, None, &mut |r| listed.push(r));
            let mut streamed = Vec::new();
            let mut paths = sorted.clone().into_iter();
            let render: Option<Render<'_>> = Some(&rendering);
            let unreadable = check_sorted_in_batches(
                &fs,
                &mut paths,
                Some(&order),
                batch,
                render,
                &mut keep(&mut streamed),
            );
            assert!(unreadable.is_empty());
            assert_eq!(shown(&streamed), shown(&listed), "batch {batch}");
            let first: Vec<&Path> = streamed
                .iter()
                .filter(|r| !r.continued)
                .map(|r| r.path.as_path())
                .collect();
            let mut once = first.clone();
            once.dedup();
            assert_eq!(first, once, "batch {batch}: a file twice");
        }
    }

    /// A batch in which no file imports another ends without look-ups
    /// ([`gathered_alone`]): its reports, in order, and its unreadable
    /// files are what checking each file on its own gives.
    #[test]
    fn a_batch_without_imports_reports_what_each_file_alone_does() {
        let mut fs = MemoryFileSystem::new().with("/p/.git/HEAD", "");
        let mut paths = Vec::new();
        for i in 0..12 {
            let path = PathBuf::from(format!("/p/f{i:02}.journey"));
            let text = if i % 3 == 0 {
                format!("team t \"T\"\nteam t \"Again {i}\"\n{MAP}")
            } else {
                format!("team t{i} \"T\"\n{MAP}bogus {i}\n")
            };
            fs.insert(path.clone(), text);
            paths.push(path);
        }
        // Named, never written: unreadable.
        paths.push(PathBuf::from("/p/f99.journey"));
        let alone: Vec<(PathBuf, Vec<Diagnostic>)> = paths[..12]
            .iter()
            .map(|path| {
                let report = check_file(&fs, path).reports.remove(0);
                (report.path, report.diagnostics)
            })
            .collect();
        assert!(alone.iter().all(|(_, d)| !d.is_empty()));
        for batch in [1, 3, 1000] {
            let mut reports = Vec::new();
            let unreadable = check_in_batches(&fs, &paths, batch, None, &mut |r| reports.push(r));
            let got: Vec<(PathBuf, Vec<Diagnostic>)> = reports
                .into_iter()
                .map(|r| (r.path, r.diagnostics))
                .collect();
            assert_eq!(got, alone, "batch {batch}");
            let unreadable: Vec<&Path> = unreadable.iter().map(|u| u.path.as_path()).collect();
            assert_eq!(unreadable, [Path::new("/p/f99.journey")], "batch {batch}");
        }
    }

    /// `/p/l.journey` is a link to `/p/b.journey`: one file, two names.
    struct Linked(MemoryFileSystem<'static>);

    impl FileSystem for Linked {
        fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
            self.0.read(path)
        }

        fn exists(&self, path: &Path) -> bool {
            self.0.exists(path)
        }

        fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
            let path = self.0.canonicalize(path)?;
            Ok(if path == Path::new("/p/l.journey") {
                PathBuf::from("/p/b.journey")
            } else {
                path
            })
        }
    }

    /// A checked file keeps the name it was given, even when a file before
    /// it in its batch imports it under another name and is read first
    /// (one thread reads the batch in order).
    #[test]
    fn a_checked_file_imported_under_another_name_keeps_its_own() {
        let fs = Linked(
            MemoryFileSystem::new()
                .with("/p/.git/HEAD", "")
                .with("/p/a.journey", "import \"l.journey\"\nteam a \"A\"\n")
                .with("/p/b.journey", "team b \"B\"\nteam b \"Again\"\n")
                .with("/p/l.journey", ""),
        );
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let reports = one.install(|| {
            let mut reports = Vec::new();
            let mut paths = ["/p/a.journey", "/p/b.journey"]
                .map(PathBuf::from)
                .into_iter();
            check_sorted_in_batches(&fs, &mut paths, None, BATCH, None, &mut |r| reports.push(r));
            reports
        });
        let shown: Vec<&Path> = reports.iter().map(|r| r.path.as_path()).collect();
        assert_eq!(
            shown,
            [Path::new("/p/a.journey"), Path::new("/p/b.journey")]
        );
        assert_eq!(reports[1].diagnostics.len(), 1);
    }

    fn pending(path: &str, diagnostics: usize) -> Pending {
        let diagnostic = Diagnostic::error("test", journey_syntax::Span::new(0, 1), "m");
        Pending {
            key: PathBuf::from(path),
            report: FileReport {
                path: PathBuf::from(path),
                text: Arc::from(""),
                diagnostics: vec![diagnostic; diagnostics],
                label_files: Vec::new(),
                continued: false,
                prepared: None,
            },
            config: false,
            remember: false,
        }
    }

    /// Reports waiting for their turn come out sorted by path (as paths
    /// sort: `a/b` before `a-b`), whatever order they came in, each path
    /// once (the last one added).
    #[test]
    fn ready_reports_come_out_sorted_by_path_each_path_once() {
        let mut ready = Ready::default();
        for (path, n) in [
            ("/a/b", 1),
            ("/a/c", 1),
            ("/a-b", 1),
            ("/a", 1),
            ("/a/c", 2),
            ("/b", 1),
        ] {
            ready.insert(pending(path, n));
        }
        ready.get_mut(Path::new("/a-b")).unwrap().remember = true;
        let taken = |ready: Vec<Pending>| -> Vec<(String, usize, bool)> {
            ready
                .iter()
                .map(|p| {
                    (
                        p.report.path.display().to_string(),
                        p.report.diagnostics.len(),
                        p.remember,
                    )
                })
                .collect()
        };
        let first = ready.take_before(Some(Path::new("/a-b")));
        assert_eq!(
            taken(first),
            [
                ("/a".into(), 1, false),
                ("/a/b".into(), 1, false),
                ("/a/c".into(), 2, false)
            ]
        );
        assert!(ready.get_mut(Path::new("/a/b")).is_none());
        let rest = ready.take_before(None);
        assert_eq!(
            taken(rest),
            [("/a-b".into(), 1, true), ("/b".into(), 1, false)]
        );
        assert!(ready.take_before(None).is_empty());
    }
}
