//! Renderers of check results: the only place diagnostics become text.
//!
//! Every renderer streams: each file's part of the output is rendered on
//! its own ([`Renderer::part`], on any thread: a directory run renders a
//! chunk of files on every core), then [`Output`] writes the parts in
//! order with what goes before, between and after them. Nothing of a file
//! is kept once its part is written: memory stays proportional to one
//! chunk of files, whatever the number of files or diagnostics.

mod escape;
mod excerpt;
mod github;
mod human;
mod json;
mod sarif;

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use journey_check::FileReport;
use journey_syntax::{ColumnUnit, LineIndex, Severity, Span};
use serde::Serialize;

use crate::Format;

pub(crate) use escape::escape_controls;

/// One output format of check results.
pub(crate) trait Renderer: Sync {
    /// Writes one file's diagnostics on their own, several joined by
    /// [`Renderer::separator`]. Nothing is written for a file without
    /// diagnostics, and something for every other.
    fn write_part(&self, report: &FileReport, out: &mut dyn Write) -> io::Result<()>;
    /// What goes before the first file with diagnostics (a document's
    /// opening).
    fn opening(&self) -> &[u8] {
        b""
    }
    /// What goes between two files with diagnostics.
    fn separator(&self) -> &[u8] {
        b""
    }
    /// Writes what follows the last file (the summary, closing brackets);
    /// `any` tells whether a file had diagnostics.
    fn finish(&self, out: &mut dyn Write, summary: &Summary, any: bool) -> io::Result<()>;

    /// One file's part of the output, in memory: any thread may render one,
    /// for [`Output::write`] to write in its turn.
    fn part(&self, report: &FileReport) -> Vec<u8> {
        let mut part = Vec::new();
        self.write_part(report, &mut part)
            .expect("writing to memory does not fail");
        part
    }
}

/// The renderer of `format`.
pub(crate) fn renderer(format: Format) -> Box<dyn Renderer> {
    match format {
        Format::Human => Box::new(human::Human::new(human::Style::detect())),
        Format::Json => Box::new(json::Json),
        Format::Github => Box::new(github::Github),
        Format::Sarif => Box::new(sarif::Sarif::new()),
    }
}

/// Writes the files of a run in their turn to `out` (buffer it: parts and
/// separators are written in small pieces).
pub(crate) struct Output<'r, 'w> {
    renderer: &'r dyn Renderer,
    out: &'w mut dyn Write,
    /// Whether a file had diagnostics (the opening, then separators).
    any: bool,
}

impl<'r, 'w> Output<'r, 'w> {
    pub(crate) fn new(renderer: &'r dyn Renderer, out: &'w mut dyn Write) -> Output<'r, 'w> {
        Output {
            renderer,
            out,
            any: false,
        }
    }

    /// Renders the next file straight to the output.
    pub(crate) fn file(&mut self, report: &FileReport) -> io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        self.lead()?;
        self.renderer.write_part(report, self.out)
    }

    /// Writes the next file's part, made by [`Renderer::part`].
    pub(crate) fn write(&mut self, part: &[u8]) -> io::Result<()> {
        if part.is_empty() {
            return Ok(());
        }
        self.lead()?;
        self.out.write_all(part)
    }

    /// The opening before the first file with diagnostics, else the separator.
    fn lead(&mut self) -> io::Result<()> {
        let lead = if self.any {
            self.renderer.separator()
        } else {
            self.renderer.opening()
        };
        self.any = true;
        self.out.write_all(lead)
    }

    /// Writes what follows the last file, and flushes.
    pub(crate) fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.renderer.finish(self.out, summary, self.any)?;
        self.out.flush()
    }
}

/// Renders a few reports held in memory (what `compile` and `fmt` print on
/// stderr) as the human report, without colour detection on stdout.
pub(crate) fn human_report(reports: &[FileReport], out: &mut dyn Write) -> io::Result<Summary> {
    let style = human::Style::detect_for(&io::stderr());
    let renderer = human::Human::new(style);
    let mut output = Output::new(&renderer, out);
    let mut summary = Summary::default();
    for report in reports {
        summary.add(report);
        output.file(report)?;
    }
    output.finish(&summary)?;
    Ok(summary)
}

/// Counts of a run.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub(crate) struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
}

impl Summary {
    /// Counts one more file and its diagnostics.
    pub(crate) fn add(&mut self, report: &FileReport) {
        self.files += 1;
        for diagnostic in &report.diagnostics {
            match diagnostic.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Advice => self.advice += 1,
            }
        }
    }

    /// Counts the diagnostics of a report that continues a file already
    /// counted ([`FileReport::continued`]).
    pub(crate) fn add_continued(&mut self, report: &FileReport) {
        let files = self.files;
        self.add(report);
        self.files = files;
    }

    /// `3 errors, 2 warnings in 5 files`.
    pub(crate) fn sentence(&self) -> String {
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
pub(crate) struct Position {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Range {
    pub start: Position,
    /// Exclusive.
    pub end: Position,
}

/// Converts byte spans of one file to 1-based positions.
///
/// Diagnostics come sorted by start, so conversions mostly move forward
/// along a line: a few cursors remember recent conversions (starts, ends
/// and labels each tend to keep one) and counting goes on from the nearest
/// one before the offset, which keeps many diagnostics on one long line
/// linear instead of recounting the line from its start each time.
pub(crate) struct Positions<'a> {
    text: &'a str,
    index: LineIndex,
    cursors: [Cell<Cursor>; 4],
    /// Counts conversions, to find the least recently used cursor.
    clock: Cell<u64>,
}

/// A converted offset: its line, byte offset and column, and when it was
/// last used.
#[derive(Clone, Copy)]
struct Cursor {
    line: u32,
    offset: usize,
    column: u32,
    used: u64,
}

const NO_CURSOR: Cursor = Cursor {
    line: u32::MAX,
    offset: 0,
    column: 0,
    used: 0,
};

impl<'a> Positions<'a> {
    pub(crate) fn new(file: &'a FileReport) -> Positions<'a> {
        Positions::of_text(&file.text)
    }

    pub(crate) fn of_text(text: &'a str) -> Positions<'a> {
        Positions {
            text,
            index: LineIndex::new(text),
            cursors: std::array::from_fn(|_| Cell::new(NO_CURSOR)),
            clock: Cell::new(0),
        }
    }

    pub(crate) fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start as usize),
            end: self.position(span.end as usize),
        }
    }

    /// The 1-based position of a byte offset (clamped to the text).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let at = self.line_col(offset);
        Position {
            line: at.0 + 1,
            column: at.1 + 1,
        }
    }

    /// The zero-based line and column (in characters) of a byte offset.
    fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = journey_syntax::text::floor_char_boundary(self.text, offset);
        let line = self.index.line_of(offset);
        let start = self.index.line_start(line).min(offset);
        let used = self.clock.get() + 1;
        self.clock.set(used);
        // The nearest cursor at or before the offset on its line, if any.
        let base = (0..self.cursors.len())
            .filter(|&i| {
                let c = self.cursors[i].get();
                c.line == line && (start..=offset).contains(&c.offset)
            })
            .max_by_key(|&i| self.cursors[i].get().offset);
        let (slot, column) = match base {
            Some(i) => {
                let c = self.cursors[i].get();
                (i, c.column + count_chars(&self.text[c.offset..offset]))
            }
            None => {
                let lru = (0..self.cursors.len())
                    .min_by_key(|&i| self.cursors[i].get().used)
                    .unwrap_or(0);
                // Same rule as `LineIndex::line_col` (a leading BOM is no column).
                let column = self.index.line_col(self.text, offset, ColumnUnit::Char).col;
                (lru, column)
            }
        };
        self.cursors[slot].set(Cursor {
            line,
            offset,
            column,
            used,
        });
        (line, column)
    }

    /// The zero-based line of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> u32 {
        self.index.line_of(offset.min(self.text.len()))
    }

    pub(crate) fn index(&self) -> &LineIndex {
        &self.index
    }
}

fn count_chars(text: &str) -> u32 {
    u32::try_from(text.chars().count()).unwrap_or(u32::MAX)
}

/// Positions in the other files that a report's labels point into (an
/// imported file's first definition), each indexed once per report.
pub(crate) struct LabelFiles<'a> {
    report: &'a FileReport,
    /// By index in the report's `label_files`.
    indexed: HashMap<usize, Positions<'a>>,
}

impl<'a> LabelFiles<'a> {
    pub(crate) fn new(report: &'a FileReport) -> LabelFiles<'a> {
        LabelFiles {
            report,
            indexed: HashMap::new(),
        }
    }

    /// The range of a span in another file; an unknown file gives line 1,
    /// column 1.
    pub(crate) fn range(&mut self, path: &Path, span: Span) -> Range {
        let report = self.report;
        match report.label_files.iter().position(|(p, _)| p == path) {
            Some(i) => self
                .indexed
                .entry(i)
                .or_insert_with(|| Positions::of_text(&report.label_files[i].1))
                .range(span),
            None => Positions::of_text("").range(Span::default()),
        }
    }
}

/// A path as reports show it: forward slashes on every platform.
pub(crate) fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A path as human messages show it: forward slashes, control characters
/// escaped (a file name is user input, and a terminal obeys what it prints).
pub(crate) fn shown_path(path: &Path) -> String {
    escape_controls(&display_path(path)).into_owned()
}

/// Writes `value` as pretty JSON, each line after the first indented by
/// `indent`: one element of a larger document written piece by piece.
/// (Pretty JSON has no raw line breaks inside strings, so every `\n` is a
/// line of the layout.)
pub(crate) fn write_pretty_indented(
    out: &mut dyn Write,
    value: &impl Serialize,
    indent: &str,
    scratch: &mut Vec<u8>,
) -> io::Result<()> {
    scratch.clear();
    crate::pretty::to_writer(&mut *scratch, value)?;
    let mut pieces = scratch.split(|&b| b == b'\n');
    if let Some(first) = pieces.next() {
        out.write_all(first)?;
    }
    for piece in pieces {
        out.write_all(b"\n")?;
        out.write_all(indent.as_bytes())?;
        out.write_all(piece)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_diagnostics_on_one_long_line_convert_in_linear_time() {
        // 100 000 diagnostics on one 2 MB line, each with a label near the
        // line's start (a duplicate's first definition), converted in the
        // order the renderers ask: counting every column from the line's
        // start scanned 100 GB (seconds); counting on from the nearest
        // earlier conversion scans the line about twice (milliseconds).
        let text = "team a \"ż\" ".repeat(200_000);
        let positions = Positions::of_text(&text);
        let started = std::time::Instant::now();
        for i in 0..100_000u32 {
            let start = i * 20;
            positions.range(Span::new(start as usize, start as usize + 4));
            positions.range(Span::new(5, 6));
        }
        let elapsed = started.elapsed();
        assert!(elapsed < std::time::Duration::from_secs(1), "{elapsed:?}");
        let last = positions.position(1_999_980);
        let expected = LineIndex::new(&text).line_col(&text, 1_999_980, ColumnUnit::Char);
        assert_eq!(last.column, expected.col + 1);
    }

    #[test]
    fn positions_agree_with_the_line_index_in_any_order() {
        let text = "ab\nżółw 😀x\r\nend\n\u{1b}[31m ż\n";
        let index = LineIndex::new(text);
        let positions = Positions::of_text(text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        // Forward, backward and jumping, as labels and ends ask.
        offsets.extend((0..=text.len()).rev());
        offsets.extend(
            (0..=text.len())
                .step_by(3)
                .chain((0..=text.len()).step_by(5)),
        );
        for offset in offsets {
            let expected = index.line_col(text, offset, ColumnUnit::Char);
            assert_eq!(
                positions.position(offset),
                Position {
                    line: expected.line + 1,
                    column: expected.col + 1
                },
                "offset {offset}"
            );
        }
    }
}
