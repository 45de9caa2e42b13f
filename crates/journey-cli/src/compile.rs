//! `journey compile FILE [-o OUT]` and `journey compile --schema`
//! (LANGUAGE.md §7 and §8).
//!
//! The JSON is serialised straight into a buffered stdout or into the
//! temporary file of an atomic write: a large model is never held as text.
//! `-o -` is stdout. The output never replaces a file the compilation read
//! (the file, its imports, their `journey.toml`), however it is named: the
//! same device and inode, through any link.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use journey_check::config::CONFIG_FILE;
use journey_check::{check_file, compile, paths as check_paths, RealFileSystem};
use serde::Serialize;

use crate::files::{describe, same_file, write_atomically_with};
use crate::render::{self, shown_path};
use crate::{EXIT_FOUND, EXIT_OK, EXIT_USAGE};

/// `journey compile --schema`: the JSON Schema of the compiled model.
pub fn schema(out: Option<&Path>) -> u8 {
    emit(&compile::schema(), out)
}

/// `journey compile FILE [-o OUT]`.
pub fn run(file: &Path, out: Option<&Path>) -> u8 {
    if let Err(message) = readable(file) {
        eprintln!("error: {message}");
        return EXIT_USAGE;
    }
    let check = check_file(&RealFileSystem, file);
    if let Some(out) = out.filter(|out| !is_stdout(out)) {
        let inputs = inputs(check.analysis.files.iter().map(|f| f.path.as_path()));
        if let Some(input) = inputs.iter().find(|input| same_file(out, input)) {
            eprintln!(
                "error: `{}` is `{}`, an input of this compilation; \
                 `journey compile` never writes over a file it reads (choose another `-o`)",
                shown_path(out),
                shown_path(input)
            );
            return EXIT_USAGE;
        }
    }
    // The model includes the definitions of imported files: an error in any
    // of them makes the output untrustworthy.
    if check.reports.iter().any(|r| r.has_errors()) {
        let reports: Vec<_> = check
            .reports
            .into_iter()
            .filter(|r| !r.diagnostics.is_empty())
            .collect();
        let stderr = io::stderr();
        let mut err = BufWriter::new(stderr.lock());
        let _ = render::human_report(&reports, &mut err);
        let _ = writeln!(
            err,
            "error: `{}` was not compiled because of the errors above",
            shown_path(file)
        );
        let _ = err.flush();
        return EXIT_FOUND;
    }
    let model = compile::compile(&check.analysis);
    drop(check);
    emit(&model, out)
}

/// Whether the named input is a readable file (not a directory).
fn readable(file: &Path) -> Result<(), String> {
    let cannot_read =
        |error: io::Error| format!("cannot read `{}`: {}", shown_path(file), describe(&error));
    let metadata = fs::metadata(file).map_err(cannot_read)?;
    if metadata.is_dir() {
        return Err(format!(
            "`{}` is a directory; `journey compile` takes one `.journey` file",
            shown_path(file)
        ));
    }
    File::open(file).map(drop).map_err(cannot_read)
}

/// The files a compilation read: the `.journey` files, and the nearest
/// `journey.toml` of each.
fn inputs<'a>(files: impl Iterator<Item = &'a Path>) -> Vec<PathBuf> {
    let mut inputs = Vec::new();
    for file in files {
        inputs.push(file.to_path_buf());
        let config = check_paths::ancestors(file)
            .into_iter()
            .map(|(shown, _)| shown.join(CONFIG_FILE))
            .find(|candidate| candidate.is_file());
        inputs.extend(config);
    }
    inputs
}

/// `-o -`: standard output, as everywhere an output file is named.
fn is_stdout(out: &Path) -> bool {
    out.as_os_str() == "-"
}

/// Writes `value` as pretty JSON to stdout, or atomically to `out`.
fn emit(value: &impl Serialize, out: Option<&Path>) -> u8 {
    let write = |writer: &mut dyn Write| -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *writer, value).map_err(io::Error::other)?;
        writer.write_all(b"\n")?;
        writer.flush()
    };
    match out.filter(|out| !is_stdout(out)) {
        None => {
            let stdout = io::stdout();
            let mut writer = BufWriter::with_capacity(256 * 1024, stdout.lock());
            // A closed pipe (`journey compile x | head`) is not worth a panic.
            let _ = write(&mut writer);
            EXIT_OK
        }
        Some(path) => match write_atomically_with(path, write) {
            Ok(()) => EXIT_OK,
            Err(error) => {
                eprintln!(
                    "error: cannot write `{}`: {}",
                    shown_path(path),
                    describe(&error)
                );
                EXIT_USAGE
            }
        },
    }
}
