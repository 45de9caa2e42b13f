//! `empty-stage`: a stage without touchpoints.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "empty-stage",
    severity: Severity::Warning,
    summary: "A stage without touchpoints.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        for stage in &journey.stages {
            if !stage.touchpoints.is_empty() || stage.has_errors {
                continue;
            }
            let def = model.def(stage.def);
            sink.root(
                RULE.diagnostic(def.id_span, format!("stage `{}` has no touchpoints", def.id))
                    .with_help("add where customers meet the brand in this stage: `touchpoint ID \"Label\" { channel … }`"),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a stage without any `touchpoint`. It stays quiet when the stage's block has a syntax
error.

## Why it matters

A stage is only actionable through its touchpoints: the moments where customers meet the brand,
rated on the emotion scale. An empty stage is a gap in the map: either customers really have no
contact with the brand there (worth knowing and stating), or the team has not mapped it yet.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        phase pre_purchase
    }
}
```

## Fix

Add the stage's touchpoints, or remove the stage if customers do not pass through it.
"#;
