//! Hover: a keyword's documentation (the one table in
//! `journey_syntax::keywords`), or a summary of the thing a name defines or
//! refers to, as the checker resolved it.

use journey_check::Analysis;
use journey_syntax::ast::StmtKind;
use journey_syntax::{keyword_doc, Span};

use crate::builtins;
use crate::clamp;
use crate::describe::{builtin_channel_markdown, builtin_kpi_markdown, keyword_markdown, summary};
use crate::parsed::ParsedFile;
use crate::semantics::{self, Symbol};

#[derive(Clone, Debug, PartialEq)]
pub struct HoverResult {
    /// Markdown.
    pub markdown: String,
    /// What the hover is about.
    pub span: Span,
}

/// The hover at `offset` of `file`, whose checker analysis is `analysis`.
pub fn hover(analysis: &Analysis, file: &ParsedFile, offset: usize) -> Option<HoverResult> {
    let offset = clamp(&file.text, offset);
    if let Some((span, symbol)) = semantics::name_at(analysis, offset) {
        let markdown = match symbol {
            Some(Symbol::Def(def)) => summary(analysis, def),
            Some(Symbol::Builtin(id)) => builtins::channel(id)
                .map(builtin_channel_markdown)
                .unwrap_or_default(),
            None => unknown_reference(analysis, offset)?,
        };
        return Some(HoverResult { markdown, span });
    }
    let chain = file.stmts_at(offset);
    // A KPI id is not a reference, but a built-in one deserves its meaning.
    if let Some(stmt) = chain.last() {
        if let StmtKind::Kpi(def) = &stmt.kind {
            if let Some(id) = def.id.as_ref().filter(|id| id.span.touches(offset)) {
                if let Some(kpi) = builtins::kpi(&id.text) {
                    return Some(HoverResult {
                        markdown: builtin_kpi_markdown(kpi),
                        span: id.span,
                    });
                }
            }
        }
    }
    let stmt = chain
        .into_iter()
        .rev()
        .find(|s| s.keyword.touches(offset) && !s.keyword.is_empty())?;
    let doc = keyword_doc(stmt.kind.keyword()?)?;
    Some(HoverResult {
        markdown: keyword_markdown(doc),
        span: stmt.keyword,
    })
}

/// What a reference to nothing is: `unknown-reference` in words.
fn unknown_reference(analysis: &Analysis, offset: usize) -> Option<String> {
    let model = &analysis.model;
    let reference = model.reference(model.reference_at(journey_check::FileId::ROOT, offset)?);
    let noun = reference.expects.noun();
    Some(format!(
        "Unknown {noun} `{}`: no such {noun} is defined{}.",
        reference.name,
        if reference.expects.is_top_level() {
            " here or in an imported file"
        } else {
            " in this journey"
        }
    ))
}
