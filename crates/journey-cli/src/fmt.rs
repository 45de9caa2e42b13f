//! `journey fmt`: rewrites files in the canonical style (LANGUAGE.md §9;
//! the rules are in the `journey-fmt` crate).
//!
//! - `journey fmt [PATH…]` formats every file given or found under the
//!   directories given (default `.`), replacing each changed file
//!   atomically: a sibling temporary file is written, flushed to disk, given
//!   the original's permissions (and, where allowed, its owner), then renamed
//!   over the original. A symbolic link is followed: the file it points to is
//!   replaced and the link stays. A read-only file is reported and left
//!   alone. Nothing is printed for files that were formatted.
//! - `--check` never writes: it lists the files that are not formatted on
//!   stdout, one per line, and fails.
//! - `-` reads standard input and writes the formatted text to standard
//!   output. When the input cannot be formatted (syntax errors, not UTF-8),
//!   the diagnostics go to stderr, the input is written back unchanged to
//!   stdout (so that an editor filter never loses the buffer), and the exit
//!   status is 1. With `--check`, nothing but `<stdin>` (when unformatted)
//!   is printed on stdout.
//!
//! A file with syntax errors, or that is not UTF-8, is reported with the
//! human renderer of `journey check` on stderr and left untouched.
//!
//! Exit status: 0 when every file is (now) formatted; 1 when `--check`
//! found an unformatted file or a file has syntax errors or is not UTF-8;
//! 2 for a usage error or a file that cannot be read or written (the other
//! files are still processed, except when a path given on the command line
//! does not exist: then nothing is done).

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use journey_check::FileReport;
use journey_fmt::FormatError;
use journey_syntax::Diagnostic;

use crate::files::{describe, replace_if_unchanged, Stamp, WriteError};
use crate::render::{self, shown_path};
use crate::{paths, EXIT_FOUND, EXIT_OK, EXIT_USAGE};

/// The name standard input goes by in reports.
const STDIN: &str = "<stdin>";

pub(crate) fn run(paths: &[PathBuf], check: bool) -> u8 {
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            eprintln!("error: `-` (standard input) cannot be combined with other paths");
            return EXIT_USAGE;
        }
        return stdin(check);
    }
    let files = match paths::collect(paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let mut io_failed = false;
    let mut broken = Vec::new();
    let mut unformatted = 0;
    let mut internal = false;
    let mut stdout = io::stdout().lock();
    for (n, path) in files.iter().enumerate() {
        let last = n + 1 == files.len();
        match file(path, check, last) {
            Outcome::Unchanged | Outcome::Written => {}
            Outcome::Unformatted => {
                unformatted += 1;
                let _ = writeln!(stdout, "{}", shown_path(path));
            }
            Outcome::Invalid(report) => broken.push(report),
            Outcome::Internal(message) => {
                internal = true;
                eprintln!("error: {}: {message}", shown_path(path));
            }
            Outcome::Io(message) => {
                io_failed = true;
                eprintln!("error: {message}");
            }
        }
    }
    let _ = stdout.flush();
    drop(stdout);
    let any_broken = !broken.is_empty();
    if any_broken {
        report(broken);
    }
    if unformatted > 0 {
        eprintln!(
            "{unformatted} of {} {} not formatted; run `journey fmt` to format {}",
            plural(files.len(), "file", "files"),
            if unformatted == 1 { "is" } else { "are" },
            if unformatted == 1 { "it" } else { "them" }
        );
    }
    if io_failed {
        EXIT_USAGE
    } else if unformatted > 0 || internal || any_broken {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}

enum Outcome {
    /// Already formatted.
    Unchanged,
    /// Formatted and replaced.
    Written,
    /// Not formatted (`--check`).
    Unformatted,
    /// Syntax errors or not UTF-8: the diagnostics to render.
    Invalid(FileReport),
    /// The formatter refused its own output (a bug).
    Internal(String),
    /// Cannot be read or written.
    Io(String),
}

/// Formats (or checks) one file; `last`: the process ends after it, so its
/// tree is not freed (see [`format_bytes`]).
fn file(path: &Path, check: bool, last: bool) -> Outcome {
    let cannot_read = |error: io::Error| {
        Outcome::Io(format!(
            "cannot read `{}`: {}",
            shown_path(path),
            describe(&error)
        ))
    };
    // Metadata before the read: a change after it shows in the stamp.
    let before = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return cannot_read(error),
    };
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return cannot_read(error),
    };
    let formatted = match format_bytes(path, &bytes, last) {
        Ok(formatted) => formatted,
        Err(outcome) => return outcome,
    };
    if formatted.as_bytes() == bytes {
        return Outcome::Unchanged;
    }
    if check {
        return Outcome::Unformatted;
    }
    if before.permissions().readonly() {
        return Outcome::Io(format!(
            "`{}` is read-only; it was not formatted",
            shown_path(path)
        ));
    }
    // Someone (an editor) may change the file while it is formatted and
    // written: the writer compares it with what was read right before the
    // rename, and their version wins.
    let stamp = Stamp::new(&bytes, &before);
    drop(bytes);
    match replace_if_unchanged(path, &stamp, |out| out.write_all(formatted.as_bytes())) {
        Ok(()) => Outcome::Written,
        Err(WriteError::Changed) => Outcome::Io(format!(
            "`{}` changed while it was being formatted; it was left as it is",
            shown_path(path)
        )),
        Err(WriteError::Io(error)) => Outcome::Io(format!(
            "cannot write `{}`: {}",
            shown_path(path),
            describe(&error)
        )),
    }
}

/// The formatted text, or why there is none. With `exiting` (the last
/// file of the run), the syntax tree is left to the operating system:
/// freeing a large tree node by node is a tenth of `fmt --check` on a large
/// file (BENCHMARKS.md), and only the one last tree is ever kept.
fn format_bytes(path: &Path, bytes: &[u8], exiting: bool) -> Result<String, Outcome> {
    let text = match journey_syntax::decode(bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            let text = String::from_utf8_lossy(bytes);
            return Err(invalid(path, &text, vec![diagnostic]));
        }
    };
    let parse = journey_syntax::parse(text);
    let result = journey_fmt::format_parsed(text, &parse);
    if exiting {
        std::mem::forget(parse);
    } else {
        drop(parse);
    }
    match result {
        Ok(formatted) => Ok(formatted),
        Err(FormatError::Syntax(diagnostics)) => Err(invalid(path, text, diagnostics)),
        Err(error @ FormatError::Internal(_)) => Err(Outcome::Internal(format!(
            "{error}; please report this bug with the file"
        ))),
    }
}

fn invalid(path: &Path, text: &str, mut diagnostics: Vec<Diagnostic>) -> Outcome {
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    Outcome::Invalid(FileReport {
        path: path.to_path_buf(),
        text: Arc::from(text),
        diagnostics,
        label_files: Vec::new(),
        continued: false,
        prepared: None,
    })
}

/// Renders the diagnostics of files that could not be formatted on stderr.
fn report(files: Vec<FileReport>) {
    let stderr = io::stderr();
    let mut out = io::BufWriter::new(stderr.lock());
    let _ = render::human_report(&files, &mut out);
    let _ = writeln!(
        out,
        "{} not formatted: fix the errors above first",
        plural(files.len(), "file was", "files were")
    );
    let _ = out.flush();
}

/// `journey fmt -`: standard input to standard output.
fn stdin(check: bool) -> u8 {
    let mut bytes = Vec::new();
    if let Err(error) = io::stdin().lock().read_to_end(&mut bytes) {
        eprintln!("error: cannot read standard input: {}", describe(&error));
        return EXIT_USAGE;
    }
    let mut stdout = io::stdout().lock();
    let status = match format_bytes(Path::new(STDIN), &bytes, true) {
        Ok(formatted) if check => {
            if formatted.as_bytes() == bytes {
                EXIT_OK
            } else {
                let _ = writeln!(stdout, "{STDIN}");
                EXIT_FOUND
            }
        }
        Ok(formatted) => {
            let _ = stdout.write_all(formatted.as_bytes());
            EXIT_OK
        }
        Err(outcome) => {
            if !check {
                // An editor that pipes its buffer through us gets it back.
                let _ = stdout.write_all(&bytes);
            }
            match outcome {
                Outcome::Invalid(file) => report(vec![file]),
                Outcome::Internal(message) => eprintln!("error: {STDIN}: {message}"),
                _ => {}
            }
            EXIT_FOUND
        }
    };
    if stdout.flush().is_err() {
        return EXIT_USAGE;
    }
    status
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
