//! `target-missed`: a completion rate under its target, or a KPI `actual` on
//! the wrong side of its `target`.

use journey_syntax::ast::Direction;
use journey_syntax::Severity;

use super::{actions, kpis, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "target-missed",
    severity: Severity::Warning,
    summary: "A completion rate under its target, or a KPI on the wrong side of its target.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        for (_, block) in actions(journey) {
            for desired in &block.desired {
                if desired.met() != Some(false) || model.def(desired.def).first.is_some() {
                    continue;
                }
                let (Some(completion), Some(target)) = (&desired.completion, &desired.target)
                else {
                    continue;
                };
                let Some(rate) = completion.rate() else {
                    continue;
                };
                sink.root(
                    RULE.diagnostic(
                        completion.stmt,
                        format!(
                            "desired action `{}` completed at {rate:.1}%, under its {} target",
                            model.def(desired.def).id,
                            target.text
                        ),
                    )
                    .with_label(target.span, "the target"),
                );
            }
        }
        for kpi in kpis(journey) {
            if kpi.met() != Some(false) {
                continue;
            }
            let (Some(target), Some(actual)) = (&kpi.target, &kpi.actual) else {
                continue;
            };
            let (side, better) = match kpi.direction() {
                Direction::Higher => ("under", "higher is better"),
                Direction::Lower => ("over", "lower is better"),
            };
            sink.root(
                RULE.diagnostic(
                    actual.span,
                    format!(
                        "KPI `{}` is at {}, {side} its {} target ({better})",
                        kpi.id, actual.text, target.text
                    ),
                )
                .with_label(target.span, "the target"),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports targets the measured numbers miss:

- a desired action whose completion rate (`completed x N of M` as N/M, or `completed x N%`) is
  under its `target`; the diagnostic points at the `completed` statement;
- a KPI whose `actual` is on the wrong side of its `target`: under it when higher is better,
  over it when lower is better (`direction`, defaulting to the built-in KPI's direction, else
  `higher`); the diagnostic points at the `actual` value.

Values that carry an error (wrong kind, out of range, invalid counts) are not compared.

## Why it matters

The map is where marketing, sales, product and service agree on what success looks like. A
missed target is the signal to look at the stage's touchpoints, pains and emotions: this is
where the journey loses customers.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    kpi conversion_rate {
        target 5%
        actual 3.2%
    }
    stage book "Book" {
        touchpoint form "Booking form" {
            channel web
            desired book_room "Books a room" { target 30% }
            completed book_room 1250 of 5000
        }
    }
}
```

"desired action `book_room` completed at 25.0%, under its 30% target".

## Fix

Improve the journey (the warning goes away when the numbers do), or, if the target was
unrealistic, agree on a new one and change `target`. To silence it for a whole project, set
`target-missed = "advice"` under `[lints]` in `journey.toml`.
"#;
