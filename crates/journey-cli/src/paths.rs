//! Turns the paths given on the command line into the files to check.

use std::path::{Path, PathBuf};

use crate::files::describe;
use crate::render::shown_path;

/// Directories never searched: they hold tools' files, not journeys.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// Expands files and directories (recursively, `*.journey`) in a stable
/// order. A missing path, or a directory named explicitly that holds no
/// `.journey` file, is an error with a message for the user.
pub(crate) fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path)
            .map_err(|error| format!("cannot read `{}`: {}", shown_path(path), describe(&error)))?;
        if metadata.is_dir() {
            let before = files.len();
            let inside = std::fs::canonicalize(path).map_err(|error| {
                format!("cannot read `{}`: {}", shown_path(path), describe(&error))
            })?;
            walk(path, &inside, &mut files).map_err(|error| {
                format!("cannot read `{}`: {}", shown_path(path), describe(&error))
            })?;
            if files.len() == before {
                return Err(format!("no `.journey` files in `{}`", shown_path(path)));
            }
        } else {
            ensure_regular(path, &metadata)?;
            files.push(path.clone());
        }
    }
    files.dedup();
    Ok(files)
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

/// Collects `*.journey` files under `dir`. Symbolic links to directories
/// are not followed (a link to `.` would never end), and a linked file is
/// taken only when the file it points to lies inside the directory being
/// checked (`inside`, canonical): a walk never reads outside it. Entries
/// that are not regular files (a FIFO named `x.journey`) are kept, so that
/// reading them reports why they cannot be read.
fn walk(dir: &Path, inside: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = if dir == Path::new(".") {
            PathBuf::from(&*name)
        } else {
            entry.path()
        };
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            if !name.starts_with('.') && !SKIPPED_DIRS.contains(&name.as_ref()) {
                walk(&path, inside, files)?;
            }
        } else if name.ends_with(".journey") {
            if file_type.is_symlink() && !links_inside(&path, inside) {
                continue;
            }
            files.push(path);
        }
    }
    Ok(())
}

/// Whether a symbolic link leads to a file inside `inside` (canonical).
fn links_inside(link: &Path, inside: &Path) -> bool {
    std::fs::canonicalize(link).is_ok_and(|target| target.starts_with(inside))
}
