//! Code lenses: a one-line summary above each journey.

use journey_check::{Analysis, DefKind};
use journey_syntax::Span;

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

/// One lens per journey of the analysed file, in source order, as the
/// checker's model has it.
pub fn journey_lenses(analysis: &Analysis) -> Vec<JourneyLens> {
    let model = &analysis.model;
    model
        .journeys
        .iter()
        .map(|journey| {
            let start = model.def(journey.def).span.start as usize;
            let mut lens = JourneyLens {
                // A definition's statement starts with its keyword.
                span: Span::new(start, start + DefKind::Journey.keyword().len()),
                stages: journey.stages.len(),
                touchpoints: 0,
                lowest_emotion: None,
            };
            for (_, touchpoint) in journey.touchpoints() {
                lens.touchpoints += 1;
                let id = &model.def(touchpoint.def).id;
                for emotion in touchpoint.emotions() {
                    let value = emotion.value.value;
                    if lens
                        .lowest_emotion
                        .as_ref()
                        .is_none_or(|(low, _)| value < *low)
                    {
                        let name = if id.is_empty() { "?" } else { id.as_str() };
                        lens.lowest_emotion = Some((value, name.to_string()));
                    }
                }
            }
            lens
        })
        .collect()
}
