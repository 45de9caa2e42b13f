//! `duplicate-completed`: two `completed` for one desired action.

use journey_syntax::Severity;

use super::{all_completed, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "duplicate-completed",
    severity: Severity::Error,
    summary: "Two `completed` statements for one desired action.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for completed in all_completed(model) {
        let Some(first) = completed.duplicate_of else {
            continue;
        };
        let name = &model.reference(completed.action).name;
        sink.root(
            RULE.diagnostic(
                completed.stmt,
                format!("desired action `{name}` already has a `completed`; this one is ignored"),
            )
            .with_help("keep one measurement per desired action; the first one counts")
            .with_label(first, "the `completed` that counts"),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a second `completed` statement for the same desired action anywhere in its journey.
The first one (in source order) counts, also in `journey compile`; the others are ignored.

## Why it matters

A desired action has one measured outcome per map. Two measurements usually mean a number from
an old report was left behind, and readers cannot tell which one the team trusts.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage book "Book" {
        touchpoint form "Booking form" {
            channel web
            desired book_room "Books a room" { target 30% }
            completed book_room 1250 of 5000
            completed book_room 31%
        }
    }
}
```

## Fix

Remove the outdated measurement. To track a trend, keep the history in your analytics and the
current value in the map.
"#;
