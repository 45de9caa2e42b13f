//! `desired-without-target`: a measured desired action with no target
//! (LANGUAGE.md §10).

use journey_syntax::Severity;

use super::{all_desired, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "desired-without-target",
    severity: Severity::Advice,
    summary: "A desired action with a `completed` but no `target`.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for desired in all_desired(model) {
        let def = model.def(desired.def);
        let duplicate = def.first.is_some();
        if desired.completion.is_none()
            || desired.target.is_some()
            || desired.has_errors
            || duplicate
        {
            continue;
        }
        sink.root(
            RULE.diagnostic(
                def.id_span,
                format!("desired action `{}` is measured but has no target", def.id),
            )
            .with_help("add the completion rate it should reach, e.g. `target 30%`"),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a desired action that has a `completed` measurement but no `target` in its block. It
stays quiet when the block has a syntax error.

## Why it matters

A completion rate on its own says little: 25% is a triumph for a cold email and a disaster for
a checkout. With a target the map says whether the action works (`met` in the compiled model,
`target-missed` when it does not).

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage book "Book" {
        desired book_room "Books a room"
        completed book_room 1250 of 5000
        touchpoint form "Booking form" { channel web }
    }
}
```

## Fix

Give the action a target: `desired book_room "Books a room" { target 30% }`.
"#;
