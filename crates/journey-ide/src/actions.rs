//! Quick fixes: those the checker's rules attach to the diagnostics of the
//! document's analysis, so that they do not depend on which diagnostics the
//! client sends back; each names the diagnostic code it fixes.

use journey_check::{Analysis, FileId};
use journey_syntax::Span;

use crate::{FileEdits, TextEdit};

#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    /// The diagnostic code it fixes.
    pub code: &'static str,
    /// The span that diagnostic points at.
    pub diagnostic_span: Span,
    pub edits: Vec<FileEdits>,
    pub preferred: bool,
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The quick fixes of the diagnostics at `range` of the analysed file: the
/// rule that reports a problem attaches its fixes, so the editor offers
/// exactly the fixes of what `journey check` reports.
pub fn code_actions(analysis: &Analysis, range: Span) -> Vec<Fix> {
    let path = &analysis.file(FileId::ROOT).path;
    analysis
        .diagnostics()
        .iter()
        .filter(|d| overlaps(d.span, range))
        .flat_map(|d| {
            d.fixes.iter().map(move |fix| Fix {
                title: fix.title.clone(),
                code: d.code,
                diagnostic_span: d.span,
                edits: vec![FileEdits {
                    path: path.clone(),
                    edits: fix
                        .edits
                        .iter()
                        .map(|r| TextEdit {
                            span: r.span,
                            new_text: r.new_text.clone(),
                        })
                        .collect(),
                }],
                preferred: fix.preferred,
            })
        })
        .collect()
}
