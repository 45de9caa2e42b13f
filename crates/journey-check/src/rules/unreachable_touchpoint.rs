//! `unreachable-touchpoint`: a touchpoint `next` edges cannot reach.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "unreachable-touchpoint",
    severity: Severity::Warning,
    summary: "In a journey that uses `next`: a touchpoint the flow cannot reach.",
    docs: DOCS,
    unnecessary: true,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        if !journey.flow.uses_next || journey.flow.start.is_empty() {
            continue;
        }
        let reachable = journey.flow.reachable(model.definitions.len());
        let first_stage = journey
            .stages
            .iter()
            .find(|s| !s.touchpoints.is_empty())
            .map(|s| model.def(s.def).id.as_str())
            .unwrap_or_default();
        for (_, tp) in journey.touchpoints() {
            if reachable[tp.def.index()] {
                continue;
            }
            let def = model.def(tp.def);
            if def.first.is_some() {
                continue;
            }
            sink.root(
                RULE.diagnostic(
                    def.id_span,
                    format!(
                        "touchpoint `{}` cannot be reached: no chain of `next` leads to it from stage `{first_stage}`",
                        def.id
                    ),
                )
                .with_help(format!(
                    "add `next {}` to the touchpoint customers come from",
                    def.id
                )),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

In a journey where any touchpoint uses `next`, follows the `next` edges from the touchpoints of
the first stage that has any, and reports every touchpoint they never reach. Journeys that do
not use `next` at all are not checked.

## Why it matters

Once a map describes the flow between touchpoints, a touchpoint no path leads to is a dead
island: either a `next` is missing (the map is wrong), or customers really cannot get there
(the journey is broken, and the touchpoint's effort and budget are wasted).

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads next landing }
        touchpoint landing "Landing page" { channel web }
    }
    stage book "Book" {
        touchpoint form "Booking form" { channel web }
    }
}
```

## Fix

Add the missing edge (`next form` on `landing`), or remove the touchpoint if nobody reaches it.
"#;
