//! Checks journey files: resolves names across imports, runs every rule of
//! LANGUAGE.md §6 and builds the compiled model of §8.
//!
//! * [`check_files`]: the CLI's entry point — many files, checked in
//!   parallel, one [`FileReport`] per distinct file read.
//! * [`check_file`]: the language server's — one file (read through a
//!   [`FileSystem`] that serves unsaved buffers), its [`Analysis`] (the
//!   resolved [`model::Model`]) and the reports of the files it imports.
//! * [`compile`]: the JSON model of §8 and its schema.
//!
//! File access goes through [`FileSystem`]. Nothing here prints.

mod analysis;
mod bodies;
mod build;
pub mod builtins;
pub mod compile;
pub mod config;
pub mod curves;
pub mod fs;
pub mod memory;
pub mod model;
pub mod paths;
pub mod rules;
mod run;
pub mod today;
mod workspace;

pub use analysis::{AnalysedFile, Analysis, Import, ImportStatus};
pub use fs::{FileSystem, MemoryFileSystem, RealFileSystem};
pub use model::{DefId, DefKind, FileId, Model, RefId, Target};
pub use rules::Code;
pub use run::{
    analyse_file, check_file, check_files, check_files_streaming, check_sorted_streaming,
    CheckResult, FileCheck, FileReport, Render, StreamOrder, Unreadable, BATCH,
};

/// The project's public home page, set when building with the environment
/// variable `JOURNEY_PROJECT_URL`. Empty by default: the project has no
/// public home yet, and no output (editor diagnostics, SARIF, package
/// metadata) carries a link then, rather than a dead one.
pub const PROJECT_URL: &str = match option_env!("JOURNEY_PROJECT_URL") {
    Some(url) => url,
    None => "",
};

/// [`PROJECT_URL`] without a trailing `/`, or `None` when it is not set.
pub fn project_url() -> Option<&'static str> {
    let url = PROJECT_URL.trim().trim_end_matches('/');
    (!url.is_empty()).then_some(url)
}
