//! Formatting through `journey-fmt`: the smallest edit that formats the
//! document; a document with syntax errors is left untouched.

use journey_syntax::Span;

/// Whether the server offers `textDocument/formatting`.
pub(crate) const AVAILABLE: bool = true;

/// The edits that format `text` (none when it is already formatted), or
/// `None` when it cannot be formatted (syntax errors).
pub(crate) fn format(text: &str) -> Option<Vec<(Span, String)>> {
    let edits = journey_fmt::format_edits(text).ok()?;
    Some(
        edits
            .into_iter()
            .map(|e| (Span::new(e.start, e.end), e.new_text))
            .collect(),
    )
}

/// The edits that format the top-level items a byte range touches, or
/// `None` when the document cannot be formatted (syntax errors).
pub(crate) fn format_range(text: &str, span: Span) -> Option<Vec<(Span, String)>> {
    let edits = journey_fmt::format_range(text, span.range()).ok()?;
    Some(
        edits
            .into_iter()
            .map(|e| (Span::new(e.start, e.end), e.new_text))
            .collect(),
    )
}
