//! `invalid-count`: `completed x N of M` with `M = 0` or `N > M`.

use journey_syntax::ast::Measure;
use journey_syntax::Severity;

use super::{all_completed, Rule, Sink};
use crate::model::counts_valid;
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "invalid-count",
    severity: Severity::Error,
    summary: "`completed x N of M` with M = 0 or N > M.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for completed in all_completed(model) {
        if completed.duplicate_of.is_some() {
            continue;
        }
        let Measure::Counts { count, of, span } = &completed.measure else {
            continue;
        };
        let (n, m) = (count.value, of.value);
        if counts_valid(n, m) {
            continue;
        }
        let name = &model.reference(completed.action).name;
        let (message, help) = if m <= 0 {
            (
                format!("`{name}` completed {n} of {m}: the total must be at least 1"),
                "write how many customers had the chance to take the action, and how many did",
            )
        } else if n < 0 {
            (
                format!("`{name}` completed {n} of {m}: a count cannot be negative"),
                "write how many customers took the action",
            )
        } else {
            (
                format!("`{name}` completed {n} of {m}: more completions than customers"),
                "the first number counts the customers who took the action, the second all who could have",
            )
        };
        sink.root(RULE.diagnostic(*span, message).with_help(help));
    }
}

pub const DOCS: &str = r#"## What it does

Reports `completed ACTION N of M` where the counts cannot be a completion: a total `M` of 0
(or less), a count `N` above the total, or a negative count. Such a `completed` gives no rate,
takes no part in `target-missed`, and compiles with `rate: null`.

## Why it matters

*Completed actions* are the measured outcome that shows whether a desired action happened. A
rate of 1250 of 0, or 6000 of 5000, is a data-entry mistake (swapped numbers, a total from
another period) and would report a success that did not happen.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage book "Book" {
        touchpoint form "Booking form" {
            channel web
            desired book_room "Books a room" { target 30% }
            completed book_room 6000 of 5000
        }
    }
}
```

## Fix

Write the number of customers who completed the action first and the number who could have
second: `completed book_room 1250 of 5000`.
"#;
