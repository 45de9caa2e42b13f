//! Checks journey files: resolves names across imports, runs every rule of
//! LANGUAGE.md §6 and builds the compiled model of §8.
//!
//! File access goes through [`FileSystem`] so that the language server can
//! serve unsaved buffers. Nothing here prints.

pub mod fs;
pub mod rules;

use std::path::PathBuf;
use std::sync::Arc;

use journey_syntax::Diagnostic;
use rayon::prelude::*;

pub use fs::{FileSystem, RealFileSystem};

/// The diagnostics of one file, with the text they point into.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// As given, found under a given directory, or (for imports) the
    /// importing file's directory joined with the import's text, normalised.
    pub path: PathBuf,
    /// The file's text (lossily decoded when it is not UTF-8, so that a
    /// renderer can still show the first bad byte's line).
    pub text: Arc<str>,
    /// Sorted by start position.
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of checking a set of files.
#[derive(Clone, Debug, Default)]
pub struct CheckResult {
    /// One report per distinct file read, sorted by path.
    pub files: Vec<FileReport>,
}

/// Checks the given files (in parallel) and every file they import.
pub fn check_files(fs: &dyn FileSystem, paths: &[PathBuf]) -> CheckResult {
    let mut files: Vec<FileReport> = paths.par_iter().map(|path| check_one(fs, path)).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    CheckResult { files }
}

fn check_one(fs: &dyn FileSystem, path: &PathBuf) -> FileReport {
    let (text, mut diagnostics) = match fs.read(path) {
        Ok(bytes) => match journey_syntax::decode(&bytes) {
            Ok(text) => {
                let parse = journey_syntax::parse(text);
                (Arc::from(text), parse.errors)
            }
            Err(diagnostic) => (
                Arc::from(String::from_utf8_lossy(&bytes).as_ref()),
                vec![diagnostic],
            ),
        },
        Err(error) => (Arc::from(""), vec![fs::read_error(&error)]),
    };
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    FileReport {
        path: path.clone(),
        text,
        diagnostics,
    }
}
