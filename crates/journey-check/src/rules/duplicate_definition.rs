//! `duplicate-definition`: a second definition of an id in one namespace.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::model::{DefKind, FileId};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "duplicate-definition",
    severity: Severity::Error,
    summary: "A second definition of an id in the same namespace.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for def in &model.definitions {
        let Some(first) = def.first else { continue };
        let first = model.def(first);
        let scope = match def.kind {
            DefKind::Team | DefKind::Persona | DefKind::Channel => {
                if first.file == def.file {
                    "in this file"
                } else {
                    "by an imported file"
                }
            }
            DefKind::Journey => "in this file",
            DefKind::Kpi => "in this block",
            _ => "in this journey",
        };
        let message = if def.file != FileId::ROOT && first.file != def.file {
            // Two files that know nothing of each other, both imported here.
            format!(
                "{} `{}` is also defined in `{}`, and a file imports both",
                def.kind.noun(),
                def.id,
                crate::paths::display(&analysis.file(first.file).path)
            )
        } else {
            format!(
                "{} `{}` is already defined {scope}",
                def.kind.noun(),
                def.id
            )
        };
        let help = match def.kind {
            DefKind::Team | DefKind::Persona | DefKind::Channel => format!(
                "the first definition counts; rename this {} or remove one of the two",
                def.kind.noun()
            ),
            DefKind::Kpi => {
                "KPI ids are unique within their block; the first one counts".to_string()
            }
            DefKind::Journey => "journey ids are unique in a file; rename this one".to_string(),
            _ => format!(
                "{} ids are unique across the whole journey; rename this one",
                def.kind.noun()
            ),
        };
        sink.push(
            def.file,
            RULE.diagnostic(def.id_span, message)
                .with_help(help)
                .with_label_in(
                    analysis.label_file(def.file, first.file),
                    first.id_span,
                    format!("first definition of `{}`", first.id),
                ),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a second definition of an id where ids must be unique:

- teams, personas and channels: one namespace per kind, shared by a file and every file it
  imports (directly or transitively); imported definitions come first, so the later one in
  that order is the duplicate;
- inside a journey, stage ids, touchpoint ids, desired-action ids and promise ids are each
  unique across the whole journey;
- KPI ids are unique within their block (journey, stage or touchpoint);
- journey ids are unique in a file.

The diagnostic points at the second id, with a label on the first definition, which is the one
that counts.

## Why it matters

Every reference (`owner`, `for`, `channel`, `next`, `completed`, `keeps`) names exactly one
thing. Two touchpoints called `landing` make `next landing` ambiguous, and two personas called
`traveler` with different data make channel checks meaningless.

## Example

```journey
team marketing "Marketing"
team marketing "Brand marketing"
```

## Fix

Rename one of the two (and the references meant for it), or delete the copy. For a definition
that clashes with an imported one, use the imported definition instead of redefining it.
"#;
