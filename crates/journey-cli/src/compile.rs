//! `journey compile FILE [-o OUT]` and `journey compile --schema`
//! (LANGUAGE.md §7 and §8).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use journey_check::{check_file, compile, CheckResult, RealFileSystem};

use crate::render::{self, display_path};
use crate::{Format, EXIT_FOUND, EXIT_OK, EXIT_USAGE};

/// `journey compile --schema`: the JSON Schema of the compiled model.
pub fn schema(out: Option<&Path>) -> u8 {
    let text = pretty(&compile::schema());
    emit(&text, out)
}

/// `journey compile FILE [-o OUT]`.
pub fn run(file: &Path, out: Option<&Path>) -> u8 {
    match fs::metadata(file) {
        Ok(metadata) if metadata.is_dir() => {
            eprintln!(
                "error: `{}` is a directory; `journey compile` takes one `.journey` file",
                display_path(file)
            );
            return EXIT_USAGE;
        }
        Ok(_) => {
            if let Err(error) = File::open(file) {
                eprintln!(
                    "error: cannot read `{}`: {}",
                    display_path(file),
                    describe(&error)
                );
                return EXIT_USAGE;
            }
        }
        Err(error) => {
            eprintln!(
                "error: cannot read `{}`: {}",
                display_path(file),
                describe(&error)
            );
            return EXIT_USAGE;
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
            "error: `{}` was not compiled because of the errors above",
            display_path(file)
        );
        return EXIT_FOUND;
    }
    let model = compile::compile(&check.analysis);
    let mut text = serde_json::to_string_pretty(&model).expect("the model serialises");
    text.push('\n');
    emit(&text, out)
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

/// Writes a sibling temporary file, flushes it to disk and renames it over
/// `path`: readers see the old file or the new one, never half of it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    // `-o build/map.json` implies the folder.
    fs::create_dir_all(&dir)?;
    let mut attempt = 0u32;
    let (temp, mut file) = loop {
        let temp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => break (temp, file),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(dir) = File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}
