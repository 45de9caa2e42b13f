//! The default report: miette's graphical rendering with source excerpts.
//!
//! miette never sees a file, only each diagnostic's [`Excerpt`]: the lines
//! it shows, clipped and with control characters escaped. Everything else
//! the report echoes from input (messages, help, file names) is escaped too.
//! A file with more than [`MAX_PER_CODE`] diagnostics of one code shows the
//! first ones and says how many more there are.

use std::fmt;
use std::io::{self, IsTerminal, Write};

use journey_check::FileReport;
use journey_syntax::{Diagnostic, Severity, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};

use super::escape::escape_controls;
use super::excerpt::Excerpt;
use super::{shown_path, LabelFiles, Positions, Renderer, Summary};

/// Diagnostics of one code shown per file; the rest are counted. 200 000
/// syntax errors are not read by anyone, and the first hundred say what is
/// wrong (JSON and SARIF keep every one, for tools).
pub(super) const MAX_PER_CODE: usize = 100;

/// Whether to colour the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Colour,
    Plain,
}

impl Style {
    /// Colour only when stdout is a terminal, never when `NO_COLOR` is set.
    pub(super) fn detect() -> Style {
        Style::detect_for(&io::stdout())
    }

    /// Colour only when `stream` is a terminal, never when `NO_COLOR` is set.
    pub(super) fn detect_for(stream: &impl IsTerminal) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if stream.is_terminal() && !no_color {
            Style::Colour
        } else {
            Style::Plain
        }
    }
}

pub(super) struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    pub(super) fn new(style: Style) -> Human {
        let theme = match style {
            Style::Colour => GraphicalTheme::unicode(),
            Style::Plain => GraphicalTheme::unicode_nocolor(),
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_links(false);
        Human { handler }
    }
}

impl Renderer for Human {
    fn write_part(&self, file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let positions = Positions::new(file);
        let mut label_files = LabelFiles::new(file);
        let name = shown_path(&file.path);
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        // One diagnostic's rendering (miette writes to a `fmt::Write`).
        let mut buffer = String::new();
        for diagnostic in &file.diagnostics {
            if !count_shown(&mut counts, diagnostic.code) {
                continue;
            }
            let report = Report::new(file, diagnostic, &name, &positions, &mut label_files);
            buffer.clear();
            if self.handler.render_report(&mut buffer, &report).is_err() {
                buffer = format!("{}: {}\n", report.code, report.message);
            }
            out.write_all(buffer.as_bytes())?;
            out.write_all(b"\n")?;
        }
        for (code, count) in counts {
            if count > MAX_PER_CODE {
                writeln!(
                    out,
                    "… and {} more `{code}` in {name} (`--format json` lists them all)\n",
                    count - MAX_PER_CODE,
                )?;
            }
        }
        Ok(())
    }

    fn finish(&self, out: &mut dyn Write, summary: &Summary, _any: bool) -> io::Result<()> {
        writeln!(out, "{}", summary.sentence())
    }
}

/// Counts a diagnostic of `code`; whether it is among the first
/// [`MAX_PER_CODE`] of its code (and so shown).
fn count_shown(counts: &mut Vec<(&'static str, usize)>, code: &'static str) -> bool {
    let count = match counts.iter_mut().find(|(c, _)| *c == code) {
        Some((_, count)) => count,
        None => {
            counts.push((code, 0));
            &mut counts.last_mut().expect("just pushed").1
        }
    };
    *count += 1;
    *count <= MAX_PER_CODE
}

/// One diagnostic in the shape miette renders.
struct Report {
    code: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    excerpt: Option<Excerpt>,
}

impl Report {
    fn new(
        file: &FileReport,
        diagnostic: &Diagnostic,
        name: &str,
        positions: &Positions<'_>,
        label_files: &mut LabelFiles<'_>,
    ) -> Report {
        let mut notes = Vec::new();
        let mut spans: Vec<Span> = vec![diagnostic.span];
        let mut texts: Vec<Option<String>> = vec![None];
        for label in &diagnostic.labels {
            match &label.file {
                Some(other) if other != &file.path => {
                    let at = label_files.range(other, label.span).start;
                    notes.push(format!(
                        "{}: {}:{}:{}",
                        escape_controls(&label.message),
                        shown_path(other),
                        at.line,
                        at.column
                    ));
                }
                _ => {
                    spans.push(label.span);
                    texts.push(Some(escape_controls(&label.message).into_owned()));
                }
            }
        }
        let (excerpt, labels) = if file.text.is_empty() {
            (None, Vec::new())
        } else {
            let (excerpt, mapped) = Excerpt::new(name.to_string(), &file.text, positions, &spans);
            let labels = mapped
                .into_iter()
                .zip(texts)
                .enumerate()
                .map(|(i, (span, text))| {
                    if i == 0 {
                        LabeledSpan::new_primary_with_span(text, span)
                    } else {
                        LabeledSpan::new_with_span(text, span)
                    }
                })
                .collect();
            (Some(excerpt), labels)
        };
        let help = diagnostic
            .help
            .as_deref()
            .map(|help| escape_controls(help).into_owned());
        let help = match (help, notes.is_empty()) {
            (help, true) => help,
            (Some(help), false) => Some(format!("{help}\nnote: {}", notes.join("\nnote: "))),
            (None, false) => Some(format!("note: {}", notes.join("\nnote: "))),
        };
        Report {
            code: diagnostic.code,
            severity: diagnostic.severity,
            message: escape_controls(&diagnostic.message).into_owned(),
            help,
            labels,
            excerpt,
        }
    }
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
        self.excerpt
            .as_ref()
            .map(|excerpt| excerpt as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use journey_syntax::testgen::Lcg;
    use journey_syntax::Label;

    use super::*;

    #[test]
    fn any_spans_on_any_text_render_without_panic_and_without_controls() {
        let pieces = [
            "team ",
            "ż",
            "😀",
            "\n",
            "\r\n",
            "\r",
            "\t",
            "\u{1b}[2J",
            "\u{9b}",
            "x",
            "\u{202e}",
            "\u{7f}",
        ];
        let mut random = Lcg(7);
        for round in 0..300 {
            let mut text = random.text(&pieces, 60);
            if round % 10 == 0 {
                text.push_str(&"y".repeat(70_000 + random.below(1000)));
            }
            let mut span = || {
                let a = random.below(text.len() + 3) as u32;
                let b = random.below(text.len() + 3) as u32;
                Span {
                    start: a.min(b),
                    end: a.max(b),
                }
            };
            let mut diagnostic = Diagnostic::error("syntax-error", span(), "broken \u{1b}[31m");
            for _ in 0..3 {
                diagnostic.labels.push(Label {
                    span: span(),
                    message: "label \u{7}".into(),
                    file: None,
                });
            }
            let report = FileReport {
                path: PathBuf::from("f\u{1b}.journey"),
                text: Arc::from(text.as_str()),
                diagnostics: vec![diagnostic],
                label_files: Vec::new(),
                continued: false,
                prepared: None,
            };
            let out = String::from_utf8(Human::new(Style::Plain).part(&report)).unwrap();
            assert!(
                !out.chars().any(|c| c != '\n' && c.is_control()),
                "{text:?}\n{out}"
            );
            assert!(out.lines().all(|l| l.chars().count() < 400), "{out}");
        }
    }
}
