//! `promise-kept-before-made`: a `keeps` in an earlier stage than its promise.

use journey_syntax::Severity;

use super::{actions, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "promise-kept-before-made",
    severity: Severity::Warning,
    summary: "A `keeps` in an earlier stage than its promise.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        // The stage of each promise, then every `keeps` against it: linear.
        let mut made_in = std::collections::HashMap::new();
        for (stage, block) in actions(journey) {
            for promise in &block.promises {
                made_in.entry(promise.def).or_insert(stage);
            }
        }
        for (stage, block) in actions(journey) {
            for &keep in &block.keeps {
                let Some(promise) = model.resolve(keep) else {
                    continue;
                };
                let Some(&made) = made_in.get(&promise) else {
                    continue;
                };
                if stage >= made {
                    continue;
                }
                let promise_def = model.def(promise);
                let made_stage = model.def(journey.stages[made].def);
                let keep_stage = model.def(journey.stages[stage].def);
                sink.root(
                    RULE.diagnostic(
                        model.reference(keep).span,
                        format!(
                            "promise `{}` is kept in stage `{}`, before stage `{}` makes it",
                            promise_def.id, keep_stage.id, made_stage.id
                        ),
                    )
                    .with_help("a promise is kept after it is made: move the `keeps` to a later stage, or the promise to an earlier one")
                    .with_label(promise_def.id_span, "the promise is made here"),
                );
            }
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a `keeps` in a stage that comes before the stage where its promise is made (stages
count in source order; a `keeps` in the same stage is fine).

## Why it matters

A promise sets an expectation that a later moment of the journey must meet. Keeping it before
it is made usually means the stages are out of order, or the `keeps` names the wrong promise;
either way the map hides a promise that nothing keeps afterwards.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        keeps quiet_room
        touchpoint ad "Search ad" { channel ads }
    }
    stage book "Book" {
        promise quiet_room "A quiet room away from the lift"
        touchpoint form "Booking form" { channel web }
    }
}
```

## Fix

Move the `keeps` to the stage where the promise is delivered (after it is made), or move the
promise to where it is really made.
"#;
