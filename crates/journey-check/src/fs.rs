//! File access, behind a trait so that the language server can serve the
//! unsaved buffers of open documents.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use journey_syntax::Parse;

/// Everything the checker reads goes through this trait: `.journey` files,
/// their imports, and `journey.toml`. The checker never writes.
///
/// Paths are passed as the checker builds them: the checked path as given,
/// an import joined onto its importer's directory and normalised (`..` kept
/// only at the start), and `journey.toml` candidates in ancestor directories
/// (which may start with `..` components for a relative checked path).
pub trait FileSystem: Sync {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    fn exists(&self, path: &Path) -> bool;

    /// The text of a file together with its parse, when the caller already
    /// holds one (the language server's open documents): the checker then
    /// does not parse it again. The parse must be `journey_syntax::parse` of
    /// that text. `None` (the default) reads and parses through
    /// [`FileSystem::read`].
    fn parsed(&self, _path: &Path) -> Option<(Arc<str>, Arc<Parse>)> {
        None
    }
}

/// The disk.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealFileSystem;

impl FileSystem for RealFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }
}

/// Files held in memory, optionally in front of another file system: what
/// the language server uses for open documents (their unsaved text wins over
/// the disk), and what tests use instead of a temporary directory.
///
/// A path is looked up as given and, when that misses, in its normalised
/// absolute form; so `a/b.journey` and `/cwd/a/b.journey` are the same file.
pub struct MemoryFileSystem<'a> {
    files: HashMap<PathBuf, Vec<u8>>,
    fallback: Option<&'a dyn FileSystem>,
}

impl std::fmt::Debug for MemoryFileSystem<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryFileSystem")
            .field("files", &self.files.keys().collect::<Vec<_>>())
            .field("fallback", &self.fallback.is_some())
            .finish()
    }
}

impl Default for MemoryFileSystem<'_> {
    fn default() -> Self {
        MemoryFileSystem::new()
    }
}

impl<'a> MemoryFileSystem<'a> {
    /// An empty file system: every other path does not exist.
    pub fn new() -> MemoryFileSystem<'a> {
        MemoryFileSystem {
            files: HashMap::new(),
            fallback: None,
        }
    }

    /// Buffers in front of `fallback` (usually [`RealFileSystem`]).
    pub fn overlay(fallback: &'a dyn FileSystem) -> MemoryFileSystem<'a> {
        MemoryFileSystem {
            files: HashMap::new(),
            fallback: Some(fallback),
        }
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        let path = crate::paths::absolute(&path.into());
        self.files.insert(path, contents.into());
    }

    /// Builder form of [`MemoryFileSystem::insert`].
    pub fn with(mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) -> Self {
        self.insert(path, contents);
        self
    }

    /// Removes a file (a closed document falls back to the disk again).
    pub fn remove(&mut self, path: &Path) {
        self.files.remove(&crate::paths::absolute(path));
    }

    fn get(&self, path: &Path) -> Option<&Vec<u8>> {
        self.files.get(&crate::paths::absolute(path))
    }

    fn is_dir(&self, path: &Path) -> bool {
        let dir = crate::paths::absolute(path);
        self.files
            .keys()
            .any(|file| file.starts_with(&dir) && file != &dir)
    }
}

impl FileSystem for MemoryFileSystem<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.get(path) {
            Some(bytes) => Ok(bytes.clone()),
            None => match self.fallback {
                Some(fallback) => fallback.read(path),
                None => Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    "no such file or directory",
                )),
            },
        }
    }

    fn exists(&self, path: &Path) -> bool {
        self.get(path).is_some()
            || self.is_dir(path)
            || self.fallback.is_some_and(|fallback| fallback.exists(path))
    }
}

/// A short, stable description of an I/O error for messages.
pub(crate) fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "it is a directory".to_string(),
        _ => error.to_string(),
    }
}
