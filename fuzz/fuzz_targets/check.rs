//! One input split into a small in-memory project (a main file, the files
//! it may import, maybe a `journey.toml`; see `split_project`), checked as
//! the command line does (`check_files`) and as the language server does
//! (`check_file`): never panics; every diagnostic's span is a valid span of
//! the text of the file it is reported for; the compiled model of a file
//! without errors validates against `journey compile --schema`.
#![no_main]

use std::path::{Path, PathBuf};

use journey_check::{check_file, check_files, FileReport, MemoryFileSystem};
use journey_fuzz::{assert_diagnostic_in, assert_model_valid, assert_span_in, split_project};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = split_project(data);
    let mut fs = MemoryFileSystem::new();
    for (path, bytes) in &files {
        fs.insert(path.clone(), bytes.clone());
    }
    let bytes_of = |path: &Path| {
        let path = journey_check::paths::absolute(path);
        files
            .iter()
            .rev()
            .find(|(p, _)| journey_check::paths::absolute(p) == path)
            .map(|(_, bytes)| bytes.as_slice())
    };

    let journeys: Vec<PathBuf> = files
        .iter()
        .map(|(path, _)| path.clone())
        .filter(|path| path.extension().is_some_and(|e| e == "journey"))
        .collect();
    let result = check_files(&fs, &journeys);
    assert_reports(&result.files, &bytes_of);

    let main = &files[0].0;
    let check = check_file(&fs, main);
    assert_reports(&check.reports, &bytes_of);
    let root = &check.analysis.files[0];
    for diagnostic in check.analysis.diagnostics() {
        assert_report_diagnostic(&root.text, bytes_of(&root.path), diagnostic);
    }
    if !check.analysis.has_errors() {
        assert_model_valid(&journey_check::compile::compile(&check.analysis));
    }
});

/// Every diagnostic of every report, and every label that points into
/// another reported file, is a valid span of that file's text.
fn assert_reports<'a>(reports: &[FileReport], bytes_of: &dyn Fn(&Path) -> Option<&'a [u8]>) {
    for report in reports {
        for diagnostic in &report.diagnostics {
            assert_report_diagnostic(&report.text, bytes_of(&report.path), diagnostic);
            for label in diagnostic.labels.iter() {
                let Some(file) = &label.file else { continue };
                let absolute = journey_check::paths::absolute(file);
                if let Some(other) = reports
                    .iter()
                    .find(|r| journey_check::paths::absolute(&r.path) == absolute)
                {
                    assert_span_in(&other.text, label.span, "label in another file");
                }
            }
        }
    }
}

/// A diagnostic's spans are valid in the report's text, also for a file
/// that is not UTF-8: its text is the lossily decoded one, in which
/// `invalid-utf8` covers the replacement character of the first bad byte.
fn assert_report_diagnostic(
    text: &str,
    bytes: Option<&[u8]>,
    diagnostic: &journey_syntax::Diagnostic,
) {
    let not_utf8 = bytes.is_some_and(|b| std::str::from_utf8(b).is_err());
    if not_utf8 && diagnostic.code == "invalid-utf8" {
        assert_eq!(
            text.get(diagnostic.span.range()),
            Some("\u{FFFD}"),
            "`invalid-utf8` span {:?} is not the replacement character",
            diagnostic.span
        );
    }
    assert_diagnostic_in(text, diagnostic);
}
