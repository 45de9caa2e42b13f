//! File access, behind a trait so that the language server can serve the
//! unsaved buffers of open documents.

use std::io;
use std::path::Path;

use journey_syntax::{Diagnostic, Span};

pub trait FileSystem: Sync {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    fn exists(&self, path: &Path) -> bool;
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

/// A file that was found but could not be read.
pub fn read_error(error: &io::Error) -> Diagnostic {
    Diagnostic::error(
        "io-error",
        Span::default(),
        format!("cannot read the file: {error}"),
    )
}
