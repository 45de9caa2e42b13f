//! `journey compile FILE [-o OUT]` and `journey compile --schema`
//! (LANGUAGE.md §7 and §8).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use journey_check::{check_file, compile, CheckResult, FileCheck, RealFileSystem};

use crate::files::{describe, write_atomically};
use crate::render::{self, display_path};
use crate::{Format, EXIT_FOUND, EXIT_OK, EXIT_USAGE};

/// `journey compile --schema`: the JSON Schema of the compiled model.
pub fn schema(out: Option<&Path>) -> u8 {
    let text = pretty(&compile::schema());
    emit(&text, out)
}

/// `journey compile FILE [-o OUT]`.
pub fn run(file: &Path, out: Option<&Path>) -> u8 {
    let check = match checked(file, "compiled") {
        Ok(check) => check,
        Err(status) => return status,
    };
    let model = compile::compile(&check.analysis);
    let mut text = serde_json::to_string_pretty(&model).expect("the model serialises");
    text.push('\n');
    emit(&text, out)
}

/// Checks one file that is to be turned into something (compiled,
/// rendered). A directory or an unreadable file is a usage error; a file
/// with errors (or an import with errors) is refused with its diagnostics
/// on stderr and "`file` was not {verb}". Returns the exit status then.
pub fn checked(file: &Path, verb: &str) -> Result<FileCheck, u8> {
    match fs::metadata(file) {
        Ok(metadata) if metadata.is_dir() => {
            eprintln!(
                "error: `{}` is a directory; `journey compile` takes one `.journey` file",
                display_path(file)
            );
            return Err(EXIT_USAGE);
        }
        Ok(_) => {
            if let Err(error) = File::open(file) {
                eprintln!(
                    "error: cannot read `{}`: {}",
                    display_path(file),
                    describe(&error)
                );
                return Err(EXIT_USAGE);
            }
        }
        Err(error) => {
            eprintln!(
                "error: cannot read `{}`: {}",
                display_path(file),
                describe(&error)
            );
            return Err(EXIT_USAGE);
        }
    }
    let check = check_file(&RealFileSystem, file);
    // The model includes the definitions of imported files: an error in any
    // of them makes the output untrustworthy.
    if check.reports.iter().any(|r| r.has_errors()) {
        let result = CheckResult {
            files: check
                .reports
                .into_iter()
                .filter(|r| !r.diagnostics.is_empty())
                .collect(),
            unreadable: Vec::new(),
        };
        let report = render::render(&result, Format::Human);
        let mut stderr = io::stderr().lock();
        let _ = stderr.write_all(report.as_bytes());
        let _ = writeln!(
            stderr,
            "error: `{}` was not {verb} because of the errors above",
            display_path(file)
        );
        return Err(EXIT_FOUND);
    }
    Ok(check)
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON serialises");
    text.push('\n');
    text
}

/// Writes to stdout, or atomically to `out`.
fn emit(text: &str, out: Option<&Path>) -> u8 {
    match out {
        None => {
            let mut stdout = io::stdout().lock();
            // A closed pipe (`journey compile x | head`) is not worth a panic.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            EXIT_OK
        }
        Some(path) => match write_atomically(path, text.as_bytes()) {
            Ok(()) => EXIT_OK,
            Err(error) => {
                eprintln!(
                    "error: cannot write `{}`: {}",
                    display_path(path),
                    describe(&error)
                );
                EXIT_USAGE
            }
        },
    }
}
