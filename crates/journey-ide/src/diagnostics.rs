//! The checker's diagnostics of one file, read through a [`FileSystem`]
//! (open buffers included).

use std::path::Path;

use journey_check::FileSystem;
use journey_syntax::Diagnostic;

/// Checks `path` with the files it imports and its `journey.toml`, and
/// returns the diagnostics of `path` itself, sorted by position. Labels in
/// other files carry those files' paths.
pub fn check_file(fs: &dyn FileSystem, path: &Path) -> Vec<Diagnostic> {
    journey_check::analyse_file(fs, path).diagnostics().to_vec()
}
