//! Hover: a keyword's documentation (the one table in
//! `journey_syntax::keywords`), or a summary of the thing a name defines or
//! refers to.

use std::sync::Arc;

use journey_syntax::ast::StmtKind;
use journey_syntax::{keyword_doc, Span};

use crate::builtins;
use crate::clamp;
use crate::describe::{builtin_channel_markdown, builtin_kpi_markdown, keyword_markdown, summary};
use crate::index::{FileAnalysis, NameAt};
use crate::world::{Located, Target, World};

#[derive(Clone, Debug, PartialEq)]
pub struct HoverResult {
    /// Markdown.
    pub markdown: String,
    /// What the hover is about.
    pub span: Span,
}

pub fn hover(world: &World<'_>, file: &Arc<FileAnalysis>, offset: usize) -> Option<HoverResult> {
    let offset = clamp(&file.text, offset);
    if let Some(name) = file.index.name_at(offset) {
        let scope = world.scope(file);
        return match name {
            NameAt::Def(def) => Some(HoverResult {
                markdown: summary(
                    world,
                    &Located {
                        file: file.clone(),
                        def: def.clone(),
                    },
                ),
                span: def.id_span,
            }),
            NameAt::Ref(reference) => {
                let markdown = match world.resolve(file, &scope, reference) {
                    Some(Target::Def(located)) => summary(world, &located),
                    Some(Target::Builtin(id)) => builtins::channel(id)
                        .map(builtin_channel_markdown)
                        .unwrap_or_default(),
                    None => format!(
                        "Unknown {} `{}`: no such {} is defined{}.",
                        reference.kind.noun(),
                        reference.name,
                        reference.kind.noun(),
                        if reference.kind.is_global() {
                            " here or in an imported file"
                        } else {
                            " in this journey"
                        }
                    ),
                };
                Some(HoverResult {
                    markdown,
                    span: reference.span,
                })
            }
        };
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
