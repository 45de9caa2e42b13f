//! `incomplete-kpi`: a KPI without `target` or without `actual`
//! (LANGUAGE.md §10).

use journey_syntax::Severity;

use super::{kpis, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "incomplete-kpi",
    severity: Severity::Advice,
    summary: "A KPI without a `target` or without an `actual` value.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        for kpi in kpis(journey) {
            // A duplicate is reported as such, not checked again.
            if kpi.has_errors || model.def(kpi.def).first.is_some() {
                continue;
            }
            let missing = match (&kpi.target, &kpi.actual) {
                (Some(_), Some(_)) => continue,
                (None, Some(_)) => "no target",
                (Some(_), None) => "no actual value",
                (None, None) => "neither a target nor an actual value",
            };
            let def = model.def(kpi.def);
            sink.root(
                RULE.diagnostic(def.id_span, format!("KPI `{}` has {missing}", kpi.id))
                    .with_help("a KPI is judged by comparing `actual` with `target`: write both"),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a `kpi` block that lacks a `target` or an `actual` value. It stays quiet when the
KPI's block has a syntax error.

## Why it matters

A KPI says whether the journey works only when the measured value can be compared with the
goal: without a target nobody knows what good looks like, without an actual nobody knows where
the journey stands. `target-missed` cannot judge it either.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    kpi csat { target 90% }
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads }
    }
}
```

## Fix

Add the missing value (`actual 87%`), with `source` and `as_of` saying where and when it was
measured. To hide the advice, set `incomplete-kpi = "allow"` under `[lints]` in `journey.toml`.
"#;
