//! `missing-emotion`: an unrated touchpoint in a journey whose curve is
//! otherwise rated (LANGUAGE.md §10).

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "missing-emotion",
    severity: Severity::Advice,
    summary: "A touchpoint with no rating in a journey where other touchpoints are rated.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        // A rating statement counts here even off the scale: that one is
        // already an error of its own, not a gap.
        let has_rating = |tp: &crate::model::Touchpoint| tp.emotions().next().is_some();
        if !journey.touchpoints().any(|(_, tp)| has_rating(tp)) {
            continue;
        }
        for (_, tp) in journey.touchpoints() {
            if has_rating(tp) || tp.has_errors {
                continue;
            }
            let def = model.def(tp.def);
            sink.root(
                RULE.diagnostic(
                    def.id_span,
                    format!(
                        "touchpoint `{}` has no emotion: a gap in the curve of journey `{}`",
                        def.id,
                        model.def(journey.def).id
                    ),
                )
                .with_help(format!(
                    "rate it on the scale {}..{}, e.g. `emotion 3`",
                    journey.scale.min, journey.scale.max
                )),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

In a journey where at least one touchpoint is rated (`emotion`), reports every touchpoint that
has no rating at all. Journeys without any rating are left alone: they do not draw a curve.
It stays quiet when the touchpoint's block has a syntax error.

## Why it matters

The emotion curve is the heart of a journey map: it shows where customers feel best and worst.
An unrated touchpoint is a gap in that curve, and a gap hides exactly the dips the map should
reveal.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads emotion 3 }
        touchpoint landing "Landing page" { channel web }
    }
}
```

## Fix

Rate the touchpoint (`emotion 2`), from research where possible (`source "…"`). To hide the
advice, set `missing-emotion = "allow"` under `[lints]` in `journey.toml`.
"#;
