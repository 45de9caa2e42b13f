//! `unmeasured-action`: a desired action without `completed`.

use journey_syntax::Severity;

use super::{all_desired, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "unmeasured-action",
    severity: Severity::Advice,
    summary: "A desired action without a `completed` measurement.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for desired in all_desired(model) {
        let def = model.def(desired.def);
        if desired.completion.is_some() || def.first.is_some() || def.id.is_empty() {
            continue;
        }
        sink.root(
            RULE.diagnostic(
                def.id_span,
                format!("desired action `{}` is never measured", def.id),
            )
            .with_help(format!(
                "add the measured outcome, e.g. `completed {} 1250 of 5000` or `completed {} 25%`",
                def.id, def.id
            )),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a desired action that no `completed` statement of its journey measures.

## Why it matters

*Desired actions* are what the business wants customers to do; *completed actions* are the
measured outcome that shows whether it happened. A desired action without a measurement is a
wish: the map cannot show whether the journey works.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage book "Book" {
        touchpoint form "Booking form" {
            channel web
            desired book_room "Books a room" { target 30% }
        }
    }
}
```

## Fix

Add the measurement, in counts or as a rate: `completed book_room 1250 of 5000`. If it is not
tracked yet, track the desired action's `event` in your analytics first.
"#;
