//! `lowest-emotion`: the lowest-rated touchpoints of a journey.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "lowest-emotion",
    severity: Severity::Advice,
    summary: "The touchpoints rated lowest in their journey: where to improve first.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        let mut rated = 0usize;
        let (mut lowest, mut highest) = (i64::MAX, i64::MIN);
        // Every rating counts, per persona too (LANGUAGE.md §10).
        for (_, tp) in journey.touchpoints() {
            rated += usize::from(journey.ratings(tp).next().is_some());
            for (_, e) in journey.ratings(tp) {
                lowest = lowest.min(e);
                highest = highest.max(e);
            }
        }
        if rated < 2 || lowest >= highest {
            continue;
        }
        for (_, tp) in journey.touchpoints() {
            // One advice per statement: `emotion 1 for a, b` is one rating line.
            let mut seen = Vec::new();
            for (emotion, value) in journey.ratings(tp) {
                if value != lowest || seen.contains(&emotion.stmt) {
                    continue;
                }
                seen.push(emotion.stmt);
                sink.root(
                RULE.diagnostic(
                    emotion.stmt,
                    format!(
                        "touchpoint `{}` has the lowest emotion of journey `{}`: {lowest} on {}..{}",
                        model.def(tp.def).id,
                        model.def(journey.def).id,
                        journey.scale.min,
                        journey.scale.max
                    ),
                )
                .with_help("the lowest-rated touchpoints are where to improve first"),
            );
            }
        }
    }
}

pub const DOCS: &str = r#"## What it does

Points at every touchpoint whose rated emotion equals the lowest of its journey, when the
journey has at least two rated touchpoints and the lowest is below the highest. Emotions
outside the scale are not rated.

## Why it matters

Every touchpoint is rated on one scale so that the map shows where customers feel worst; the
lowest-rated touchpoints are where to improve first. This advice keeps that answer visible in
every check run and editor.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads emotion 3 }
        touchpoint landing "Landing page" { channel web emotion 2 }
    }
}
```

## Fix

Nothing is wrong: improve the touchpoint, and update its `emotion` when customers feel better.
To hide the advice, set `lowest-emotion = "allow"` under `[lints]` in `journey.toml`.
"#;
