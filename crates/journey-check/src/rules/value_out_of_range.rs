//! `value-out-of-range`: effort, percent, age or KPI value outside its range,
//! or a number too large to be represented (LANGUAGE.md §3).

use journey_syntax::ast::{DurationUnit, Int, Measure, Stmt, StmtKind, Value, ValueKind};
use journey_syntax::{Diagnostic, Severity, Span};

use super::{actions, kpis, touchpoints, Rule, Sink};
use crate::builtins::{format_number, Kind};
use crate::model::in_range;
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "value-out-of-range",
    severity: Severity::Error,
    summary: "An effort, percent, age range or built-in KPI value outside its range.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    bad_literals(analysis, sink);
    let model = &analysis.model;
    for persona in &model.personas {
        let Some(age) = &persona.age else { continue };
        let def = model.def(persona.def);
        let text = &analysis.file(def.file).text;
        if age.min.value > age.max.value && is_exact(&age.min, text) && is_exact(&age.max, text) {
            sink.push(
                def.file,
                RULE.diagnostic(
                    age.span,
                    format!(
                        "the age range {}..{} of persona `{}` is reversed",
                        age.min.value, age.max.value, def.id
                    ),
                )
                .with_help(format!(
                    "write the lower age first: `age {}..{}`",
                    age.max.value, age.min.value
                )),
            );
        }
    }
    for (_, _, tp) in touchpoints(model) {
        if let Some(effort) = &tp.effort {
            let text = &analysis.file(crate::FileId::ROOT).text;
            if !(1..=7).contains(&effort.value) && is_exact(effort, text) {
                sink.root(
                    RULE.diagnostic(
                        effort.span,
                        format!(
                            "effort {} of touchpoint `{}` is outside 1..7",
                            effort.value,
                            model.def(tp.def).id
                        ),
                    )
                    .with_help("effort is rated like the Customer Effort Score: 1 (no effort) to 7 (a lot)"),
                );
            }
        }
    }
    for journey in &model.journeys {
        for (_, block) in actions(journey) {
            for desired in &block.desired {
                let Some(target) = &desired.target else {
                    continue;
                };
                if let ValueKind::Percent(p) = target.kind {
                    if !(0.0..=100.0).contains(&p) {
                        sink.root(
                            RULE.diagnostic(
                                target.span,
                                format!(
                                    "the target {} of desired action `{}` is not a percent between 0 and 100",
                                    target.text,
                                    model.def(desired.def).id
                                ),
                            )
                            .with_help("a desired action's target is the share of customers who take it"),
                        );
                    }
                }
            }
            for completed in &block.completed {
                if completed.duplicate_of.is_some() {
                    continue;
                }
                if let Measure::Percent(value) = &completed.measure {
                    if let ValueKind::Percent(p) = value.kind {
                        if !(0.0..=100.0).contains(&p) {
                            sink.root(
                                RULE.diagnostic(
                                    value.span,
                                    format!(
                                        "completion rate {}% of `{}` is not between 0% and 100%",
                                        format_number(p),
                                        model.reference(completed.action).name
                                    ),
                                )
                                .with_help("write the share of customers who completed the action, or the counts as `N of M`"),
                            );
                        }
                    }
                }
            }
        }
        for kpi in kpis(journey) {
            let Some(builtin) = kpi.builtin() else {
                continue;
            };
            for (what, value) in [("target", &kpi.target), ("actual", &kpi.actual)] {
                let Some(value) = value else { continue };
                if Kind::of(&value.kind) != builtin.kind
                    || in_range(value.magnitude(), builtin.min, builtin.max)
                {
                    continue;
                }
                let range = match (builtin.min, builtin.max) {
                    (Some(min), Some(max)) => {
                        format!("{}..{}", format_number(min), format_number(max))
                    }
                    (Some(min), None) => format!("at least {}", format_number(min)),
                    (None, Some(max)) => format!("at most {}", format_number(max)),
                    (None, None) => "any value".to_string(),
                };
                sink.root(
                    RULE.diagnostic(
                        value.span,
                        format!(
                            "the {what} {} of KPI `{}` is out of range: it must be {range}",
                            value.text, kpi.id
                        ),
                    )
                    .with_help(in_range_help(
                        what,
                        &value.kind,
                        builtin.min,
                        builtin.max,
                    )),
                );
            }
        }
    }
}

/// What to write instead of an out-of-range KPI value: the allowed range and
/// the nearest value inside it, both in the value's own unit.
fn in_range_help(what: &str, value: &ValueKind, min: Option<f64>, max: Option<f64>) -> String {
    let written = |n: f64| written_as(value, n);
    let range = match (min, max) {
        (Some(min), Some(max)) => format!("from {} to {}", written(min), written(max)),
        (Some(min), None) => format!("of at least {}", written(min)),
        (None, Some(max)) => format!("of at most {}", written(max)),
        (None, None) => "of any size".to_string(),
    };
    let magnitude = crate::builtins::magnitude(value);
    let nearest = magnitude.clamp(min.unwrap_or(f64::MIN), max.unwrap_or(f64::MAX));
    format!("write a {what} {range}, e.g. `{what} {}`", written(nearest))
}

/// `n` (a magnitude: seconds for a duration) written in the unit of `value`.
fn written_as(value: &ValueKind, n: f64) -> String {
    match value {
        ValueKind::Number(_) => format_number(n),
        ValueKind::Percent(_) => format!("{}%", format_number(n)),
        ValueKind::Duration { unit, .. } => {
            format!(
                "{}{}",
                format_number(n / unit.seconds()),
                unit_symbol(*unit)
            )
        }
        ValueKind::Money { currency, .. } => format!("{} {currency}", format_number(n)),
    }
}

fn unit_symbol(unit: DurationUnit) -> &'static str {
    match unit {
        DurationUnit::Seconds => "s",
        DurationUnit::Minutes => "min",
        DurationUnit::Hours => "h",
        DurationUnit::Days => "d",
        DurationUnit::Weeks => "w",
    }
}

/// What one walk over the analysed file's tree finds: numbers too large to
/// be represented and dates that are not calendar dates. One walk, not one
/// per kind: on a large file each walk over the tree costs a few percent of
/// the check.
#[derive(Default)]
struct Literals<'t> {
    /// Numbers too large to be represented exactly: an integer beyond 64
    /// bits, a decimal (or a duration in seconds) beyond a finite `f64`.
    /// The tree keeps such values saturated or infinite; the error keeps
    /// them out of the compiled model.
    numbers: Vec<(Span, &'t str)>,
    /// DATEs that are not real calendar dates (`2026-02-30`, `2026-13-01`;
    /// LANGUAGE.md §10).
    dates: Vec<Span>,
}

fn bad_literals(analysis: &Analysis, sink: &mut Sink) {
    let root = analysis.file(crate::FileId::ROOT);
    let Some(parse) = &root.syntax else { return };
    for diagnostic in literal_diagnostics(&parse.file.items, &root.text) {
        sink.root(diagnostic);
    }
}

/// The numbers too large to be represented and the dates that are not
/// calendar dates among `stmts` and the blocks inside them.
pub(crate) fn literal_diagnostics<'s>(
    stmts: impl IntoIterator<Item = &'s Stmt>,
    text: &str,
) -> Vec<Diagnostic> {
    let mut found = Literals::default();
    for stmt in stmts {
        found.walk(stmt, text);
    }
    let mut diagnostics = Vec::new();
    for (span, literal) in found.numbers {
        let shown: String = literal.chars().take(24).collect();
        let shown = if shown.len() < literal.len() {
            format!("{shown}…")
        } else {
            shown
        };
        diagnostics.push(
            RULE.diagnostic(
                span,
                format!("the number `{shown}` is too large to be represented"),
            )
            .with_help("integers must fit in 64 bits and other numbers in a double (about 1.8e308, durations in seconds)"),
        );
    }
    for span in found.dates {
        let literal = text.get(span.range()).unwrap_or_default();
        diagnostics.push(
            RULE.diagnostic(span, format!("`{literal}` is not a calendar date"))
                .with_help("write a real date as YYYY-MM-DD, such as `2026-05-01`"),
        );
    }
    diagnostics
}

impl<'t> Literals<'t> {
    /// A statement and the blocks inside it.
    fn walk(&mut self, stmt: &Stmt, text: &'t str) {
        self.numbers_of(stmt, text);
        self.dates_of(stmt);
        if let Some((block, _)) = stmt.kind.block() {
            for inner in &block.stmts {
                self.walk(inner, text);
            }
        }
    }

    fn dates_of(&mut self, stmt: &Stmt) {
        let date = match &stmt.kind {
            StmtKind::AsOf(date) => Some(date),
            StmtKind::Completed { as_of, .. } => as_of.as_deref(),
            _ => None,
        };
        if let Some(date) = date.filter(|d| d.ymd.is_none()) {
            self.dates.push(date.span);
        }
    }

    fn numbers_of(&mut self, stmt: &Stmt, text: &'t str) {
        let found = &mut self.numbers;
        let mut int = |int: &Int| {
            if !is_exact(int, text) {
                found.push((int.span, text.get(int.span.range()).unwrap_or_default()));
            }
        };
        match &stmt.kind {
            StmtKind::Age(range) | StmtKind::Scale(range) => {
                int(&range.min);
                int(&range.max);
            }
            StmtKind::Emotion { value, .. } | StmtKind::Effort(value) => int(value),
            StmtKind::Completed { measure, .. } => match &**measure {
                Measure::Counts { count, of, .. } => {
                    int(count);
                    int(of);
                }
                Measure::Percent(value) => value_of(value, text, found),
            },
            StmtKind::Target(value) | StmtKind::Actual(value) => value_of(value, text, found),
            _ => {}
        }
    }
}

/// Whether an integer literal of `text` fits in 64 bits (the tree holds a
/// saturated value otherwise, which no other range check should report).
pub(crate) fn is_exact(int: &Int, text: &str) -> bool {
    text.get(int.span.range())
        .is_none_or(|literal| literal.parse::<i64>().is_ok())
}

fn value_of<'t>(value: &Value, text: &'t str, found: &mut Vec<(Span, &'t str)>) {
    if !crate::builtins::magnitude(&value.kind).is_finite() {
        let literal = text.get(value.span.range()).unwrap_or_default();
        found.push((value.span, literal));
    }
}

pub const DOCS: &str = r#"## What it does

Reports a value outside the range it must lie in:

- `effort` outside 1..7 (the Customer Effort Score's range);
- a percent outside 0..100 in a desired action's `target` or in `completed x N%`;
- `age a..b` with `a > b`;
- an `as_of` date that is not a real calendar date (`2026-02-30`);
- a value of a built-in KPI outside its range: `conversion_rate`, `retention_rate`, `csat`
  and `churn_rate` 0..100%, `nps` -100..100, `ces` 1..7, `average_transaction_time` and `clv`
  at least 0;
- a number too large to be represented (LANGUAGE.md §3): an integer beyond 64 bits
  (`scale 1..99999999999999999999999`), or a decimal, money amount or duration (counted in
  seconds) beyond the largest finite double. Such a number is never clamped or compiled to
  `null`.

A value with this error takes no part in `target-missed`.

## Why it matters

These values come from surveys and analytics with fixed ranges. A completion rate of 140% or an
NPS of 250 is a typo or a unit mix-up (a count written as a percent), and any dashboard built
on it would show nonsense.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    kpi nps {
        target 250
        actual 40
    }
    stage book "Book" {
        touchpoint form "Booking form" {
            channel web
            effort 9
        }
    }
}
```

## Fix

Correct the value. For a completion measured in counts, write `completed book_room 1250 of
5000` rather than a percent.
"#;
