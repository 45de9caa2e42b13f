//! `empty-journey`: a journey without stages.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "empty-journey",
    severity: Severity::Warning,
    summary: "A journey without stages.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        if !journey.stages.is_empty() || journey.has_errors {
            continue;
        }
        let def = model.def(journey.def);
        sink.root(
            RULE.diagnostic(def.id_span, format!("journey `{}` has no stages", def.id))
                .with_help(
                    "add the stages customers pass through, e.g. `stage search \"Search\" { … }`",
                ),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a journey without any `stage`. It stays quiet when the journey's block has a syntax
error.

## Why it matters

Stages are the backbone of a journey map: awareness, consideration, purchase, service, or the
steps of the chosen approach. A journey without stages has no touchpoints, no emotions and no
desired actions, so there is nothing to check or to improve.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
}
```

## Fix

Add the stages of the journey's approach, each with its touchpoints:
`stage search "Search" { touchpoint ad "Search ad" { channel ads } }`.
"#;
