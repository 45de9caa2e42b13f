//! Turns the paths given on the command line into the files to check.

use std::path::{Path, PathBuf};

use crate::files::describe;
use crate::render::shown_path;

/// Directories never searched: they hold tools' files, not journeys.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// Expands files and directories (recursively, `*.journey`) in a stable
/// order. A missing path, or a directory named explicitly that holds no
/// `.journey` file, is an error with a message for the user.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
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
            walk(path, &mut files).map_err(|error| {
                format!("cannot read `{}`: {}", shown_path(path), describe(&error))
            })?;
            if files.len() == before {
                return Err(format!("no `.journey` files in `{}`", shown_path(path)));
            }
        } else {
            std::fs::File::open(path).map_err(|error| {
                format!("cannot read `{}`: {}", shown_path(path), describe(&error))
            })?;
            files.push(path.clone());
        }
    }
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
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
                walk(&path, files)?;
            }
        } else if name.ends_with(".journey") {
            files.push(path);
        }
    }
    Ok(())
}
