//! `--format json` (LANGUAGE.md §7), written one diagnostic at a time.
//!
//! The document is the one `serde_json::to_string_pretty` would give for
//! the whole report, but only one diagnostic is ever held as JSON.

use std::io::{self, Write};

use journey_check::FileReport;
use serde::Serialize;

use super::{display_path, write_pretty_indented, LabelFiles, Positions, Range, Renderer, Summary};

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    range: Range,
    labels: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    /// Only present when the label lies in another file.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    message: &'a str,
    range: Range,
}

pub(super) struct Json<'w> {
    out: &'w mut dyn Write,
    /// Whether a diagnostic was written (the separator, and `[]`).
    any: bool,
    scratch: Vec<u8>,
}

impl<'w> Json<'w> {
    pub(super) fn new(out: &'w mut dyn Write) -> Json<'w> {
        Json {
            out,
            any: false,
            scratch: Vec::new(),
        }
    }
}

impl Renderer for Json<'_> {
    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        let positions = Positions::new(file);
        let mut label_files = LabelFiles::new(file);
        let path = display_path(&file.path);
        for diagnostic in &file.diagnostics {
            let labels = diagnostic
                .labels
                .iter()
                .map(|label| JsonLabel {
                    file: label.file.as_deref().map(display_path),
                    message: &label.message,
                    range: match &label.file {
                        Some(other) => label_files.range(other, label.span),
                        None => positions.range(label.span),
                    },
                })
                .collect();
            let entry = JsonDiagnostic {
                file: &path,
                code: diagnostic.code,
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                help: diagnostic.help.as_deref(),
                range: positions.range(diagnostic.span),
                labels,
            };
            let opening = if self.any {
                ",\n    "
            } else {
                "{\n  \"version\": 1,\n  \"diagnostics\": [\n    "
            };
            self.out.write_all(opening.as_bytes())?;
            self.any = true;
            write_pretty_indented(self.out, &entry, "    ", &mut self.scratch)?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let closing = if self.any {
            "\n  ],\n  \"summary\": "
        } else {
            "{\n  \"version\": 1,\n  \"diagnostics\": [],\n  \"summary\": "
        };
        self.out.write_all(closing.as_bytes())?;
        write_pretty_indented(self.out, summary, "  ", &mut self.scratch)?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}
