//! Turns the paths given on the command line into the files to check.
//!
//! A directory is walked lazily ([`Walk`]): depth first, each directory's
//! entries sorted by name, which hands out its files sorted by path (std's
//! `Path` ordering compares component by component) while holding only one
//! directory's listing per level of depth.

use std::ffi::{OsStr, OsString};
use std::fs::DirEntry;
use std::io;
use std::path::{Path, PathBuf};

use crate::files::describe;
use crate::render::shown_path;

/// Directories never searched: they hold tools' files, not journeys.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// Expands files and directories (recursively, `*.journey`) in a stable
/// order. A missing path, or a directory named explicitly that holds no
/// `.journey` file, is an error with a message for the user.
pub(crate) fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for argument in arguments(paths) {
        let input = Input::open(argument)?;
        let before = files.len();
        for path in input.files() {
            files.push(path.map_err(|error| unreadable(argument, &error))?);
        }
        input.ensure_not_empty(files.len() - before)?;
    }
    files.dedup();
    Ok(files)
}

/// The files to check, for a run that streams them.
pub(crate) enum Files {
    /// Sorted by path, found as they are checked: nothing per file is kept.
    Sorted(Sorted),
    /// The arguments' files could interleave (`b a`, `dir dir/x.journey`):
    /// collected, in the order of the arguments, as [`collect`] gives them.
    Listed(Vec<PathBuf>),
}

/// Checks every argument as [`collect`] does (a missing path, an unreadable
/// directory anywhere below one, a directory without journeys: an error
/// before anything is checked), by walking each directory once without
/// keeping its files. When each argument's files all sort after the
/// previous argument's, the files are then handed out by a second, lazy
/// walk ([`Files::Sorted`]); otherwise they are collected.
pub(crate) fn stream(paths: &[PathBuf]) -> Result<Files, String> {
    let mut inputs = Vec::new();
    let mut sorted = true;
    let mut links = false;
    let mut last: Option<PathBuf> = None;
    for argument in arguments(paths) {
        let input = Input::open(argument)?;
        let (count, first, end, linked) = survey(&input)?;
        input.ensure_not_empty(count)?;
        links |= linked;
        // Equal paths are one file (found twice, checked once).
        if let (Some(last), Some(first)) = (&last, &first) {
            sorted &= last <= first;
        }
        if end.is_some() {
            last = end;
        }
        inputs.push(input);
    }
    if sorted {
        let order = (!links).then(|| Order::of(&inputs)).flatten();
        Ok(Files::Sorted(Sorted {
            inputs: inputs.into_iter(),
            current: None,
            error: None,
            order,
        }))
    } else {
        collect(paths).map(Files::Listed)
    }
}

/// The files of every argument in turn, each argument's sorted, and every
/// one after the previous argument's (checked by [`stream`]).
pub(crate) struct Sorted {
    inputs: std::vec::IntoIter<Input>,
    current: Option<(PathBuf, FileIter)>,
    /// A directory that could not be read on the second walk (it changed
    /// after the first one): the walk stops there.
    error: Option<String>,
    /// Where the walk puts each file, when it names each file once.
    order: Option<Order>,
}

impl Sorted {
    /// Why the walk stopped early, if it did.
    pub(crate) fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Where these files put a file, given its identity: only when they
    /// name each file once (no file reached through a link, no two
    /// arguments reaching one file), which lets the checker forget a file
    /// once it is handed out unless another file imports it.
    pub(crate) fn take_order(&mut self) -> Option<Order> {
        self.order.take()
    }
}

/// The arguments of a walk that names each file once, by identity (their
/// canonical paths), to tell where the walk puts a file.
pub(crate) struct Order {
    /// (as given, canonical, a directory) per argument.
    inputs: Vec<(PathBuf, PathBuf, bool)>,
}

impl Order {
    /// `None` when two arguments can reach one file: one lies inside (or
    /// is) another, with every link resolved (`./a a`, `dir link-to-dir`).
    fn of(inputs: &[Input]) -> Option<Order> {
        let mut canonical = Vec::with_capacity(inputs.len());
        for input in inputs {
            let resolved = match &input.inside {
                Some(inside) => inside.clone(),
                None => std::fs::canonicalize(&input.path).ok()?,
            };
            canonical.push((input.path.clone(), resolved, input.inside.is_some()));
        }
        let overlap = canonical.iter().enumerate().any(|(i, (_, a, _))| {
            canonical
                .iter()
                .skip(i + 1)
                .any(|(_, b, _)| a.starts_with(b) || b.starts_with(a))
        });
        (!overlap).then_some(Order { inputs: canonical })
    }

    /// The path the walk hands the file `key` (canonical) out under, or
    /// `None` when the walk never reaches it (outside every argument, in a
    /// hidden or tools' directory, not a journey, not there).
    pub(crate) fn path_of(&self, key: &Path) -> Option<PathBuf> {
        for (given, canonical, dir) in &self.inputs {
            if !dir {
                if key == canonical {
                    return Some(given.clone());
                }
                continue;
            }
            let Ok(inner) = key.strip_prefix(canonical) else {
                continue;
            };
            if !walked(inner) || std::fs::metadata(key).map_or(true, |m| m.is_dir()) {
                return None;
            }
            // As [`Walk`] names it: bare below `.`, joined otherwise.
            return Some(if given == Path::new(".") {
                inner.to_path_buf()
            } else {
                given.join(inner)
            });
        }
        None
    }
}

/// Whether [`Walk`] reaches a path relative to its directory: a journey
/// whose directories are neither hidden nor tools'.
fn walked(inner: &Path) -> bool {
    let mut names = inner.components().map(|c| match c {
        std::path::Component::Normal(name) => Some(name.to_string_lossy()),
        _ => None,
    });
    let Some(Some(file)) = names.next_back() else {
        return false;
    };
    file.ends_with(".journey")
        && names.all(|dir| {
            dir.is_some_and(|dir| !dir.starts_with('.') && !SKIPPED_DIRS.contains(&dir.as_ref()))
        })
}

impl Iterator for Sorted {
    type Item = PathBuf;

    fn next(&mut self) -> Option<PathBuf> {
        loop {
            if self.error.is_some() {
                return None;
            }
            let Some((argument, files)) = &mut self.current else {
                let input = self.inputs.next()?;
                self.current = Some((input.path.clone(), input.files()));
                continue;
            };
            match files.next() {
                Some(Ok(path)) => return Some(path),
                Some(Err(error)) => self.error = Some(unreadable(argument, &error)),
                None => self.current = None,
            }
        }
    }
}

/// The arguments, `.` when there are none.
fn arguments(paths: &[PathBuf]) -> &[PathBuf] {
    if paths.is_empty() {
        std::slice::from_ref(current_dir())
    } else {
        paths
    }
}

fn current_dir() -> &'static PathBuf {
    static DOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DOT.get_or_init(|| PathBuf::from("."))
}

/// An argument's files, as found.
type FileIter = Box<dyn Iterator<Item = io::Result<PathBuf>> + Send>;

/// One command-line argument, checked to exist.
struct Input {
    path: PathBuf,
    /// A directory's canonical form: the walk never reads outside it.
    inside: Option<PathBuf>,
}

impl Input {
    fn open(path: &Path) -> Result<Input, String> {
        let metadata = std::fs::metadata(path).map_err(|error| unreadable(path, &error))?;
        if metadata.is_dir() {
            let inside = std::fs::canonicalize(path).map_err(|error| unreadable(path, &error))?;
            Ok(Input {
                path: path.to_path_buf(),
                inside: Some(inside),
            })
        } else {
            ensure_regular(path, &metadata)?;
            Ok(Input {
                path: path.to_path_buf(),
                inside: None,
            })
        }
    }

    /// The argument's files, in sorted order.
    fn files(&self) -> FileIter {
        match &self.inside {
            Some(inside) => Box::new(Walk::new(&self.path, inside)),
            None => Box::new(std::iter::once(Ok(self.path.clone()))),
        }
    }

    /// A directory named explicitly must hold a journey.
    fn ensure_not_empty(&self, count: usize) -> Result<(), String> {
        if self.inside.is_some() && count == 0 {
            return Err(format!(
                "no `.journey` files in `{}`",
                shown_path(&self.path)
            ));
        }
        Ok(())
    }
}

/// How many files an argument has, its first, its last, and whether one is
/// reached through a symbolic link.
type Survey = (usize, Option<PathBuf>, Option<PathBuf>, bool);

fn survey(input: &Input) -> Result<Survey, String> {
    let tally = match &input.inside {
        Some(inside) => {
            tally(&input.path, inside).map_err(|error| unreadable(&input.path, &error))?
        }
        None => Tally::of_file(input.path.clone(), false),
    };
    let last = tally.last.or_else(|| tally.first.clone());
    Ok((tally.count, tally.first, last, tally.links))
}

/// What [`Walk`] finds under a directory: how many files, its first and
/// last, whether one is reached through a link.
#[derive(Default)]
struct Tally {
    count: usize,
    first: Option<PathBuf>,
    last: Option<PathBuf>,
    links: bool,
}

impl Tally {
    fn of_file(path: PathBuf, link: bool) -> Tally {
        Tally {
            count: 1,
            first: Some(path.clone()),
            last: Some(path),
            links: link,
        }
    }

    /// This tally followed by `later` (in the walk's order).
    fn then(self, later: Tally) -> Tally {
        Tally {
            count: self.count + later.count,
            first: self.first.or(later.first),
            last: later.last.or(self.last),
            links: self.links || later.links,
        }
    }
}

/// [`Walk`]'s findings under `dir` (its first error in the walk's order),
/// with directories and entries taken on rayon's threads: the first walk
/// runs before any file is checked, while the other core would wait.
fn tally(dir: &Path, inside: &Path) -> io::Result<Tally> {
    use rayon::prelude::*;
    let entries = listing(dir)?;
    let parts: Vec<io::Result<Tally>> = entries
        .into_par_iter()
        .map(
            |(name, entry)| match classify(dir, &name, &entry, inside)? {
                Found::Dir(path) => tally(&path, inside),
                Found::Journey { path, link } => Ok(Tally::of_file(path, link)),
                Found::Other => Ok(Tally::default()),
            },
        )
        .collect();
    parts
        .into_iter()
        .try_fold(Tally::default(), |tally, part| Ok(tally.then(part?)))
}

/// What one entry of a directory's listing is to a walk.
enum Found {
    /// A directory to walk into.
    Dir(PathBuf),
    /// A journey to check (`link`: reached through a symbolic link that
    /// stays inside the root).
    Journey { path: PathBuf, link: bool },
    /// Anything else: skipped.
    Other,
}

/// The one rule of both walks: hidden and [`SKIPPED_DIRS`] directories are
/// skipped, `.journey` files are taken unless they link out of `inside`;
/// `.`'s entries are named bare.
fn classify(dir: &Path, name: &OsStr, entry: &DirEntry, inside: &Path) -> io::Result<Found> {
    let name = name.to_string_lossy();
    let path = if dir == Path::new(".") {
        PathBuf::from(name.as_ref())
    } else {
        entry.path()
    };
    let file_type = entry.file_type()?;
    Ok(if file_type.is_dir() {
        if name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref()) {
            Found::Other
        } else {
            Found::Dir(path)
        }
    } else if name.ends_with(".journey") && (!file_type.is_symlink() || links_inside(&path, inside))
    {
        Found::Journey {
            path,
            link: file_type.is_symlink(),
        }
    } else {
        Found::Other
    })
}

/// A directory's entries with their names, sorted by name.
fn listing(dir: &Path) -> io::Result<Vec<(OsString, DirEntry)>> {
    let mut entries: Vec<(OsString, DirEntry)> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| (entry.file_name(), entry)))
        .collect::<Result<_, _>>()?;
    // Names in one directory differ: no order among equals to keep. (A
    // sort keyed by `DirEntry::file_name` makes a name per comparison.)
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

fn unreadable(path: &Path, error: &io::Error) -> String {
    format!("cannot read `{}`: {}", shown_path(path), describe(error))
}

/// A named input must be a regular file: opening a FIFO would wait for a
/// writer forever, and a device never ends.
fn ensure_regular(path: &Path, metadata: &std::fs::Metadata) -> Result<(), String> {
    if metadata.is_file() {
        return Ok(());
    }
    let error = journey_check::fs::ensure_readable(path)
        .err()
        .map_or_else(|| "not a regular file".to_string(), |e| describe(&e));
    Err(format!("cannot read `{}`: {error}", shown_path(path)))
}

/// The `*.journey` files under a directory, sorted by path, found lazily.
/// Symbolic links to directories are not followed (a link to `.` would
/// never end), and a linked file is taken only when the file it points to
/// lies inside the directory being checked (`inside`, canonical): a walk
/// never reads outside it. Entries that are not regular files (a FIFO named
/// `x.journey`) are kept, so that reading them reports why they cannot be
/// read. After an error the walk ends.
pub(crate) struct Walk {
    inside: PathBuf,
    /// Per level of depth: the directory and its entries not yet visited.
    levels: Vec<Level>,
    /// The first directory's listing, read on the first call (so that its
    /// error comes out of the iterator like any other).
    start: Option<PathBuf>,
    /// A linked file was handed out: it may be handed out twice.
    links: bool,
}

struct Level {
    dir: PathBuf,
    /// With their names, read once.
    entries: std::vec::IntoIter<(OsString, DirEntry)>,
}

impl Walk {
    pub(crate) fn new(dir: &Path, inside: &Path) -> Walk {
        Walk {
            inside: inside.to_path_buf(),
            levels: Vec::new(),
            start: Some(dir.to_path_buf()),
            links: false,
        }
    }

    /// Enters a directory: its whole listing, sorted by name.
    fn enter(&mut self, dir: PathBuf) -> io::Result<()> {
        let entries = listing(&dir)?;
        self.levels.push(Level {
            dir,
            entries: entries.into_iter(),
        });
        Ok(())
    }

    /// The next entry of the deepest directory with one left, classified;
    /// `None` at the end of the walk.
    fn next_entry(&mut self) -> Option<io::Result<Found>> {
        loop {
            let level = self.levels.last_mut()?;
            let Some((name, entry)) = level.entries.next() else {
                self.levels.pop();
                continue;
            };
            return Some(classify(&level.dir, &name, &entry, &self.inside));
        }
    }

    fn step(&mut self) -> io::Result<Option<PathBuf>> {
        if let Some(dir) = self.start.take() {
            self.enter(dir)?;
        }
        while let Some(entry) = self.next_entry() {
            match entry? {
                Found::Dir(path) => self.enter(path)?,
                Found::Journey { path, link } => {
                    self.links |= link;
                    return Ok(Some(path));
                }
                Found::Other => {}
            }
        }
        Ok(None)
    }
}

impl Iterator for Walk {
    type Item = io::Result<PathBuf>;

    fn next(&mut self) -> Option<io::Result<PathBuf>> {
        match self.step() {
            Ok(path) => path.map(Ok),
            Err(error) => {
                self.levels.clear();
                Some(Err(error))
            }
        }
    }
}

/// Whether a symbolic link leads to a file inside `inside` (canonical).
fn links_inside(link: &Path, inside: &Path) -> bool {
    std::fs::canonicalize(link).is_ok_and(|target| target.starts_with(inside))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a small valid journey at each of `files` under `root`.
    fn write_journeys(root: &Path, files: &[&str]) {
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "team t \"T\"\n").unwrap();
        }
    }

    /// A tree with every rule of the walk: hidden and tools' directories,
    /// names that sort differently as strings than as paths (`a`, `a-b`,
    /// `a.b`), links inside, outside and to a directory, other files.
    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_journeys(
            root,
            &[
                "a.journey",
                "a-b.journey",
                "B.journey",
                "a/z.journey",
                "a/b/c.journey",
                "a.b/x.journey",
                "a-b/y.journey",
                "notes.txt",
                ".hidden/h.journey",
                "target/t.journey",
                "node_modules/n.journey",
                "d/target.journey",
            ],
        );
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("o.journey"), "").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(root.join("a.journey"), root.join("inside.journey")).unwrap();
            symlink(
                outside.path().join("o.journey"),
                root.join("outside.journey"),
            )
            .unwrap();
            symlink(root, root.join("loop")).unwrap();
        }
        dir
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let inside = std::fs::canonicalize(dir).unwrap();
        Walk::new(dir, &inside).map(Result::unwrap).collect()
    }

    #[test]
    fn the_walk_hands_out_a_directorys_journeys_sorted_by_path() {
        let dir = tree();
        let root = dir.path();
        let files = walk(root);
        let mut expected: Vec<PathBuf> = [
            "B.journey",
            "a/b/c.journey",
            "a/z.journey",
            "a-b/y.journey",
            "a-b.journey",
            "a.b/x.journey",
            "a.journey",
            "d/target.journey",
        ]
        .iter()
        .map(|f| root.join(f))
        .collect();
        if cfg!(unix) {
            expected.push(root.join("inside.journey"));
        }
        expected.sort();
        assert_eq!(files, expected);
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted, "the walk's order is the paths' order");
    }

    /// The first walk (on rayon's threads) finds what the walk finds: the
    /// count, the first and last file, whether one is linked, and an error.
    #[test]
    fn the_survey_agrees_with_the_walk() {
        let dir = tree();
        let root = dir.path();
        let inside = std::fs::canonicalize(root).unwrap();
        for top in [root.to_path_buf(), root.join("a"), root.join("d")] {
            let input = Input::open(&top).unwrap();
            let files = walk(&top);
            let links = {
                let mut walk = Walk::new(&top, &inside);
                walk.by_ref().for_each(drop);
                walk.links
            };
            let expected = (
                files.len(),
                files.first().cloned(),
                files.last().cloned(),
                links,
            );
            assert_eq!(survey(&input).unwrap(), expected, "{}", top.display());
        }
        assert_eq!(
            survey(&Input::open(&root.join("notes.txt")).unwrap())
                .unwrap()
                .0,
            1
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let locked = root.join("a/b");
            std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
            // Root reads any directory: then there is no error to find.
            if std::fs::read_dir(&locked).is_err() {
                let input = Input::open(root).unwrap();
                let error = Walk::new(root, &inside).find_map(Result::err).unwrap();
                assert_eq!(survey(&input).unwrap_err(), unreadable(root, &error));
            }
            std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    /// `.` is walked with bare names, as the walk names them.
    #[test]
    fn the_survey_of_the_current_directory_names_files_bare() {
        let input = Input::open(Path::new(".")).unwrap();
        let (count, first, last, _) = survey(&input).unwrap();
        let files: Vec<PathBuf> = Walk::new(Path::new("."), &input.inside.clone().unwrap())
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            (count, first, last),
            (files.len(), files.first().cloned(), files.last().cloned())
        );
    }

    #[test]
    fn a_missing_directory_is_one_error_then_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone");
        let mut walk = Walk::new(&missing, dir.path());
        assert!(walk.next().unwrap().is_err());
        assert!(walk.next().is_none());
    }

    #[test]
    fn arguments_whose_files_interleave_are_collected_in_their_order() {
        let dir = tree();
        let root = dir.path();
        let streamed = |args: &[PathBuf]| match stream(args).unwrap() {
            // A file named twice comes twice: the checker keeps it once.
            Files::Sorted(files) => Some(files.collect::<Vec<_>>()).map(|mut files| {
                files.dedup();
                files
            }),
            Files::Listed(_) => None,
        };
        let one = root.join("a.journey");
        let sub = root.join("a");
        // In order, not overlapping: streamed, the same files as collected.
        let args = [sub.clone(), root.join("a-b"), one.clone(), one.clone()];
        assert_eq!(streamed(&args), Some(collect(&args).unwrap()));
        // Out of order or overlapping: collected.
        for args in [
            vec![one.clone(), sub.clone()],
            vec![root.to_path_buf(), sub.clone()],
            vec![sub.join("z.journey"), sub.clone()],
        ] {
            assert_eq!(streamed(&args), None, "{args:?}");
        }
        assert!(stream(&[root.join("missing")]).is_err());
        std::fs::create_dir(root.join("empty")).unwrap();
        assert!(stream(&[root.join("d"), root.join("empty")]).is_err());
    }

    fn order_of(args: &[PathBuf]) -> Option<Order> {
        match stream(args).unwrap() {
            Files::Sorted(mut files) => files.take_order(),
            Files::Listed(_) => None,
        }
    }

    /// The checker forgets a file once handed out only when the walk names
    /// each file once: a linked file or two arguments reaching one file
    /// would otherwise be reported twice.
    #[test]
    fn only_a_walk_naming_each_file_once_tells_where_it_puts_a_file() {
        let linked = tree();
        if cfg!(unix) {
            assert!(order_of(&[linked.path().to_path_buf()]).is_none());
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_journeys(
            root,
            &[
                "a/z.journey",
                "a/b/c.journey",
                ".hidden/h.journey",
                "target/t.journey",
                "b.journey",
            ],
        );
        let sub = root.join("a");
        let one = root.join("b.journey");
        // Overlapping: the same file twice, a file inside a directory given.
        assert!(order_of(&[one.clone(), one.clone()]).is_none());
        assert!(order_of(&[sub.clone(), sub.join("z.journey")]).is_none());
        let order = order_of(&[sub.clone(), one.clone()]).expect("distinct arguments");
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap();
        for file in [sub.join("b/c.journey"), sub.join("z.journey"), one.clone()] {
            assert_eq!(order.path_of(&canonical(&file)), Some(file));
        }
        let whole = order_of(&[root.to_path_buf()]).unwrap();
        let canonical_root = canonical(root);
        for unwalked in [
            ".hidden/h.journey",
            "target/t.journey",
            "a",
            "missing.journey",
        ] {
            assert_eq!(
                whole.path_of(&canonical_root.join(unwalked)),
                None,
                "{unwalked}"
            );
        }
        assert_eq!(
            order.path_of(&canonical_root.join("elsewhere.journey")),
            None
        );
    }
}
