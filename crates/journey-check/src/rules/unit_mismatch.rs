//! `unit-mismatch`: a KPI value of the wrong kind, or `target` and `actual`
//! of different kinds or currencies.

use journey_syntax::ast::ValueKind;
use journey_syntax::Severity;

use super::{kpis, Rule, Sink};
use crate::builtins::{comparable, Kind};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "unit-mismatch",
    severity: Severity::Error,
    summary:
        "A KPI value of the wrong kind, or target and actual of different kinds or currencies.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for journey in &analysis.model.journeys {
        for kpi in kpis(journey) {
            let mut wrong_kind = false;
            if let Some(builtin) = kpi.builtin() {
                for (what, value) in [("target", &kpi.target), ("actual", &kpi.actual)] {
                    let Some(value) = value else { continue };
                    let kind = Kind::of(&value.kind);
                    if kind != builtin.kind {
                        wrong_kind = true;
                        sink.root(
                            RULE.diagnostic(
                                value.span,
                                format!(
                                    "the {what} of KPI `{}` must be {}, but {} is {}",
                                    kpi.id,
                                    builtin.kind.phrase(),
                                    value.text,
                                    kind.phrase()
                                ),
                            )
                            .with_help(format!(
                                "write it as {}, for example {}",
                                builtin.kind.phrase(),
                                builtin.kind.example()
                            )),
                        );
                    }
                }
            }
            if wrong_kind {
                continue;
            }
            let (Some(target), Some(actual)) = (&kpi.target, &kpi.actual) else {
                continue;
            };
            // A value out of range is reported as such and takes no further
            // part (LANGUAGE.md §6): no mismatch against the other value.
            if comparable(&target.kind, &actual.kind)
                || !kpi.value_ok(target)
                || !kpi.value_ok(actual)
            {
                continue;
            }
            let message = match (&target.kind, &actual.kind) {
                (ValueKind::Money { currency: a, .. }, ValueKind::Money { currency: b, .. }) => {
                    format!(
                        "the actual of KPI `{}` is in {b}, but its target is in {a}",
                        kpi.id
                    )
                }
                _ => format!(
                    "the actual of KPI `{}` is {} ({}), but its target is {} ({})",
                    kpi.id,
                    Kind::of(&actual.kind).phrase(),
                    actual.text,
                    Kind::of(&target.kind).phrase(),
                    target.text
                ),
            };
            sink.root(
                RULE.diagnostic(actual.span, message)
                    .with_help("target and actual must be measured in the same unit to be compared")
                    .with_label(target.span, "the target"),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports KPI values that cannot be compared:

- for a built-in KPI, each value of the wrong kind (`conversion_rate`, `retention_rate`, `csat`
  and `churn_rate` are percents; `nps` and `ces` plain numbers; `average_transaction_time` a
  duration; `clv` money);
- for any KPI, a `target` and an `actual` of different kinds (a percent and a number, a
  duration and money) or in different currencies. This one points at the `actual`.

Such a KPI gets no `target-missed` and compiles with `met: null`.

## Why it matters

Whether a KPI is met is decided by comparing `actual` with `target`. `target 5%` against
`actual 3` could mean 3% or three conversions; `1200 PLN` against `300 EUR` cannot be compared
without an exchange rate and a date.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    kpi conversion_rate {
        target 5%
        actual 3
    }
    kpi clv {
        target 1200 PLN
        actual 300 EUR
    }
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads }
    }
}
```

## Fix

Write both values in the KPI's unit (`actual 3%`), and money in one currency.
"#;
