//! `--format github`: GitHub Actions workflow commands, one per diagnostic.

use std::fmt::Write;

use journey_check::CheckResult;
use journey_syntax::Severity;

use super::{display_path, Positions, Summary};

pub fn render(result: &CheckResult) -> String {
    let mut out = String::new();
    for file in &result.files {
        let positions = Positions::new(file);
        let path = escape_property(&display_path(&file.path));
        for diagnostic in &file.diagnostics {
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Advice => "notice",
            };
            let range = positions.range(diagnostic.span);
            let _ = write!(out, "::{command} file={path},line={}", range.start.line);
            // GitHub only honours columns on a single-line range.
            if range.start.line == range.end.line {
                let _ = write!(
                    out,
                    ",col={},endLine={},endColumn={}",
                    range.start.column, range.end.line, range.end.column
                );
            } else {
                let _ = write!(out, ",endLine={}", range.end.line);
            }
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let _ = writeln!(
                out,
                ",title={}::{}",
                escape_property(diagnostic.code),
                escape_data(&message)
            );
        }
    }
    // GitHub shows at most ten annotations of each kind per step; the log
    // keeps the full count.
    let _ = writeln!(out, "{}", Summary::of(result).sentence());
    out
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
