//! `--format json` (LANGUAGE.md §7).

use journey_check::CheckResult;
use serde::Serialize;

use super::{display_path, Positions, Range, Summary};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
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

pub fn render(result: &CheckResult) -> String {
    let mut diagnostics = Vec::new();
    for file in &result.files {
        let positions = Positions::new(file);
        for diagnostic in &file.diagnostics {
            let labels = diagnostic
                .labels
                .iter()
                .map(|label| {
                    let range = match &label.file {
                        Some(other) => other_file_range(result, other, label.span),
                        None => positions.range(label.span),
                    };
                    JsonLabel {
                        file: label.file.as_deref().map(display_path),
                        message: &label.message,
                        range,
                    }
                })
                .collect();
            diagnostics.push(JsonDiagnostic {
                file: display_path(&file.path),
                code: diagnostic.code,
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                help: diagnostic.help.as_deref(),
                range: positions.range(diagnostic.span),
                labels,
            });
        }
    }
    let output = Output {
        version: 1,
        diagnostics,
        summary: Summary::of(result),
    };
    let mut text = serde_json::to_string_pretty(&output).expect("the report serialises");
    text.push('\n');
    text
}

/// The range of a span in another file of the run (imported files are part
/// of the result); an unknown file gives line 1, column 1.
pub(super) fn other_file_range(
    result: &CheckResult,
    path: &std::path::Path,
    span: journey_syntax::Span,
) -> Range {
    match result.files.iter().find(|f| f.path == path) {
        Some(file) => Positions::new(file).range(span),
        None => Positions::of_text("").range(journey_syntax::Span::default()),
    }
}
