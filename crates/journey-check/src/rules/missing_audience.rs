//! `missing-audience`: a journey for nobody in particular (LANGUAGE.md §10).

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "missing-audience",
    severity: Severity::Advice,
    summary: "A journey with no `for`, and no touchpoint of it with `for`.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        let touchpoint_audience = journey
            .touchpoints()
            .any(|(_, tp)| !tp.audience.is_empty() || tp.has_errors);
        if !journey.audience.is_empty() || touchpoint_audience || journey.has_errors {
            continue;
        }
        let def = model.def(journey.def);
        sink.root(
            RULE.diagnostic(
                def.id_span,
                format!("journey `{}` names no persona", def.id),
            )
            .with_help(
                "say who travels it, e.g. `for traveler`, after declaring `persona traveler { … }`",
            ),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a journey that has no `for` statement while none of its touchpoints has one either.
It stays quiet when the journey's block, or one of its touchpoints', has a syntax error.

## Why it matters

A journey map is drawn for a persona: their goals, their channels, their feelings. A journey
for nobody in particular cannot be checked against the data the business holds about its
customers (`channel-data-missing`), and its emotions speak for no one.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads }
    }
}
```

## Fix

Declare the persona and name it: `persona traveler { … }` at top level, `for traveler` in the
journey. To hide the advice, set `missing-audience = "allow"` under `[lints]`.
"#;
