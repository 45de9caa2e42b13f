//! One run over a set of files: every file (and `journey.toml`) is read and
//! parsed once, even when many checked files import it and the checks run
//! in parallel.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};
use journey_syntax::{Diagnostic, Parse, Span};

use crate::bodies::StageBodies;
use crate::config::{self, LintConfig, CONFIG_FILE};
use crate::fs::{self, FileSystem};
use crate::paths::{self, OutsideRoot, Resolver};
use crate::rules::Code;

/// A file as read and parsed.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// Shown in reports: as given, or the importer's directory joined with
    /// the import's text, normalised.
    pub path: PathBuf,
    /// The file's identity: its canonical path ([`Resolver::identity`]).
    pub key: PathBuf,
    pub text: Arc<str>,
    /// `None` when the file could not be read or decoded. Without its
    /// stage bodies when [`Loaded::hollowed`].
    pub parse: Option<Arc<Parse>>,
    /// Whether the statements inside the stages were taken out of
    /// [`Loaded::parse`] ([`Workspace::hollow_from`]); until an analysis
    /// takes them, they are in [`Loaded::stage_bodies`].
    pub hollowed: bool,
    pub stage_bodies: Mutex<Option<StageBodies>>,
    /// The `invalid-utf8` diagnostic of a file that is not UTF-8.
    pub decode_error: Option<Diagnostic>,
    /// Why the file could not be read.
    pub read_error: Option<String>,
    pub imports: Vec<RawImport>,
    /// The index of the rayon thread that read it (`None` off rayon's
    /// threads): where it is freed.
    pub reader: Option<usize>,
    /// Its nearest `journey.toml`, found when it was read: what its
    /// analysis and its report use, without a second look-up in the
    /// workspace's shared cache.
    pub config: Option<Arc<ConfigFile>>,
    /// Whether a task of a check run has taken the file's analysis
    /// ([`Loaded::claim`]).
    claimed: AtomicBool,
}

impl Loaded {
    /// Takes the file's analysis for the caller: `true` for the first
    /// caller only. A flag on the file rather than a set of keys under a
    /// lock, which the tasks of a directory run contended for.
    pub(crate) fn claim(&self) -> bool {
        !self.claimed.swap(true, Ordering::Relaxed)
    }

    /// The stage bodies of a hollowed file, for the analysis that builds
    /// its model: taken out by the first call. A second analysis of the
    /// file (a check run analyses each file once, so only in a case this
    /// guards against) parses the text again for them.
    pub(crate) fn take_stage_bodies(&self) -> Option<StageBodies> {
        if !self.hollowed {
            return None;
        }
        let taken = self
            .stage_bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        taken.or_else(|| {
            let mut parse = journey_syntax::parse(&self.text);
            Some(StageBodies::take_from(&mut parse.file))
        })
    }
}

/// An `import` as written, with where it leads.
#[derive(Clone, Debug)]
pub(crate) struct RawImport {
    pub text: String,
    pub span: Span,
    pub path: PathBuf,
    pub key: PathBuf,
    /// The project root it leaves, if it does.
    pub outside_root: Option<OutsideRoot>,
}

/// A `journey.toml` as read.
#[derive(Debug)]
pub(crate) struct ConfigFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub config: LintConfig,
    pub diagnostics: Vec<Diagnostic>,
}

type Slot<T> = Arc<OnceLock<T>>;

/// `journey.toml` is a few lines; anything near this size is not one.
const CONFIG_MAX_SIZE: u64 = 1024 * 1024;

pub(crate) struct Workspace<'a> {
    pub fs: &'a dyn FileSystem,
    pub resolver: Resolver<'a>,
    /// Read-mostly (every analysis looks files up; each is added once):
    /// a read-write lock, so that lookups on rayon's threads do not wait
    /// for each other.
    files: RwLock<HashMap<PathBuf, Slot<Arc<Loaded>>>>,
    /// Directory (absolute) → its nearest `journey.toml`, if any.
    configs: Mutex<HashMap<PathBuf, Slot<Option<Arc<ConfigFile>>>>>,
    /// A file's directory as written → the same answer, so that the files
    /// of one directory skip the ancestor walk (path building and
    /// `getcwd`) that finding the absolute key takes.
    configs_by_dir: RwLock<HashMap<PathBuf, Option<Arc<ConfigFile>>>>,
    /// Files from this size on (bytes) keep their stage bodies apart from
    /// their tree, for an analysis to consume ([`crate::bodies`]).
    /// `usize::MAX`: never.
    pub(crate) hollow_from: usize,
}

/// From this size on, a file of a check run is hollowed
/// ([`Workspace::for_check_run`]): about where it is parsed in pieces. A
/// smaller file's tree is small, and a directory of them gains nothing.
pub(crate) const HOLLOW_FROM: usize = 2 * journey_syntax::PIECE_LEN;

impl<'a> Workspace<'a> {
    pub(crate) fn new(fs: &'a dyn FileSystem) -> Workspace<'a> {
        Workspace {
            fs,
            resolver: Resolver::new(fs),
            files: RwLock::new(HashMap::new()),
            configs: Mutex::new(HashMap::new()),
            configs_by_dir: RwLock::new(HashMap::new()),
            hollow_from: usize::MAX,
        }
    }

    /// The workspace of a check run, which needs no file's tree once its
    /// analysis is made: large files are hollowed ([`crate::bodies`]).
    pub(crate) fn for_check_run(fs: &'a dyn FileSystem) -> Workspace<'a> {
        Workspace {
            hollow_from: HOLLOW_FROM,
            ..Workspace::new(fs)
        }
    }

    /// Loads a file once, however many routes lead to it (its identity is
    /// its canonical path); `path` is its shown form, the first route's.
    pub(crate) fn load(&self, path: &Path) -> Arc<Loaded> {
        let key = self.resolver.identity(path);
        self.load_as(path, key)
    }

    /// [`Workspace::load`] of a file whose identity is already known.
    pub(crate) fn load_as(&self, path: &Path, key: PathBuf) -> Arc<Loaded> {
        let known = self
            .files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .map(Arc::clone);
        let slot = known.unwrap_or_else(|| {
            // The copy is made before the lock is taken: the lock is held
            // for the insertion alone.
            let entry = key.clone();
            let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
            Arc::clone(files.entry(entry).or_default())
        });
        Arc::clone(slot.get_or_init(|| Arc::new(self.read(path, key))))
    }

    /// Makes room for files about to be loaded (by key), under one lock:
    /// the tasks that load them in parallel then only read the map (a write
    /// per file cost a directory run 2 % on two cores; BENCHMARKS.md).
    pub(crate) fn expect<'k>(&self, keys: impl IntoIterator<Item = &'k PathBuf>) {
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        for key in keys {
            if !files.contains_key(key) {
                files.insert(key.clone(), Slot::default());
            }
        }
    }

    /// Drops every loaded file (text, tree) on rayon's threads, without
    /// waiting: the caller goes on with its own work meanwhile. Each file is
    /// freed on the thread that read it, where its memory is in the cache
    /// and the allocator takes it back without handing it between threads
    /// (freeing on any thread cost a directory run 7 % of its time on two
    /// cores; BENCHMARKS.md).
    pub(crate) fn drop_files_on_rayon(&self) {
        let files = std::mem::take(&mut *self.files.write().unwrap_or_else(|e| e.into_inner()));
        let threads = rayon::current_num_threads().max(1);
        let mut by_reader: Vec<Vec<Slot<Arc<Loaded>>>> = (0..threads).map(|_| Vec::new()).collect();
        for slot in files.into_values() {
            // A file read off rayon's threads goes with the first one's.
            let reader = slot.get().and_then(|file| file.reader).unwrap_or(0);
            by_reader[reader.min(threads - 1)].push(slot);
        }
        let by_reader: Vec<Mutex<Vec<Slot<Arc<Loaded>>>>> =
            by_reader.into_iter().map(Mutex::new).collect();
        rayon::spawn_broadcast(move |context| {
            if let Some(own) = by_reader.get(context.index()) {
                drop(std::mem::take(
                    &mut *own.lock().unwrap_or_else(|e| e.into_inner()),
                ));
            }
        });
    }

    /// A file already loaded, by key.
    pub(crate) fn get(&self, key: &Path) -> Option<Arc<Loaded>> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        files.get(key).and_then(|slot| slot.get().cloned())
    }

    fn read(&self, path: &Path, key: PathBuf) -> Loaded {
        let config = self.config_for(path);
        if let Some((text, parse)) = self.fs.parsed(path) {
            return self.loaded(path, key, text, Some(parse), None, config);
        }
        let limit = config
            .as_ref()
            .map_or(fs::DEFAULT_MAX_FILE_SIZE, |c| c.config.max_file_size());
        let bytes = match self.fs.read_limited(path, limit) {
            Ok(bytes) => bytes,
            Err(error) => {
                return Loaded {
                    path: path.to_path_buf(),
                    key,
                    text: Arc::from(""),
                    parse: None,
                    hollowed: false,
                    stage_bodies: Mutex::new(None),
                    decode_error: None,
                    read_error: Some(fs::describe(&error)),
                    imports: Vec::new(),
                    reader: rayon::current_thread_index(),
                    claimed: AtomicBool::new(false),
                    config,
                }
            }
        };
        let (text, decode_error) = match journey_syntax::decode(&bytes) {
            Ok(text) => (Arc::<str>::from(text), None),
            Err(diagnostic) => (
                Arc::from(String::from_utf8_lossy(&bytes).as_ref()),
                Some(diagnostic),
            ),
        };
        // The bytes go before the parse, the step that needs the most memory.
        drop(bytes);
        let Some(mut parse) = decode_error.is_none().then(|| journey_syntax::parse(&text)) else {
            return self.loaded(path, key, text, None, decode_error, config);
        };
        if text.len() >= self.hollow_from {
            // A hollowed tree is never handed to the file system to keep:
            // it must not be served as a whole one.
            let bodies = StageBodies::take_from(&mut parse.file);
            let mut loaded = self.loaded(path, key, text, Some(Arc::new(parse)), None, config);
            loaded.hollowed = true;
            loaded.stage_bodies = Mutex::new(Some(bodies));
            return loaded;
        }
        let parse = Arc::new(parse);
        self.fs.remember_parsed(path, &text, &parse);
        self.loaded(path, key, text, Some(parse), decode_error, config)
    }

    /// A read file with its imports resolved.
    fn loaded(
        &self,
        path: &Path,
        key: PathBuf,
        text: Arc<str>,
        parse: Option<Arc<Parse>>,
        decode_error: Option<Diagnostic>,
        config: Option<Arc<ConfigFile>>,
    ) -> Loaded {
        let mut imports = Vec::new();
        if let Some(parse) = &parse {
            for stmt in &parse.file.items {
                let journey_syntax::ast::StmtKind::Import(target) = &stmt.kind else {
                    continue;
                };
                if !target.valid {
                    continue;
                }
                let resolved = self.resolver.resolve_import(path, &key, &target.value);
                imports.push(RawImport {
                    text: target.value.to_string(),
                    span: target.span,
                    path: resolved.path,
                    key: resolved.key,
                    outside_root: resolved.outside_root,
                });
            }
        }
        Loaded {
            path: path.to_path_buf(),
            key,
            text,
            parse,
            hollowed: false,
            stage_bodies: Mutex::new(None),
            decode_error,
            read_error: None,
            imports,
            reader: rayon::current_thread_index(),
            claimed: AtomicBool::new(false),
            config,
        }
    }

    /// The files a file imports that can be followed (inside the root).
    pub(crate) fn followed_imports<'l>(
        &self,
        file: &'l Loaded,
    ) -> impl Iterator<Item = &'l RawImport> {
        file.imports.iter().filter(|i| i.outside_root.is_none())
    }

    /// Loads a file and everything it imports (transitively); returns the
    /// keys of all files reached, the file itself first.
    pub(crate) fn load_closure(&self, path: &Path) -> Vec<PathBuf> {
        self.closure_of(self.load(path))
    }

    /// [`Workspace::load_closure`] of a file already loaded.
    pub(crate) fn closure_of(&self, root: Arc<Loaded>) -> Vec<PathBuf> {
        self.closure_within(root, &HashMap::new())
    }

    /// [`Workspace::closure_of`], where a file of `given` (by key) is
    /// loaded under the path given for it, not the importing file's.
    pub(crate) fn closure_within(
        &self,
        root: Arc<Loaded>,
        given: &HashMap<&Path, &Path>,
    ) -> Vec<PathBuf> {
        let mut seen: HashSet<PathBuf> = HashSet::new();
        let mut order = Vec::new();
        let mut stack = vec![root];
        while let Some(file) = stack.pop() {
            if !seen.insert(file.key.clone()) {
                continue;
            }
            order.push(file.key.clone());
            for import in self.followed_imports(&file) {
                if !seen.contains(&import.key) {
                    let path = given.get(import.key.as_path()).copied();
                    let path = path.unwrap_or(&import.path);
                    stack.push(self.load_as(path, import.key.clone()));
                }
            }
        }
        order
    }

    /// The nearest `journey.toml` of a file (its directory or an ancestor).
    pub(crate) fn config_for(&self, file: &Path) -> Option<Arc<ConfigFile>> {
        let dir = file.parent().unwrap_or(Path::new(""));
        let cached = self
            .configs_by_dir
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir)
            .cloned();
        if let Some(config) = cached {
            return config;
        }
        let config = self.find_config(file);
        let mut cache = self
            .configs_by_dir
            .write()
            .unwrap_or_else(|e| e.into_inner());
        cache.insert(dir.to_path_buf(), config.clone());
        config
    }

    fn find_config(&self, file: &Path) -> Option<Arc<ConfigFile>> {
        let dirs = paths::ancestors(file);
        let first_abs = dirs.first()?.1.clone();
        let slot = {
            let mut configs = self.configs.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(configs.entry(first_abs).or_default())
        };
        slot.get_or_init(|| {
            for (shown, abs) in &dirs {
                let candidate = shown.join(CONFIG_FILE);
                if self.fs.exists(&candidate) {
                    return Some(self.read_config(candidate, abs));
                }
            }
            None
        })
        .clone()
    }

    fn read_config(&self, path: PathBuf, abs_dir: &Path) -> Arc<ConfigFile> {
        // Two directories may share one file: read it once per run.
        let key = abs_dir.join(CONFIG_FILE);
        let slot = {
            let mut configs = self.configs.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(configs.entry(key).or_default())
        };
        slot.get_or_init(|| {
            let (text, config, diagnostics) = match self.fs.read_limited(&path, CONFIG_MAX_SIZE) {
                Ok(bytes) => match std::str::from_utf8(&bytes) {
                    Ok(text) => {
                        let (config, diagnostics) = config::parse(text);
                        (Arc::<str>::from(text), config, diagnostics)
                    }
                    Err(_) => {
                        let mut diagnostic =
                            journey_syntax::decode(&bytes).err().unwrap_or_else(|| {
                                Diagnostic::error(Code::InvalidConfig.name(), Span::default(), "")
                            });
                        diagnostic.code = Code::InvalidConfig.name();
                        diagnostic.message = format!("`{CONFIG_FILE}` is not valid UTF-8");
                        (
                            Arc::from(String::from_utf8_lossy(&bytes).as_ref()),
                            LintConfig::default(),
                            vec![diagnostic],
                        )
                    }
                },
                Err(error) => (
                    Arc::from(""),
                    LintConfig::default(),
                    vec![crate::rules::invalid_config::report(
                        Span::default(),
                        format!("cannot read `{CONFIG_FILE}`: {}", fs::describe(&error)),
                    )],
                ),
            };
            Some(Arc::new(ConfigFile {
                path: path.clone(),
                text,
                config,
                diagnostics,
            }))
        })
        .clone()
        .expect("a configuration slot always holds a file")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Weak;
    use std::time::{Duration, Instant};

    use rayon::prelude::*;

    use super::*;
    use crate::MemoryFileSystem;

    /// A file expected but not yet read is not found; once read, its
    /// analysis is claimed by the first caller only.
    #[test]
    fn an_expected_file_is_found_once_read_and_claimed_once() {
        let fs = MemoryFileSystem::new()
            .with("/p/.git/HEAD", "")
            .with("/p/a.journey", "team a \"A\"\n");
        let workspace = Workspace::new(&fs);
        let key = PathBuf::from("/p/a.journey");
        workspace.expect([&key]);
        assert!(workspace.get(&key).is_none());
        let file = workspace.load_as(&key, key.clone());
        let found = workspace.get(&key).expect("read");
        assert!(Arc::ptr_eq(&file, &found));
        assert!(found.claim());
        assert!(!file.claim());
    }

    /// Files read on rayon's threads and off them are all freed, each group
    /// on its own thread, without the caller waiting.
    #[test]
    fn every_loaded_file_is_freed_wherever_it_was_read() {
        let mut fs = MemoryFileSystem::new().with("/p/.git/HEAD", "");
        for i in 0..64 {
            fs.insert(format!("/p/f{i}.journey"), format!("team t{i}\n"));
        }
        let workspace = Workspace::new(&fs);
        let mut read: Vec<Weak<Loaded>> = (0..32)
            .into_par_iter()
            .map(|i| Arc::downgrade(&workspace.load(Path::new(&format!("/p/f{i}.journey")))))
            .collect();
        // Off rayon's threads (this test's own).
        read.extend((32..64).map(|i| {
            let file = workspace.load(Path::new(&format!("/p/f{i}.journey")));
            assert_eq!(file.reader, None);
            Arc::downgrade(&file)
        }));
        assert!(read.iter().all(|file| file.upgrade().is_some()));
        workspace.drop_files_on_rayon();
        let started = Instant::now();
        while read.iter().any(|file| file.upgrade().is_some()) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "a file was kept"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(workspace.get(Path::new("/p/f0.journey")).is_none());
    }
}
