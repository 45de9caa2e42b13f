//! The `.journey` files of a workspace, found as the command line finds
//! them: hidden directories, `target` and `node_modules` are skipped,
//! symbolic links to directories are not followed, and only regular files
//! are taken.

use std::path::{Path, PathBuf};

/// Directories never searched: they hold tools' files, not journeys.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// The files found under `roots` (sorted, each once) and whether the walk
/// stopped early: at `limit` files, or after looking at `limit × 50`
/// directory entries (a workspace folder that is a home directory holds
/// millions, and the editor must not wait for them).
pub fn journey_files(roots: &[PathBuf], limit: usize) -> (Vec<PathBuf>, bool) {
    let mut walk = Walk {
        files: Vec::new(),
        limit,
        entries_left: limit.saturating_mul(50),
    };
    let mut truncated = false;
    for root in roots {
        let Ok(inside) = std::fs::canonicalize(root) else {
            continue;
        };
        if walk.dir(root, &inside).is_err() {
            truncated = true;
            break;
        }
    }
    let mut files = walk.files;
    files.sort();
    files.dedup();
    (files, truncated)
}

/// The walk stopped because `limit` files were found.
struct Full;

struct Walk {
    files: Vec<PathBuf>,
    limit: usize,
    entries_left: usize,
}

impl Walk {
    /// A linked file is taken only when what it points to lies inside the
    /// workspace folder (`inside`, canonical): the walk never reads outside it.
    fn dir(&mut self, dir: &Path, inside: &Path) -> Result<(), Full> {
        // An unreadable directory is skipped: the editor cannot show it either.
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        self.entries_left = self.entries_left.checked_sub(entries.len()).ok_or(Full)?;
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if file_type.is_dir() {
                if !name.starts_with('.') && !SKIPPED_DIRS.contains(&name.as_ref()) {
                    self.dir(&path, inside)?;
                }
            } else if is_journey_file(&path)
                && (!file_type.is_symlink() || links_inside(&path, inside))
                && journey_check::fs::ensure_readable(&path).is_ok()
            {
                if self.files.len() >= self.limit {
                    return Err(Full);
                }
                self.files.push(crate::normalize(&path));
            }
        }
        Ok(())
    }
}

fn links_inside(path: &Path, inside: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|target| target.starts_with(inside))
}

/// Whether a path names a journey source (by its extension).
pub fn is_journey_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "journey")
}

/// Whether the walk from `root` would take `path`: it lies under `root`
/// and no directory between them is hidden, `target` or `node_modules`.
pub fn is_walked(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut dirs = relative.components().rev().skip(1);
    is_journey_file(path)
        && dirs.all(|c| match c {
            std::path::Component::Normal(name) => {
                let name = name.to_string_lossy();
                !name.starts_with('.') && !SKIPPED_DIRS.contains(&name.as_ref())
            }
            _ => false,
        })
}
