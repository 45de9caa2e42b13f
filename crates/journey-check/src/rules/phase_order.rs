//! `phase-order`: a pre-purchase stage after a usage stage (LANGUAGE.md §10).

use journey_syntax::ast::Phase;
use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "phase-order",
    severity: Severity::Warning,
    summary: "A `pre_purchase` stage placed after a `usage` stage.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        let mut first_usage = None;
        for stage in &journey.stages {
            let Some(phase) = stage.phase else { continue };
            match (phase.value, first_usage) {
                (Phase::Usage, None) => first_usage = Some(stage.def),
                (Phase::PrePurchase, Some(usage)) => sink.root(
                    RULE.diagnostic(
                        phase.span,
                        format!(
                            "stage `{}` is before the purchase but comes after the usage stage `{}`",
                            model.def(stage.def).id,
                            model.def(usage).id
                        ),
                    )
                    .with_label(model.def(usage).id_span, "the first usage stage")
                    .with_help("order the stages as the customer meets them: pre-purchase stages first"),
                ),
                _ => {}
            }
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports every stage with `phase pre_purchase` that comes after a stage with `phase usage` in the
same journey, at its phase value.

## Why it matters

A journey map reads in the order the customer lives it: awareness and purchase come before use
and service. A pre-purchase stage after a usage stage is usually a stage pasted in the wrong
place, or a phase that was mislabelled; either way the curve and the flow read wrong.

## Example

```journey
journey fridge "Fridge" {
    goal "Fewer returns"
    stage use "Use" {
        phase usage
        touchpoint app "App" { channel in_app }
    }
    stage buy "Buy" {
        phase pre_purchase
        touchpoint shop "Shop" { channel store }
    }
}
```

## Fix

Move the stage before the usage stages, or correct its `phase`.
"#;
