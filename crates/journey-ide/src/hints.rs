//! Inlay hints: the completion rate after `completed` (against its desired
//! action's target, as the checker reads it), the scale after `emotion`.

use journey_check::model::{measure_rate, Actions, Model};
use journey_check::Analysis;
use journey_syntax::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Where the hint is shown (it follows the text before this offset).
    pub offset: usize,
    pub label: String,
}

/// The hints of the analysed file's statements that meet `range`, in
/// source order.
pub fn inlay_hints(analysis: &Analysis, range: Span) -> Vec<Hint> {
    let model = &analysis.model;
    let meets = |span: Span| span.start <= range.end && range.start <= span.end;
    let mut hints = Vec::new();
    for journey in model
        .journeys
        .iter()
        .filter(|j| meets(model.def(j.def).span))
    {
        let scale = format!("/ {}..{}", journey.scale.min, journey.scale.max);
        for (_, touchpoint) in journey.touchpoints() {
            for emotion in touchpoint.emotions().filter(|e| meets(e.stmt)) {
                hints.push(Hint {
                    offset: emotion.value.span.end as usize,
                    label: scale.clone(),
                });
            }
        }
        for actions in journey.actions() {
            completion_rates(model, actions, &meets, &mut hints);
        }
    }
    hints.sort_by_key(|h| h.offset);
    hints
}

/// `= 40.0% (under the 50% target)` after each `completed` measure.
fn completion_rates(
    model: &Model,
    actions: &Actions,
    meets: &dyn Fn(Span) -> bool,
    hints: &mut Vec<Hint>,
) {
    for completed in actions.completed.iter().filter(|c| meets(c.stmt)) {
        let Some(rate) = measure_rate(&completed.measure) else {
            continue;
        };
        let target = model
            .resolve(completed.action)
            .and_then(|def| model.desired(def))
            .and_then(|desired| desired.target_percent());
        let label = match target {
            Some(t) if rate < t => format!("= {rate:.1}% (under the {t}% target)"),
            Some(t) => format!("= {rate:.1}% (target {t}% met)"),
            None => format!("= {rate:.1}%"),
        };
        hints.push(Hint {
            offset: completed.measure.span().end as usize,
            label,
        });
    }
}
