//! `duplicate-field`: a single-valued field repeated in one block.

use journey_syntax::{Fix, Severity};

use super::fixes::whole_lines;
use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "duplicate-field",
    severity: Severity::Error,
    summary: "A single-valued field repeated in one block.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for field in &analysis.model.duplicate_fields {
        sink.push(
            field.file,
            RULE.diagnostic(
                field.stmt,
                format!(
                    "`{}` is given twice in this {}; only the first one counts",
                    field.keyword, field.block
                ),
            )
            .with_help(format!(
                "a {} has one `{}`: remove one of them",
                field.block, field.keyword
            ))
            .with_label(field.first, format!("first `{}`", field.keyword))
            .with_fix(
                Fix::replace(
                    format!("Remove the repeated `{}`", field.keyword),
                    whole_lines(&analysis.file(field.file).text, field.stmt),
                    "",
                )
                .preferred(),
            ),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a statement that describes one thing repeated in the same block: `goal`, `approach`,
`scale`, `owner`, `phase`, `channel`, `emotion`, `effort`, `segment`, `age`, `severity`,
`target`, `actual`, `direction`, `event`, `description`, `source` and `as_of`. The first
occurrence is the one that counts. List-like statements (`expects`, `pain`, `moment_of_truth`,
`opportunity`, `needs`, `next`, `for`, `region`, `interests`, `data`, `requires`) may repeat and
accumulate.

## Why it matters

A touchpoint rated `emotion 2` and `emotion 4` has no rating anyone can act on; a stage with two
`owner` lines has no single accountable team. Usually the second line is a leftover from an
edit and the map says something other than the author thinks.

## Example

```journey
journey signup "Sign-up" {
    goal "More sign-ups"
    stage start "Start" {
        touchpoint form "Sign-up form" {
            channel web
            emotion 2
            emotion 4
        }
    }
}
```

## Fix

Keep one of the statements. To record several values, use a list statement instead (for
example several `expects` or `pain` lines).
"#;
