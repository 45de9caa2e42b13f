//! Inlay hints: the completion rate after `completed`, the scale after
//! `emotion`.

use journey_syntax::ast::{Stmt, StmtKind};
use journey_syntax::Span;

use crate::describe::journey_scale;
use crate::index::{FileAnalysis, SymbolKind};
use journey_check::model::{measure_rate, valid_percent};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Where the hint is shown (it follows the text before this offset).
    pub offset: usize,
    pub label: String,
}

pub fn inlay_hints(file: &FileAnalysis, range: Span) -> Vec<Hint> {
    let mut hints = Vec::new();
    let mut journey_index = 0;
    for item in &file.file().items {
        if let StmtKind::Journey(def) = &item.kind {
            if item.span.start <= range.end && range.start <= item.span.end {
                let scale = journey_scale(Some(item));
                walk(file, def.stmts(), journey_index, scale, range, &mut hints);
            }
            journey_index += 1;
        }
    }
    hints
}

fn walk(
    file: &FileAnalysis,
    stmts: &[Stmt],
    journey: usize,
    scale: (i64, i64),
    range: Span,
    hints: &mut Vec<Hint>,
) {
    for stmt in stmts {
        if stmt.span.end < range.start || stmt.span.start > range.end {
            continue;
        }
        match &stmt.kind {
            StmtKind::Emotion { value, .. } => hints.push(Hint {
                offset: value.span.end as usize,
                label: format!("/ {}..{}", scale.0, scale.1),
            }),
            StmtKind::Completed {
                action, measure, ..
            } => {
                let Some(rate) = measure_rate(measure) else {
                    continue;
                };
                let target = file
                    .index
                    .journey_defs(journey, SymbolKind::Desired)
                    .find(|d| d.name == action.text)
                    .and_then(|d| file.def_stmt(d))
                    .and_then(|s| s.kind.def())
                    .and_then(|(def, _)| {
                        def.stmts().iter().find_map(|s| match &s.kind {
                            StmtKind::Target(v) => valid_percent(&v.kind),
                            _ => None,
                        })
                    });
                let label = match target {
                    Some(t) if rate < t => format!("= {rate:.1}% (under the {t}% target)"),
                    Some(t) => format!("= {rate:.1}% (target {t}% met)"),
                    None => format!("= {rate:.1}%"),
                };
                hints.push(Hint {
                    offset: measure.span().end as usize,
                    label,
                });
            }
            _ => {}
        }
        if let Some((block, _)) = stmt.kind.block() {
            walk(file, &block.stmts, journey, scale, range, hints);
        }
    }
}
