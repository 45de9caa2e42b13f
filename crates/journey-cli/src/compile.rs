//! `journey compile FILE [-o OUT]` and `journey compile --schema`
//! (LANGUAGE.md §7 and §8).
//!
//! The JSON is serialised straight into a buffered stdout or into the
//! temporary file of an atomic write: a large model is never held as text.
//! `-o -` is stdout. The output never replaces a file the compilation read
//! (the file, its imports, their `journey.toml`), however it is named: the
//! same device and inode, through any link.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use journey_check::config::CONFIG_FILE;
use journey_check::{check_file, compile, paths as check_paths, FileCheck, RealFileSystem};
use serde::Serialize;

use crate::files::{describe, same_file, write_atomically_with};
use crate::render::{self, shown_path};
use crate::{EXIT_FOUND, EXIT_OK, EXIT_USAGE};

/// `journey compile --schema`: the JSON Schema of the compiled model.
pub(crate) fn schema(out: Option<&Path>) -> u8 {
    emit(&compile::schema(), out)
}

/// `journey compile FILE [-o OUT]`.
pub(crate) fn run(file: &Path, out: Option<&Path>) -> u8 {
    let check = match checked(file, "compiled", |check| refuse_inputs(check, out)) {
        Ok(check) => check,
        Err(status) => return status,
    };
    let model = compile::compile(&check.analysis);
    let status = emit(&model, out);
    // The process ends right after: freeing the tree, the analysis and the
    // model piece by piece would cost a tenth of the run (measured in
    // BENCHMARKS.md); the operating system takes the memory back at once.
    std::mem::forget(check);
    std::mem::forget(model);
    status
}

/// Checks one file that is to be turned into something (`verb`: compiled,
/// rendered). A directory or an unreadable file is a usage error; so is
/// whatever `before` refuses once the file and its imports are known
/// (an output that would overwrite an input). A file with errors (or an
/// import with errors) is refused with its diagnostics on stderr and
/// "`file` was not {verb}". Returns the exit status then.
pub(crate) fn checked(
    file: &Path,
    verb: &str,
    before: impl FnOnce(&FileCheck) -> Result<(), String>,
) -> Result<FileCheck, u8> {
    if let Err(message) = readable(file) {
        eprintln!("error: {message}");
        return Err(EXIT_USAGE);
    }
    let check = check_file(&RealFileSystem, file);
    if let Err(message) = before(&check) {
        eprintln!("error: {message}");
        return Err(EXIT_USAGE);
    }
    // The model includes the definitions of imported files: an error in any
    // of them makes the output untrustworthy.
    if check.reports.iter().any(|r| r.has_errors()) {
        let reports: Vec<_> = check
            .reports
            .iter()
            .filter(|r| !r.diagnostics.is_empty())
            .cloned()
            .collect();
        let stderr = io::stderr();
        let mut err = BufWriter::new(stderr.lock());
        let _ = render::human_report(&reports, &mut err);
        let _ = writeln!(
            err,
            "error: `{}` was not {verb} because of the errors above",
            shown_path(file)
        );
        let _ = err.flush();
        return Err(EXIT_FOUND);
    }
    Ok(check)
}

/// Refuses an output (`-o`) that is one of the files a check read.
pub(crate) fn refuse_inputs(check: &FileCheck, out: Option<&Path>) -> Result<(), String> {
    let Some(out) = out.filter(|out| !is_stdout(out)) else {
        return Ok(());
    };
    let inputs = inputs(check.analysis.files.iter().map(|f| f.path.as_path()));
    match inputs.iter().find(|input| same_file(out, input)) {
        Some(input) => Err(format!(
            "`{}` is `{}`, an input; `journey` never writes over a file it reads (choose another `-o`)",
            shown_path(out),
            shown_path(input)
        )),
        None => Ok(()),
    }
}

/// Whether the named input is a readable file: not a directory, and a
/// regular file (opening a FIFO would wait for a writer forever).
fn readable(file: &Path) -> Result<(), String> {
    let cannot_read =
        |error: io::Error| format!("cannot read `{}`: {}", shown_path(file), describe(&error));
    let metadata = fs::metadata(file).map_err(cannot_read)?;
    if metadata.is_dir() {
        return Err(format!(
            "`{}` is a directory; this command takes one `.journey` file",
            shown_path(file)
        ));
    }
    journey_check::fs::ensure_readable(file).map_err(cannot_read)
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

/// The buffer the JSON is serialised into before it reaches the output.
const JSON_BUFFER: usize = 64 * 1024;

/// Writes `value` as pretty JSON to stdout, or atomically to `out`.
fn emit(value: &impl Serialize, out: Option<&Path>) -> u8 {
    let write = |writer: &mut dyn Write| -> io::Result<()> {
        // serde_json makes one small write per token: into a buffer of a
        // concrete type they are inlined copies, where a `dyn Write` would
        // make each one a call. The buffer hands large blocks on.
        let mut buffered = BufWriter::with_capacity(JSON_BUFFER, writer);
        crate::pretty::to_writer(&mut buffered, value)?;
        buffered.write_all(b"\n")?;
        buffered.flush()
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
