//! `unknown-reference`: a name that resolves to nothing of the expected kind.

use journey_syntax::{closest, Fix, Severity, Span};

use super::fixes::new_definition;
use super::{Rule, Sink};
use std::collections::HashMap;

use crate::model::{DefId, DefKind, Reference};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "unknown-reference",
    severity: Severity::Error,
    summary: "A name that resolves to nothing of the expected kind.",
    docs: DOCS,
    unnecessary: false,
};

/// How many candidate names a file may compare against unknown references
/// for "did you mean" (each comparison is an edit distance): beyond it, no
/// more suggestions, so that a file full of broken names stays linear.
const SUGGESTION_BUDGET: usize = 200_000;

/// The closest candidate within a third of the word's length (as
/// [`journey_syntax::closest`]), skipping candidates whose length alone rules
/// them out; `budget` counts the comparisons made.
fn suggest<'a>(word: &str, candidates: &[&'a str], budget: &mut usize) -> Option<&'a str> {
    if candidates.len() > *budget {
        *budget = 0;
        return None;
    }
    *budget -= candidates.len();
    let len = word.chars().count();
    let limit = (len / 3).max(1);
    let close = candidates.iter().copied().filter(|c| {
        c.len().abs_diff(word.len()) <= limit * 4 && c.chars().count().abs_diff(len) <= limit
    });
    closest(word, close)
}

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    // Candidate names per kind and scope, computed once; suggestions stop
    // after a bound so that a file full of broken names stays linear.
    let mut candidates: HashMap<(DefKind, Option<DefId>), Vec<&str>> = HashMap::new();
    let mut budget = SUGGESTION_BUDGET;
    for reference in &model.references {
        if reference.target.is_some() {
            continue;
        }
        let kind = reference.expects;
        let scope = if kind.is_top_level() {
            None
        } else {
            reference.journey
        };
        let names = candidates
            .entry((kind, scope))
            .or_insert_with(|| model.names(kind, scope));
        let scope = if kind.is_top_level() {
            ""
        } else {
            " in this journey"
        };
        let mut diagnostic = RULE.diagnostic(
            reference.span,
            format!("unknown {} `{}`{scope}", kind.noun(), reference.name),
        );
        let suggestion = suggest(&reference.name, names, &mut budget);
        if let Some(best) = suggestion {
            diagnostic = diagnostic.with_fix(
                Fix::replace(format!("Replace with `{best}`"), reference.span, best).preferred(),
            );
        }
        if let Some(fix) = create(analysis, reference) {
            diagnostic = diagnostic.with_fix(fix);
        }
        let help = match suggestion {
            Some(best) => format!("did you mean `{best}`?"),
            None => match other_kind(analysis, reference) {
                Some(other) => format!(
                    "`{}` is a {}, but `{}` names a {}",
                    reference.name,
                    other.noun(),
                    reference.role.keyword(),
                    kind.noun()
                ),
                None => how_to_define(kind, &reference.name),
            },
        };
        diagnostic = diagnostic.with_help(help);
        sink.push(reference.file, diagnostic);
    }
}

/// A new top-level definition of the unknown name, in the file that names
/// it.
fn create(analysis: &Analysis, reference: &Reference) -> Option<Fix> {
    if !reference.expects.is_top_level() {
        return None;
    }
    let file = analysis.file(reference.file);
    let syntax = file.syntax.as_ref()?;
    let (at, text) = new_definition(&syntax.file, &file.text, reference.expects, &reference.name)?;
    Some(Fix::replace(
        format!("Create {} `{}`", reference.expects.noun(), reference.name),
        Span::empty(at),
        text,
    ))
}

/// A definition of another kind with the same name, if any.
fn other_kind(analysis: &Analysis, reference: &Reference) -> Option<DefKind> {
    let model = &analysis.model;
    for kind in [DefKind::Team, DefKind::Persona, DefKind::Channel] {
        if kind != reference.expects && model.namespace.of(kind)?.contains_key(&reference.name) {
            return Some(kind);
        }
    }
    let scope = model.scopes.get(&reference.journey?)?;
    for kind in [
        DefKind::Stage,
        DefKind::Touchpoint,
        DefKind::Desired,
        DefKind::Promise,
    ] {
        if kind != reference.expects && scope.of(kind)?.contains_key(&reference.name) {
            return Some(kind);
        }
    }
    None
}

fn how_to_define(kind: DefKind, name: &str) -> String {
    match kind {
        DefKind::Team => format!("define it with `team {name} \"…\"`, or import the file that does"),
        DefKind::Persona => format!("define it with `persona {name} \"…\" {{ … }}`, or import the file that does"),
        DefKind::Channel => format!(
            "declare it with `channel {name} \"…\"`, or use a built-in channel such as `web`, `email`, `sms` or `store`"
        ),
        DefKind::Touchpoint => "`next` names a touchpoint of the same journey".to_string(),
        DefKind::Desired => format!("define it with `desired {name} \"…\"` in a stage or touchpoint of this journey"),
        DefKind::Promise => format!("make it with `promise {name} \"…\"` in a stage or touchpoint of this journey"),
        other => format!("no {} of that name is visible here", other.noun()),
    }
}

pub const DOCS: &str = r#"## What it does

Reports a name that does not resolve to a definition of the kind its statement expects:

| statement | names |
|---|---|
| `owner` | a `team` |
| `for` | `persona`s |
| `channel` (in a touchpoint) | a declared or built-in channel |
| `next` | touchpoints of the same journey |
| `completed` | a desired action of the same journey |
| `keeps` | a promise of the same journey |

Teams, personas and channels may come from imported files. When a name of the right kind is
close, the help suggests it ("did you mean `traveler`?").

## Why it matters

A reference that resolves to nothing breaks the map silently: a touchpoint without a real
channel escapes the channel-data check, a stage owned by a misspelled team has no owner, and a
`completed` that names nothing never shows whether the desired action happened.

## Example

```journey
persona traveler "Business traveler" { data email }
journey stay "Hotel stay" {
    goal "More direct bookings"
    for travler
    stage search "Search" {
        touchpoint ad "Search ad" {
            channel ads
        }
    }
}
```

## Fix

Correct the spelling, define the missing team, persona or channel (or import the file that
defines it), or point the reference at an id of the right kind.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// Beyond the budget of comparisons, references still get their
    /// diagnostic, only no suggestion: a file full of broken names stays
    /// linear.
    #[test]
    fn suggestions_stop_at_the_budget() {
        let names: Vec<String> = (0..1000).map(|i| format!("team_{i:04}")).collect();
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut budget = 2_500;
        assert_eq!(
            suggest("team_0001x", &candidates, &mut budget),
            Some("team_0001")
        );
        assert_eq!(
            suggest("team_0002x", &candidates, &mut budget),
            Some("team_0002")
        );
        // The third would exceed the budget: no suggestion, and none after.
        assert_eq!(suggest("team_0003x", &candidates, &mut budget), None);
        assert_eq!(budget, 0);
        assert_eq!(suggest("team_0004x", &candidates, &mut budget), None);
    }
}
