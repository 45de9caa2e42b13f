//! `--format github`: GitHub Actions workflow commands, one per diagnostic.

use std::io::{self, Write};

use journey_check::FileReport;
use journey_syntax::Severity;

use super::{display_path, Positions, Renderer, Summary};

pub(super) struct Github;

impl Renderer for Github {
    fn write_part(&self, file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let positions = Positions::new(file);
        let path = escape_property(&display_path(&file.path));
        for diagnostic in &file.diagnostics {
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Advice => "notice",
            };
            let range = positions.range(diagnostic.span);
            write!(out, "::{command} file={path},line={}", range.start.line)?;
            // GitHub only honours columns on a single-line range.
            if range.start.line == range.end.line {
                write!(
                    out,
                    ",col={},endLine={},endColumn={}",
                    range.start.column, range.end.line, range.end.column
                )?;
            } else {
                write!(out, ",endLine={}", range.end.line)?;
            }
            let mut message = escape_data(&diagnostic.message);
            if let Some(help) = &diagnostic.help {
                message.push_str("%0Ahelp: ");
                message.push_str(&escape_data(help));
            }
            writeln!(
                out,
                ",title={}::{message}",
                escape_property(diagnostic.code),
            )?;
        }
        Ok(())
    }

    fn finish(&self, out: &mut dyn Write, summary: &Summary, _any: bool) -> io::Result<()> {
        // GitHub shows at most ten annotations of each kind per step; the
        // log keeps the full count.
        writeln!(out, "{}", summary.sentence())
    }
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
