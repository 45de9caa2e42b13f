//! `stale-measurement`: an `as_of` date older than `[freshness] max-age`
//! (LANGUAGE.md §10).

use journey_syntax::Severity;

use super::{measurement_dates, Rule, Sink};
use crate::today::format_date;
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "stale-measurement",
    severity: Severity::Warning,
    summary: "An `as_of` date older than `[freshness] max-age` (default 365 days).",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for date in measurement_dates(&analysis.model) {
        let Some(days) = date.days() else { continue };
        let age = analysis.today - days;
        if age <= analysis.max_age_days {
            continue;
        }
        sink.root(
            RULE.diagnostic(
                date.span,
                format!(
                    "measured {age} days ago ({}), more than the {} days `[freshness] max-age` allows",
                    date.iso().unwrap_or_default(),
                    analysis.max_age_days
                ),
            )
            .with_help(format!(
                "measure again and update the figures and `as_of` (today is {}), or raise `max-age` under `[freshness]` in `journey.toml`",
                format_date(analysis.today)
            )),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports an `as_of` date (on a touchpoint, a KPI, or at the end of a `completed`) that lies more
than `max-age` before today. `max-age` comes from `[freshness]` in `journey.toml` (a duration
in days or weeks, such as `"180d"` or `"26w"`; default `365d`). Today is the current UTC date,
or `--today YYYY-MM-DD` / `JOURNEY_TODAY` for reproducible runs.

## Why it matters

Customers, products and channels change. A completion rate or a satisfaction score measured
two years ago describes a journey that may no longer exist; decisions taken from it are
guesses. The map should say when its numbers are old.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    kpi csat {
        target 90%
        actual 87%
        as_of 2001-03-01
    }
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads }
    }
}
```

## Fix

Measure again and update the figures with their new `as_of` date. Where older figures are
acceptable, set a longer limit:

```toml
[freshness]
max-age = "730d"
```
"#;
