//! `future-measurement`: an `as_of` date later than today (LANGUAGE.md §10).

use journey_syntax::Severity;

use super::{measurement_dates, Rule, Sink};
use crate::today::format_date;
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "future-measurement",
    severity: Severity::Warning,
    summary: "An `as_of` date later than today.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for date in measurement_dates(&analysis.model) {
        let Some(days) = date.days() else { continue };
        if days <= analysis.today {
            continue;
        }
        sink.root(
            RULE.diagnostic(
                date.span,
                format!(
                    "measured on {}, after today ({})",
                    date.iso().unwrap_or_default(),
                    format_date(analysis.today)
                ),
            )
            .with_help("a measurement cannot come from the future: check the date (YYYY-MM-DD)"),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports an `as_of` date (on a touchpoint, a KPI, or at the end of a `completed`) later than
today. Today is the current UTC date, or `--today YYYY-MM-DD` / `JOURNEY_TODAY`.

## Why it matters

A measurement from the future is a typo (a swapped month and day, a wrong year) or a target
written where a measurement belongs. Either way the map's evidence is wrong, and the figure
would never be reported as stale.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage book "Book" {
        desired book_room "Books a room" { target 30% }
        completed book_room 1250 of 5000 as_of 2999-01-01
        touchpoint form "Booking form" { channel web }
    }
}
```

## Fix

Correct the date to the day the figures were measured.
"#;
