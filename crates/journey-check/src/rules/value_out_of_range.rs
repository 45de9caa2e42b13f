//! `value-out-of-range`: effort, percent, age or KPI value outside its range.

use journey_syntax::ast::{Measure, ValueKind};
use journey_syntax::Severity;

use super::{actions, kpis, touchpoints, Rule, Sink};
use crate::builtins::{format_number, Kind};
use crate::model::in_range;
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "value-out-of-range",
    severity: Severity::Error,
    summary: "An effort, percent, age range or built-in KPI value outside its range.",
    docs: DOCS,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for persona in &model.personas {
        let Some(age) = &persona.age else { continue };
        if age.min.value > age.max.value {
            let def = model.def(persona.def);
            sink.push(
                def.file,
                RULE.diagnostic(
                    age.span,
                    format!(
                        "the age range {}..{} of persona `{}` is reversed",
                        age.min.value, age.max.value, def.id
                    ),
                )
                .with_help(format!(
                    "write the lower age first: `age {}..{}`",
                    age.max.value, age.min.value
                )),
            );
        }
    }
    for (_, _, tp) in touchpoints(model) {
        if let Some(effort) = &tp.effort {
            if !(1..=7).contains(&effort.value) {
                sink.root(
                    RULE.diagnostic(
                        effort.span,
                        format!(
                            "effort {} of touchpoint `{}` is outside 1..7",
                            effort.value,
                            model.def(tp.def).id
                        ),
                    )
                    .with_help("effort is rated like the Customer Effort Score: 1 (no effort) to 7 (a lot)"),
                );
            }
        }
    }
    for journey in &model.journeys {
        for (_, block) in actions(journey) {
            for desired in &block.desired {
                let Some(target) = &desired.target else {
                    continue;
                };
                if let ValueKind::Percent(p) = target.kind {
                    if !(0.0..=100.0).contains(&p) {
                        sink.root(
                            RULE.diagnostic(
                                target.span,
                                format!(
                                    "the target {} of desired action `{}` is not a percent between 0 and 100",
                                    target.text,
                                    model.def(desired.def).id
                                ),
                            )
                            .with_help("a desired action's target is the share of customers who take it"),
                        );
                    }
                }
            }
            for completed in &block.completed {
                if completed.duplicate_of.is_some() {
                    continue;
                }
                if let Measure::Percent(value) = &completed.measure {
                    if let ValueKind::Percent(p) = value.kind {
                        if !(0.0..=100.0).contains(&p) {
                            sink.root(
                                RULE.diagnostic(
                                    value.span,
                                    format!(
                                        "completion rate {}% of `{}` is not between 0% and 100%",
                                        format_number(p),
                                        model.reference(completed.action).name
                                    ),
                                )
                                .with_help("write the share of customers who completed the action, or the counts as `N of M`"),
                            );
                        }
                    }
                }
            }
        }
        for kpi in kpis(journey) {
            let Some(builtin) = kpi.builtin() else {
                continue;
            };
            for (what, value) in [("target", &kpi.target), ("actual", &kpi.actual)] {
                let Some(value) = value else { continue };
                if Kind::of(&value.kind) != builtin.kind
                    || in_range(value.magnitude(), builtin.min, builtin.max)
                {
                    continue;
                }
                let range = match (builtin.min, builtin.max) {
                    (Some(min), Some(max)) => {
                        format!("{}..{}", format_number(min), format_number(max))
                    }
                    (Some(min), None) => format!("at least {}", format_number(min)),
                    (None, Some(max)) => format!("at most {}", format_number(max)),
                    (None, None) => "any value".to_string(),
                };
                sink.root(
                    RULE.diagnostic(
                        value.span,
                        format!(
                            "the {what} {} of KPI `{}` is out of range: it must be {range}",
                            value.text, kpi.id
                        ),
                    )
                    .with_help(builtin.summary),
                );
            }
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a value outside the range it must lie in:

- `effort` outside 1..7 (the Customer Effort Score's range);
- a percent outside 0..100 in a desired action's `target` or in `completed x N%`;
- `age a..b` with `a > b`;
- a value of a built-in KPI outside its range: `conversion_rate`, `retention_rate`, `csat`
  and `churn_rate` 0..100%, `nps` -100..100, `ces` 1..7, `average_transaction_time` and `clv`
  at least 0.

A value with this error takes no part in `target-missed`.

## Why it matters

These values come from surveys and analytics with fixed ranges. A completion rate of 140% or an
NPS of 250 is a typo or a unit mix-up (a count written as a percent), and any dashboard built
on it would show nonsense.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    kpi nps {
        target 250
        actual 40
    }
    stage book "Book" {
        touchpoint form "Booking form" {
            channel web
            effort 9
        }
    }
}
```

## Fix

Correct the value. For a completion measured in counts, write `completed book_room 1250 of
5000` rather than a percent.
"#;
