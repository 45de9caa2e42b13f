//! `weak-moment-of-truth`: a moment of truth rated below the middle of the
//! scale.

use journey_syntax::Severity;

use super::{touchpoints, Rule, Sink};
use crate::builtins::format_number;
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "weak-moment-of-truth",
    severity: Severity::Warning,
    summary: "A moment of truth at a touchpoint rated below the middle of the scale.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for (journey, _, tp) in touchpoints(model) {
        // Every rating counts (LANGUAGE.md §10): the weakest one decides.
        let Some((rating, emotion)) = journey.ratings(tp).min_by_key(|(_, v)| *v) else {
            continue;
        };
        let middle = journey.scale.middle();
        if (emotion as f64) >= middle {
            continue;
        }
        for moment in &tp.moments_of_truth {
            let mut diagnostic = RULE.diagnostic(
                moment.span,
                format!(
                    "moment of truth at touchpoint `{}` is rated {emotion}, below the middle ({}) of the scale {}..{}",
                    model.def(tp.def).id,
                    format_number(middle),
                    journey.scale.min,
                    journey.scale.max
                ),
            )
            .with_help("a moment that decides whether the customer stays must not be a low point: improve it first");
            diagnostic = diagnostic.with_label(rating.stmt, "the rating");
            sink.root(diagnostic);
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a `moment_of_truth` of a touchpoint whose rated emotion is below the middle of the
journey's scale (`emotion < (min + max) / 2`, so below 3 on 1..5). Emotions outside the scale
are not rated and not checked.

## Why it matters

A moment of truth decides whether the customer stays or leaves: the booking confirmation, the
first night, the first repair. When the map itself says customers feel bad there, it is the
most urgent place to improve.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage book "Book" {
        touchpoint confirmation "Confirmation SMS" {
            channel sms
            emotion 2
            moment_of_truth "The stay is confirmed"
        }
    }
}
```

## Fix

Improve the touchpoint (and then its rating). If it is not really decisive, remove the
`moment_of_truth`.
"#;
