//! `unrated-moment-of-truth`: a moment of truth nobody rated (LANGUAGE.md
//! §10).

use journey_syntax::Severity;

use super::{touchpoints, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "unrated-moment-of-truth",
    severity: Severity::Warning,
    summary: "A moment of truth at a touchpoint with no rating: it cannot be judged.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for (_, _, tp) in touchpoints(model) {
        // Any rating statement, even one off the scale (an error already).
        if tp.emotions().next().is_some() || tp.has_errors {
            continue;
        }
        for moment in &tp.moments_of_truth {
            sink.root(
                RULE.diagnostic(
                    moment.span,
                    format!(
                        "moment of truth at touchpoint `{}` is not rated: it cannot be judged",
                        model.def(tp.def).id
                    ),
                )
                .with_help("rate how customers feel at this touchpoint, e.g. `emotion 4`"),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a `moment_of_truth` on a touchpoint that has no `emotion` at all. It stays quiet when
the touchpoint's block has a syntax error.

## Why it matters

A moment of truth decides whether the customer stays or leaves. `weak-moment-of-truth` warns
when one is rated low, but a moment nobody rated passes silently: the map calls it decisive and
says nothing about how it goes.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage book "Book" {
        touchpoint confirm "Confirmation" {
            channel email
            moment_of_truth "The stay is confirmed"
        }
    }
}
```

## Fix

Rate the touchpoint: `emotion 4`, per persona where they differ (`emotion 2 for buyer`).
"#;
