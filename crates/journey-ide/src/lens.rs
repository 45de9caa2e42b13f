//! Code lenses: a one-line summary above each journey.

use journey_syntax::ast::{Stmt, StmtKind};
use journey_syntax::Span;

use crate::index::FileAnalysis;

/// The summary of one journey.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JourneyLens {
    /// The journey's keyword: where the lens stands.
    pub span: Span,
    pub stages: usize,
    pub touchpoints: usize,
    /// The lowest `emotion` of its touchpoints and the touchpoint's id (the
    /// first one when several share it); `None` when none has an emotion.
    pub lowest_emotion: Option<(i64, String)>,
}

impl JourneyLens {
    /// "3 stages · 5 touchpoints · lowest emotion -2 (checkout)".
    pub fn title(&self) -> String {
        let mut title = format!(
            "{} · {}",
            plural(self.stages, "stage"),
            plural(self.touchpoints, "touchpoint")
        );
        if let Some((emotion, touchpoint)) = &self.lowest_emotion {
            title.push_str(&format!(" · lowest emotion {emotion} ({touchpoint})"));
        }
        title
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// One lens per journey of the file, in source order.
pub fn journey_lenses(file: &FileAnalysis) -> Vec<JourneyLens> {
    file.file()
        .items
        .iter()
        .filter_map(|stmt| match &stmt.kind {
            StmtKind::Journey(def) => {
                let mut lens = JourneyLens {
                    span: stmt.keyword,
                    stages: 0,
                    touchpoints: 0,
                    lowest_emotion: None,
                };
                summarise(def.stmts(), &mut lens);
                Some(lens)
            }
            _ => None,
        })
        .collect()
}

/// Counts stages and touchpoints at any depth (the grammar decides where
/// they may stand) and keeps the lowest emotion.
fn summarise(stmts: &[Stmt], lens: &mut JourneyLens) {
    for stmt in stmts {
        match &stmt.kind {
            StmtKind::Stage(_) => lens.stages += 1,
            StmtKind::Touchpoint(def) => {
                lens.touchpoints += 1;
                let name = def.id.as_ref().map_or("?", |id| id.text.as_str());
                for inner in def.stmts() {
                    if let StmtKind::Emotion { value, .. } = &inner.kind {
                        let lower = lens
                            .lowest_emotion
                            .as_ref()
                            .is_none_or(|(lowest, _)| value.value < *lowest);
                        if lower {
                            lens.lowest_emotion = Some((value.value, name.to_string()));
                        }
                    }
                }
            }
            _ => {}
        }
        if let Some((block, _)) = stmt.kind.block() {
            summarise(&block.stmts, lens);
        }
    }
}
