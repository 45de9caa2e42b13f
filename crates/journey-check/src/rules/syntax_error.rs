//! `syntax-error`: text that does not match the grammar. Reported by the
//! parser (`journey_syntax::parse`); this module holds its documentation.

use journey_syntax::Severity;

use super::Rule;

pub const RULE: Rule = Rule {
    code: "syntax-error",
    severity: Severity::Error,
    summary: "Text that does not match the grammar (one per broken statement).",
    docs: DOCS,
    unnecessary: false,
};

pub const DOCS: &str = r#"## What it does

Reports text that is not valid journey syntax: a misspelled keyword, a statement in a block
that does not accept it, a missing `{` or `}`, an unterminated string. The parser never stops
at the first problem: it reports one error per broken statement, skips that statement and
keeps everything else, so the rest of the file is still checked.

## Why it matters

A map that does not parse cannot be trusted: the broken line may hold the goal, an owner or a
touchpoint that the rest of the map depends on. `journey compile` refuses files with syntax
errors, and checks that look for something missing (`missing-goal`, `missing-owner`,
`empty-journey`, `empty-stage`) stay quiet in a block with a broken statement, since the
missing thing may be in the broken text.

## Example

```journey
journey hotel_stay "Hotel stay" {
    goal "Raise direct bookings"
    stage search "Search" {
        touchpont landing "Landing page" {
            channel web
        }
    }
}
```

`touchpont` is not a stage statement: "expected `}` or a stage statement such as
`touchpoint`, `phase`, `owner`, found `touchpont`".

## Fix

Correct the statement as the message says; `journey explain` and the editor's completion list
the statements each block accepts.
"#;
