//! `missing-goal`: a journey without `goal`.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "missing-goal",
    severity: Severity::Warning,
    summary: "A journey without a `goal`.",
    docs: DOCS,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        if journey.goal.is_some() || journey.has_errors {
            continue;
        }
        let def = model.def(journey.def);
        sink.root(
            RULE.diagnostic(def.id_span, format!("journey `{}` has no goal", def.id))
                .with_help("state what the business wants to achieve, e.g. `goal \"Raise direct bookings by 15%\"`"),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a journey without a `goal` statement. It stays quiet when the journey's block has a
syntax error (the goal may be in the broken text).

## Why it matters

A journey map exists to move a business outcome: more direct bookings, fewer cancellations,
faster onboarding. Without a stated goal nobody can tell which stages, KPIs and desired
actions matter, and the map turns into a description of the status quo.

## Example

```journey
journey stay "Hotel stay" {
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads }
    }
}
```

## Fix

Add one measurable goal: `goal "Raise direct bookings by business travelers by 15%"`.
"#;
