//! `invalid-scale`: `scale a..b` with `a >= b`.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "invalid-scale",
    severity: Severity::Error,
    summary: "An emotion scale whose minimum is not below its maximum.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for journey in &analysis.model.journeys {
        let Some(range) = &journey.scale.declared else {
            continue;
        };
        if journey.scale.is_valid() {
            continue;
        }
        sink.root(
            RULE.diagnostic(
                range.span,
                format!(
                    "the scale {}..{} of journey `{}` is empty: its minimum must be below its maximum",
                    range.min.value,
                    range.max.value,
                    analysis.model.def(journey.def).id
                ),
            )
            .with_help("use a scale such as `1..3`, `1..5` or `1..10`; no emotion is checked until it is fixed"),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports `scale a..b` where `a` is not below `b` (`5..1`, `3..3`). While the scale is invalid,
no emotion of the journey is checked or rated.

## Why it matters

Every touchpoint of a journey is rated on one scale chosen up front (1..3, 1..5, 1..10); the
lowest-rated touchpoints are where to improve first. An empty or reversed scale makes every
rating meaningless: nothing can be compared, and "below the middle" has no meaning.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    scale 5..1
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads emotion 3 }
    }
}
```

## Fix

Write the smaller bound first: `scale 1..5`.
"#;
