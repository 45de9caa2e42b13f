//! The default report: miette's graphical rendering with source excerpts.

use std::fmt;
use std::io::IsTerminal;
use std::sync::Arc;

use journey_check::{CheckResult, FileReport};
use journey_syntax::LineIndex;
use journey_syntax::{Diagnostic, Severity, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{display_path, json::other_file_range, Summary};

/// Whether to colour the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Colour,
    Plain,
}

impl Style {
    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if std::io::stdout().is_terminal() && !no_color {
            Style::Colour
        } else {
            Style::Plain
        }
    }
}

pub fn render(result: &CheckResult, style: Style) -> String {
    let theme = match style {
        Style::Colour => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for file in &result.files {
        let source = Arc::new(Source::new(
            display_path(&file.path),
            Arc::clone(&file.text),
        ));
        for diagnostic in &file.diagnostics {
            let report = Report::new(result, file, diagnostic, Arc::clone(&source));
            if handler.render_report(&mut out, &report).is_err() {
                out.push_str(&format!("{}: {}\n", diagnostic.code, diagnostic.message));
            }
            out.push('\n');
        }
    }
    out.push_str(&Summary::of(result).sentence());
    out.push('\n');
    out
}

/// One diagnostic in the shape miette renders.
struct Report {
    code: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Arc<Source>,
}

impl Report {
    fn new(
        result: &CheckResult,
        file: &FileReport,
        diagnostic: &Diagnostic,
        source: Arc<Source>,
    ) -> Report {
        let mut labels = Vec::new();
        let mut notes = Vec::new();
        if !file.text.is_empty() {
            labels.push(LabeledSpan::new_primary_with_span(
                None,
                miette_span(&file.text, diagnostic.span),
            ));
        }
        for label in &diagnostic.labels {
            match &label.file {
                Some(other) if other != &file.path => {
                    let range = other_file_range(result, other, label.span);
                    notes.push(format!(
                        "{}: {}:{}:{}",
                        label.message,
                        display_path(other),
                        range.start.line,
                        range.start.column
                    ));
                }
                _ if !file.text.is_empty() => labels.push(LabeledSpan::new_with_span(
                    Some(label.message.clone()),
                    miette_span(&file.text, label.span),
                )),
                _ => {}
            }
        }
        let help = match (&diagnostic.help, notes.is_empty()) {
            (help, true) => help.clone(),
            (Some(help), false) => Some(format!("{help}\nnote: {}", notes.join("\nnote: "))),
            (None, false) => Some(format!("note: {}", notes.join("\nnote: "))),
        };
        Report {
            code: diagnostic.code,
            severity: diagnostic.severity,
            message: diagnostic.message.clone(),
            help,
            labels,
            source,
        }
    }
}

/// A file's text for miette, with a line index: miette's own `str` source
/// scans from the start of the file for every excerpt, which makes a report
/// of many diagnostics on a large file quadratic.
struct Source {
    name: String,
    text: Arc<str>,
    index: LineIndex,
}

impl Source {
    fn new(name: String, text: Arc<str>) -> Source {
        // miette breaks lines at `\n` only: a lone CR, a line break too
        // (LANGUAGE.md §3), is shown as one (same byte offsets).
        let text = match journey_syntax::text::lone_cr_as_lf(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(shown) => Arc::from(shown),
        };
        let index = LineIndex::new(&text);
        Source { name, text, index }
    }
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // Hand miette only the lines it will show, then shift the answer
        // back into the whole file's offsets and line numbers.
        let first_line = self.index.line_of(span.offset());
        let last_line = self
            .index
            .line_of((span.offset() + span.len()).saturating_sub(1));
        let window_first = first_line.saturating_sub(context_lines_before as u32);
        let window_last = last_line.saturating_add(context_lines_after as u32 + 1);
        let start = self.index.line_start(window_first);
        let end = self
            .index
            .line_start(window_last.saturating_add(1))
            .min(self.text.len());
        let window = &self.text.as_bytes()[start..end];
        let local = SourceSpan::new((span.offset() - start).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        let data_start = contents.span().offset() + start;
        let data = &self.text.as_bytes()[data_start..data_start + contents.span().len()];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new(data_start.into(), contents.span().len()),
            contents.line() + window_first as usize,
            contents.column(),
            contents.line_count() + window_first as usize,
        )))
    }
}

/// miette hides a label at the very end of the source and panics one past
/// it: keep every span on an existing character.
fn miette_span(text: &str, span: Span) -> miette::SourceSpan {
    let len = text.len();
    let mut start = (span.start as usize).min(len);
    let mut end = (span.end as usize).clamp(start, len);
    if start == len && len > 0 {
        start = journey_syntax::text::floor_char_boundary(text, len - 1);
        end = len;
    }
    (start, end - start).into()
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Advice => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&*self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}
