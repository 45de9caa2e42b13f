//! `missing-owner`: a stage without `owner` in a journey without one.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "missing-owner",
    severity: Severity::Advice,
    summary: "A stage without an owner when its journey has none either.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    let example = model
        .teams
        .first()
        .map_or("marketing", |t| model.def(t.def).id.as_str());
    for journey in &model.journeys {
        if journey.owner.is_some() || journey.has_errors {
            continue;
        }
        for stage in &journey.stages {
            if stage.owner.is_some() || stage.has_errors {
                continue;
            }
            let def = model.def(stage.def);
            sink.root(
                RULE.diagnostic(
                    def.id_span,
                    format!(
                        "stage `{}` has no owner, and neither has journey `{}`",
                        def.id,
                        model.def(journey.def).id
                    ),
                )
                .with_help(format!(
                    "name the team responsible: `owner {example}` in the stage, or once in the journey"
                )),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a stage without an `owner` when its journey has no `owner` either (a journey's owner
covers its stages). It stays quiet when the stage's or the journey's block has a syntax error.

## Why it matters

Responsibility matters: every stage needs a team that answers for its touchpoints, KPIs and
pain points. Without one, improvements found in the map have nobody to land with.

## Example

```journey
team marketing "Marketing"
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads owner marketing }
    }
}
```

## Fix

Add `owner TEAM` to the stage, or one `owner` to the journey for all its stages.
"#;
