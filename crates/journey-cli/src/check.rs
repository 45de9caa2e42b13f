//! `journey check`.

use std::io::Write;
use std::path::PathBuf;

use journey_check::{check_files, RealFileSystem};

use crate::render::{self, Summary};
use crate::{paths, Format, EXIT_FOUND, EXIT_OK, EXIT_USAGE};

pub fn run(paths: &[PathBuf], format: Format, deny_warnings: bool) -> u8 {
    let files = match paths::collect(paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let result = check_files(&RealFileSystem, &files);
    let summary = Summary::of(&result);
    let output = render::render(&result, format);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`journey check | head`) is not an error worth a panic.
    let _ = stdout.write_all(output.as_bytes());
    let _ = stdout.flush();
    // A checked file that exists but cannot be read (not a regular file,
    // over the size limit) is an unreadable input, after the report of the
    // others.
    for file in &result.unreadable {
        eprintln!(
            "error: cannot read `{}`: {}",
            file.path.display(),
            file.reason
        );
    }
    if !result.unreadable.is_empty() {
        return EXIT_USAGE;
    }
    let failed = summary.errors > 0 || (deny_warnings && summary.warnings > 0);
    if failed {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}
