//! Writing files without ever leaving half of one or losing someone else's
//! edit, and I/O errors in words.

use std::fs::{self, File, OpenOptions};
use std::hash::Hasher;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What a file held when it was read: compared again right before it is
/// replaced, so that an edit saved in between is never overwritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

impl Stamp {
    /// The stamp of `bytes`, read from a file whose metadata (taken before
    /// the read) is `metadata`.
    pub(crate) fn new(bytes: &[u8], metadata: &fs::Metadata) -> Stamp {
        Stamp {
            len: bytes.len() as u64,
            modified: metadata.modified().ok(),
            hash: hash(bytes),
        }
    }

    /// Whether the file at `path` still holds what this stamp describes.
    /// Length and modification time are compared first (no read); the
    /// content too, because a quick edit of the same length can keep the
    /// time stamp (coarse clocks, some file systems).
    fn still_holds(&self, path: &Path) -> io::Result<bool> {
        let metadata = fs::metadata(path)?;
        if metadata.len() != self.len || metadata.modified().ok() != self.modified {
            return Ok(false);
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let mut file = File::open(path)?;
        let mut buffer = vec![0; 64 * 1024];
        let mut len = 0u64;
        loop {
            let n = file.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hasher.write(&buffer[..n]);
            len += n as u64;
        }
        Ok(len == self.len && hasher.finish() == self.hash)
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    // Fed in the same pieces as `still_holds` reads: `write` is not
    // guaranteed to hash the same when split differently.
    for chunk in bytes.chunks(64 * 1024) {
        hasher.write(chunk);
    }
    hasher.finish()
}

/// Why a file was not replaced.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// The file no longer holds what was read: someone else's edit wins.
    Changed,
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(error: io::Error) -> WriteError {
        WriteError::Io(error)
    }
}

/// Writes `bytes` to `path` atomically: a sibling temporary file is written,
/// flushed to disk and renamed over `path`, so that a reader (or a crash)
/// sees the old file or the new one, never half of either.
///
/// Replacing a file keeps its permissions (and owner, where allowed) and
/// follows a symbolic link to the file it points to. A new file gets the
/// default permissions, and missing parent folders are created
/// (`-o build/map.json`).
#[allow(dead_code)] // The simple form, for an output already in memory.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// [`write_atomically`], with the content written by `write` into a
/// buffered writer (large outputs are never held in memory).
pub(crate) fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    match replace(path, None, write) {
        Ok(()) => Ok(()),
        Err(WriteError::Io(error)) => Err(error),
        Err(WriteError::Changed) => unreachable!("no stamp, no comparison"),
    }
}

/// Like [`write_atomically_with`], but only if the file still holds what
/// `stamp` describes, checked after the new content is written and flushed,
/// right before the rename; otherwise the file is left as it is and the
/// answer is [`WriteError::Changed`]. (A change in the microseconds between
/// that check and the rename cannot be seen: POSIX has no compare-and-swap
/// rename. Writing, the slow part, is no longer inside the window.)
pub(crate) fn replace_if_unchanged(
    path: &Path,
    stamp: &Stamp,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    replace(path, Some(stamp), write)
}

fn replace(
    path: &Path,
    stamp: Option<&Stamp>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let existing = match fs::canonicalize(path) {
        Ok(target) => Some((fs::metadata(&target)?, target)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error.into()),
    };
    let target = existing
        .as_ref()
        .map_or_else(|| path.to_path_buf(), |(_, target)| target.clone());
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    if existing.is_none() {
        if stamp.is_some() {
            // The file was read, and is gone now: that is a change too.
            return Err(WriteError::Changed);
        }
        fs::create_dir_all(&dir)?;
    }
    let (temp, file) = create_temporary(&dir, &name)?;
    let result = (|| {
        let mut out = BufWriter::with_capacity(256 * 1024, file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        if let Some((metadata, _)) = &existing {
            keep_owner(&file, metadata);
            file.set_permissions(metadata.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        if let Some(stamp) = stamp {
            if !stamp.still_holds(&target)? {
                return Err(WriteError::Changed);
            }
        }
        fs::rename(&temp, &target)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(dir) = File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A new sibling temporary file (never an existing one).
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut attempt = 0u32;
    loop {
        let temp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

/// Gives the new file the original's owner and group, where the user may
/// (best effort: an ordinary user keeps their own).
#[cfg(unix)]
fn keep_owner(file: &File, original: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if let Ok(new) = file.metadata() {
        if (new.uid(), new.gid()) != (original.uid(), original.gid()) {
            let _ = std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()));
        }
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _original: &fs::Metadata) {}

/// Whether two paths name the same existing file: the same device and inode
/// (so hard links and symbolic links count), or, where there are no inodes,
/// the same canonical path.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (fs::metadata(a), fs::metadata(b)) {
            return (a.dev(), a.ino()) == (b.dev(), b.ino());
        }
        false
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// An I/O error in the words a user expects after "cannot read `x`: ".
pub(crate) fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::InvalidData => "the data is not valid".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamped(path: &Path) -> Stamp {
        let metadata = fs::metadata(path).unwrap();
        Stamp::new(&fs::read(path).unwrap(), &metadata)
    }

    #[test]
    fn an_unchanged_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.journey");
        fs::write(&path, "old").unwrap();
        let stamp = stamped(&path);
        replace_if_unchanged(&path, &stamp, |out| out.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn an_edit_saved_while_the_new_content_is_written_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.journey");
        fs::write(&path, "team a \"A\"\n").unwrap();
        let stamp = stamped(&path);
        let result = replace_if_unchanged(&path, &stamp, |out| {
            out.write_all(b"team a \"A\"\n")?;
            // An editor saves, with the same length, while we write.
            fs::write(&path, "team b \"B\"\n")?;
            out.write_all(&vec![b' '; 1 << 20])
        });
        assert!(matches!(result, Err(WriteError::Changed)), "{result:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "team b \"B\"\n");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn an_edit_saved_between_read_and_write_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.journey");
        fs::write(&path, "one").unwrap();
        let stamp = stamped(&path);
        fs::write(&path, "two").unwrap();
        let result = replace_if_unchanged(&path, &stamp, |out| out.write_all(b"formatted"));
        assert!(matches!(result, Err(WriteError::Changed)));
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        // A deleted file is a change too: it is not recreated.
        fs::remove_file(&path).unwrap();
        let result = replace_if_unchanged(&path, &stamp, |out| out.write_all(b"formatted"));
        assert!(matches!(result, Err(WriteError::Changed)));
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn same_file_sees_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        fs::write(&a, "x").unwrap();
        let hard = dir.path().join("hard");
        fs::hard_link(&a, &hard).unwrap();
        let soft = dir.path().join("soft");
        std::os::unix::fs::symlink(&a, &soft).unwrap();
        let other = dir.path().join("other");
        fs::write(&other, "x").unwrap();
        assert!(same_file(&a, &hard));
        assert!(same_file(&a, &soft));
        assert!(!same_file(&a, &other));
        assert!(!same_file(&a, &dir.path().join("missing")));
    }
}
