//! Writing files without ever leaving half of one, and I/O errors in words.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: a sibling temporary file is written,
/// flushed to disk and renamed over `path`, so that a reader (or a crash)
/// sees the old file or the new one, never half of either.
///
/// Replacing a file keeps its permissions (and owner, where allowed) and
/// follows a symbolic link to the file it points to. A new file gets the
/// default permissions, and missing parent folders are created
/// (`-o build/map.json`).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let existing = match fs::canonicalize(path) {
        Ok(target) => Some((fs::metadata(&target)?, target)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
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
        fs::create_dir_all(&dir)?;
    }
    let mut attempt = 0u32;
    let (temp, mut file) = loop {
        let temp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => break (temp, file),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        if let Some((metadata, _)) = &existing {
            keep_owner(&file, metadata);
            file.set_permissions(metadata.permissions())?;
        }
        file.sync_all()?;
        drop(file);
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

/// An I/O error in the words a user expects after "cannot read `x`: ".
pub fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::InvalidData => "the data is not valid".to_string(),
        _ => error.to_string(),
    }
}
