//! Renderers of check results: the only place diagnostics become text.

mod github;
mod human;
mod json;
mod sarif;

use journey_check::{CheckResult, FileReport};
use journey_syntax::{ColumnUnit, LineIndex, Severity, Span};
use serde::Serialize;

use crate::Format;

pub fn render(result: &CheckResult, format: Format) -> String {
    match format {
        Format::Human => human::render(result, human::Style::detect()),
        Format::Json => json::render(result),
        Format::Github => github::render(result),
        Format::Sarif => sarif::render(result),
    }
}

/// Counts of a run.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
}

impl Summary {
    pub fn of(result: &CheckResult) -> Summary {
        let mut summary = Summary {
            files: result.files.len(),
            ..Summary::default()
        };
        for diagnostic in result.files.iter().flat_map(|f| &f.diagnostics) {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Advice => summary.advice += 1,
            }
        }
        summary
    }

    /// `3 errors, 2 warnings in 5 files`.
    pub fn sentence(&self) -> String {
        let mut parts = vec![
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
        ];
        if self.advice > 0 {
            parts.push(plural(self.advice, "advice", "advice"));
        }
        format!(
            "{} in {}",
            parts.join(", "),
            plural(self.files, "file", "files")
        )
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A 1-based line and column (Unicode scalar values), as every file-facing
/// format reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    /// Exclusive.
    pub end: Position,
}

/// Converts byte spans of one file to 1-based positions.
pub struct Positions<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Positions<'a> {
    pub fn new(file: &'a FileReport) -> Positions<'a> {
        Positions::of_text(&file.text)
    }

    pub fn of_text(text: &'a str) -> Positions<'a> {
        Positions {
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start as usize),
            end: self.position(span.end as usize),
        }
    }

    fn position(&self, offset: usize) -> Position {
        let at = self.index.line_col(self.text, offset, ColumnUnit::Char);
        Position {
            line: at.line + 1,
            column: at.col + 1,
        }
    }
}

/// A path as reports show it: forward slashes on every platform.
pub fn display_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
