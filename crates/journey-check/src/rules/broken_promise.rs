//! `broken-promise`: a promise no `keeps` refers to.

use journey_syntax::Severity;

use super::{actions, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "broken-promise",
    severity: Severity::Warning,
    summary: "A promise that no `keeps` refers to.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        for (_, block) in actions(journey) {
            for promise in &block.promises {
                let def = model.def(promise.def);
                if !promise.kept_by.is_empty() || def.first.is_some() {
                    continue;
                }
                sink.root(
                    RULE.diagnostic(
                        def.id_span,
                        format!(
                            "promise `{}` is never kept: no stage or touchpoint of journey `{}` says `keeps {}`",
                            def.id,
                            model.def(journey.def).id,
                            def.id
                        ),
                    )
                    .with_help(format!(
                        "add `keeps {}` where the journey delivers on it, or drop the promise",
                        def.id
                    )),
                );
            }
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a `promise` that no `keeps` statement of its journey refers to.

## Why it matters

What marketing promises early must be kept later, or the journey ends at a cliff: the customer
books because of "every amenity is listed" and finds the list missing at check-in. Writing
down where each promise is kept makes the delivery team plan for it.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        touchpoint landing "Landing page" {
            channel web
            promise amenities "Every amenity is listed before you book"
        }
    }
}
```

## Fix

Add `keeps amenities` to the stage or touchpoint that delivers the promise, or remove the
promise from the marketing.
"#;
