//! `missing-goal`: a journey without `goal`.

use journey_syntax::ast::StmtKind;
use journey_syntax::{Fix, Severity, Span};

use super::fixes::block_indent;
use super::{Rule, Sink};
use crate::{Analysis, FileId};

pub const RULE: Rule = Rule {
    code: "missing-goal",
    severity: Severity::Warning,
    summary: "A journey without a `goal`.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for journey in &model.journeys {
        if journey.goal.is_some() || journey.has_errors {
            continue;
        }
        let def = model.def(journey.def);
        let mut diagnostic =
            RULE.diagnostic(def.id_span, format!("journey `{}` has no goal", def.id))
                .with_help("state what the business wants to achieve, e.g. `goal \"Raise direct bookings by 15%\"`");
        if let Some(fix) = add_goal(analysis, def.id_span) {
            diagnostic = diagnostic.with_fix(fix);
        }
        sink.root(diagnostic);
    }
}

/// A `goal` line placeholder first in the journey's block, indented as its
/// statements are.
fn add_goal(analysis: &Analysis, id_span: Span) -> Option<Fix> {
    let root = analysis.file(FileId::ROOT);
    let journey = root.syntax.as_ref()?.file.items.iter().find(|s| {
        matches!(&s.kind, StmtKind::Journey(d) if d.id.as_ref().is_some_and(|id| id.span == id_span))
    })?;
    let (block, _) = journey.kind.block()?;
    let indent = block_indent(&root.text, journey, block);
    Some(
        Fix::replace(
            "Add a `goal` line",
            Span::empty(block.open.end as usize),
            format!("\n{indent}goal \"What the business wants this journey to achieve\""),
        )
        .preferred(),
    )
}

pub const DOCS: &str = r#"## What it does

Reports a journey without a `goal` statement. It stays quiet when the journey's block has a
syntax error (the goal may be in the broken text).

## Why it matters

A journey map exists to move a business outcome: more direct bookings, fewer cancellations,
faster onboarding. Without a stated goal nobody can tell which stages, KPIs and desired
actions matter, and the map turns into a description of the status quo.

## Example

```journey
journey stay "Hotel stay" {
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads }
    }
}
```

## Fix

Add one measurable goal: `goal "Raise direct bookings by business travelers by 15%"`.
"#;
