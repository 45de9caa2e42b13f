//! `--format json` (LANGUAGE.md §7), written one diagnostic at a time.
//!
//! The document is the one `serde_json::to_string_pretty` would give for
//! the whole report, but only one diagnostic is ever held as JSON (or one
//! file's, rendered in memory for a directory run's turn).

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

pub(super) struct Json;

impl Renderer for Json {
    fn write_part(&self, file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let positions = Positions::new(file);
        let mut label_files = LabelFiles::new(file);
        let path = display_path(&file.path);
        let mut scratch = Vec::new();
        for (i, diagnostic) in file.diagnostics.iter().enumerate() {
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
            if i > 0 {
                out.write_all(self.separator())?;
            }
            write_pretty_indented(out, &entry, "    ", &mut scratch)?;
        }
        Ok(())
    }

    fn opening(&self) -> &[u8] {
        b"{\n  \"version\": 1,\n  \"diagnostics\": [\n    "
    }

    fn separator(&self) -> &[u8] {
        b",\n    "
    }

    fn finish(&self, out: &mut dyn Write, summary: &Summary, any: bool) -> io::Result<()> {
        let closing = if any {
            "\n  ],\n  \"summary\": "
        } else {
            "{\n  \"version\": 1,\n  \"diagnostics\": [],\n  \"summary\": "
        };
        out.write_all(closing.as_bytes())?;
        write_pretty_indented(out, summary, "  ", &mut Vec::new())?;
        out.write_all(b"\n}\n")
    }
}
