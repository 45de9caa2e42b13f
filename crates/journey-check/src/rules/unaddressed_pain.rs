//! `unaddressed-pain`: a high-severity pain without an opportunity.

use journey_syntax::ast::PainSeverity;
use journey_syntax::Severity;

use super::{touchpoints, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "unaddressed-pain",
    severity: Severity::Warning,
    summary: "A high-severity pain without an `opportunity` in its own block.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for (_, _, tp) in touchpoints(model) {
        for pain in &tp.pains {
            let high = pain.severity.is_some_and(|s| s.value == PainSeverity::High);
            if !high || !pain.opportunities.is_empty() || pain.has_errors {
                continue;
            }
            sink.root(
                RULE.diagnostic(
                    pain.text.span,
                    format!(
                        "high-severity pain of touchpoint `{}` has no opportunity",
                        model.def(tp.def).id
                    ),
                )
                .with_help("add `opportunity \"…\"` inside the pain's block: what could the business do about it?"),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a pain with `severity high` whose own block has no `opportunity`. (An `opportunity`
elsewhere in the touchpoint does not count: it may address something else.)

## Why it matters

Pain points are the reason to map a journey. A severe pain that nobody has proposed an answer
to is the most expensive item on the map: customers leave there, and without an opportunity
it has no owner in the next planning round.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        touchpoint landing "Landing page" {
            channel web
            pain "Amenities list is missing" {
                severity high
            }
        }
    }
}
```

## Fix

Add what could be done inside the pain's block:
`opportunity "Publish an amenities checklist"`.
"#;
