//! `emotion-out-of-scale`: an emotion outside the journey's scale.

use journey_syntax::Severity;

use super::{touchpoints, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "emotion-out-of-scale",
    severity: Severity::Error,
    summary: "An emotion outside the journey's scale (default 1..5).",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for (journey, _, tp) in touchpoints(model) {
        let scale = &journey.scale;
        let mut seen = Vec::new();
        for emotion in tp.emotions() {
            // `emotion 9 for a, b` is one statement with one number.
            if seen.contains(&emotion.value.span) {
                continue;
            }
            seen.push(emotion.value.span);
            let text = &analysis.file(crate::FileId::ROOT).text;
            if !scale.is_valid()
                || scale.contains(emotion.value.value)
                || !super::value_out_of_range::is_exact(&emotion.value, text)
            {
                continue;
            }
            let which = if scale.declared.is_some() {
                "the journey's scale"
            } else {
                "the default scale"
            };
            sink.root(
                RULE.diagnostic(
                    emotion.value.span,
                    format!(
                        "emotion {} of touchpoint `{}` is outside {which} {}..{}",
                        emotion.value.value,
                        model.def(tp.def).id,
                        scale.min,
                        scale.max
                    ),
                )
                .with_help(format!(
                    "rate it from {} to {}, or declare another `scale` in journey `{}`",
                    scale.min,
                    scale.max,
                    model.def(journey.def).id
                )),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports an `emotion` outside the journey's `scale` (1..5 when the journey declares none). Such
an emotion is not *rated*: it takes no part in `lowest-emotion` or `weak-moment-of-truth`.

## Why it matters

Ratings are only comparable on one scale. An `emotion 8` in a 1..5 journey is usually a rating
copied from a 1..10 workshop, and it would make that touchpoint look like the best moment of
the journey.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        touchpoint ad "Search ad" {
            channel ads
            emotion 8
        }
    }
}
```

## Fix

Rate the touchpoint on the journey's scale, or declare the scale you rate on: `scale 1..10`.
"#;
