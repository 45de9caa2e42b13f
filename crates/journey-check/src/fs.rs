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
///
/// Reading is bounded: only regular files are read, and none larger than a
/// limit ([`DEFAULT_MAX_FILE_SIZE`] unless `journey.toml` says otherwise), so
/// that a FIFO, a device or a huge file named `x.journey` is refused at once
/// instead of blocking or exhausting memory.
pub trait FileSystem: Sync {
    /// Reads a whole file, within [`DEFAULT_MAX_FILE_SIZE`].
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// Reads a regular file of at most `limit` bytes; a larger one is an
    /// error that says so ([`too_large`]).
    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let bytes = self.read(path)?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64, limit));
        }
        Ok(bytes)
    }

    fn exists(&self, path: &Path) -> bool;

    /// The file's identity: its absolute path with every symbolic link
    /// resolved. Two paths name the same file when their canonical paths
    /// are equal, and the project-root check compares canonical paths. An
    /// error when the path does not exist.
    ///
    /// The default suits file systems without links (in memory): the
    /// normalised absolute path of a path that exists.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        if self.exists(path) {
            Ok(crate::paths::absolute(path))
        } else {
            Err(io::Error::new(
                io::ErrorKind::NotFound,
                "no such file or directory",
            ))
        }
    }

    /// Whether the path itself is a symbolic link (its directories are not
    /// looked at), when the file system can tell cheaply: `Some(false)` lets
    /// [`crate::paths::Resolver::identity`] take the canonical form of the
    /// directory (cached) joined with the name, instead of resolving every
    /// component again for each file. `None` (the default): unknown, the
    /// whole path goes through [`FileSystem::canonicalize`].
    fn is_symlink(&self, _path: &Path) -> Option<bool> {
        None
    }

    /// The text of a file together with its parse, when the caller already
    /// holds one (the language server's open documents): the checker then
    /// does not parse it again. The parse must be `journey_syntax::parse` of
    /// that text. `None` (the default) reads and parses through
    /// [`FileSystem::read`].
    fn parsed(&self, _path: &Path) -> Option<(Arc<str>, Arc<Parse>)> {
        None
    }

    /// Told of every file the checker read and parsed itself (not through
    /// [`FileSystem::parsed`]): a file system that can tell when the file
    /// changes (the language server, through the client's file watching) may
    /// keep the parse and serve it from `parsed` until then.
    fn remember_parsed(&self, _path: &Path, _text: &Arc<str>, _parse: &Arc<Parse>) {}
}

/// The largest file read unless `journey.toml` sets `[limits]
/// max-file-size`: 64 MiB, far above any hand-written map.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The error for a file over the size limit.
pub fn too_large(size: u64, limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "the file is {}, over the size limit of {} (`[limits] max-file-size` in `journey.toml`)",
            crate::config::format_size(size),
            crate::config::format_size(limit)
        ),
    )
}

/// The disk.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealFileSystem;

impl FileSystem for RealFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.read_limited(path, DEFAULT_MAX_FILE_SIZE)
    }

    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        read_regular_file(path, limit)
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }

    /// One `lstat`; `None` when the path does not exist (then
    /// `canonicalize` reports why).
    fn is_symlink(&self, path: &Path) -> Option<bool> {
        std::fs::symlink_metadata(path)
            .ok()
            .map(|metadata| metadata.file_type().is_symlink())
    }
}

/// Reads a regular file of at most `limit` bytes, never blocking on what is
/// not one: the type is checked before opening (opening a FIFO waits for a
/// writer), the file is opened non-blocking, checked again on the open
/// handle (the path may have been swapped in between), and read through a
/// `take` so that a file growing meanwhile still stops at the limit.
pub fn read_regular_file(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    ensure_regular(&std::fs::metadata(path)?, limit)?;
    let file = open_non_blocking(path)?;
    let size = ensure_regular(&file.metadata()?, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// Whether a path names a regular file that can be opened for reading,
/// without reading it and without blocking: what a command checks of a
/// file named on its command line before it starts.
pub fn ensure_readable(path: &Path) -> io::Result<()> {
    ensure_regular(&std::fs::metadata(path)?, u64::MAX)?;
    let file = open_non_blocking(path)?;
    ensure_regular(&file.metadata()?, u64::MAX).map(drop)
}

/// The size of a regular file within the limit, or why it cannot be read.
fn ensure_regular(metadata: &std::fs::Metadata, limit: u64) -> io::Result<u64> {
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file: {}", file_kind(metadata)),
        ));
    }
    if metadata.len() > limit {
        return Err(too_large(metadata.len(), limit));
    }
    Ok(metadata.len())
}

/// What a file that is not a regular file is, in words.
fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return "it is a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "it is a named pipe";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "it is a device";
        }
        if file_type.is_socket() {
            return "it is a socket";
        }
    }
    "it is a special file"
}

#[cfg(unix)]
fn open_non_blocking(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_non_blocking(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
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
        self.read_limited(path, DEFAULT_MAX_FILE_SIZE)
    }

    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        match self.get(path) {
            Some(bytes) if bytes.len() as u64 > limit => Err(too_large(bytes.len() as u64, limit)),
            Some(bytes) => Ok(bytes.clone()),
            None => match self.fallback {
                Some(fallback) => fallback.read_limited(path, limit),
                None => Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    "no such file or directory",
                )),
            },
        }
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        if self.get(path).is_some() || self.is_dir(path) {
            return Ok(crate::paths::absolute(path));
        }
        match self.fallback {
            Some(fallback) => fallback.canonicalize(path),
            None => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "no such file or directory",
            )),
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
