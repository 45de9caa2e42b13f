//! `persona-not-in-audience`: `emotion … for p` for a persona who does not
//! meet the touchpoint (LANGUAGE.md §10).

use journey_syntax::Severity;

use super::{touchpoints, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "persona-not-in-audience",
    severity: Severity::Error,
    summary: "An `emotion … for` naming a persona outside the touchpoint's audience.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for (journey, _, tp) in touchpoints(model) {
        let audience = model.audience_personas(model.audience(journey, tp));
        for emotion in &tp.persona_emotions {
            let Some(r) = emotion.persona else { continue };
            // An unknown name is `unknown-reference` only.
            let Some(persona) = model.resolve(r) else {
                continue;
            };
            if audience.contains(&persona) {
                continue;
            }
            let reference = model.reference(r);
            let shown: Vec<String> = audience
                .iter()
                .map(|&p| format!("`{}`", model.def(p).id))
                .collect();
            let help = if shown.is_empty() {
                format!(
                    "the touchpoint has no audience: add `for {}` to it or to its journey",
                    reference.name
                )
            } else {
                format!(
                    "its audience is {}; add `{}` to the touchpoint's `for` list, or rate for one of them",
                    shown.join(", "),
                    reference.name
                )
            };
            sink.root(
                RULE.diagnostic(
                    reference.span,
                    format!(
                        "persona `{}` is not in the audience of touchpoint `{}`",
                        reference.name,
                        model.def(tp.def).id
                    ),
                )
                .with_help(help),
            );
        }
    }
}

pub const DOCS: &str = r#"## What it does

Reports a persona named after `for` in an `emotion` statement who is not in the touchpoint's
audience (its own `for` list, else its journey's).

## Why it matters

A per-persona rating says how *that* persona feels at the touchpoint. A persona who never meets
the touchpoint cannot feel anything there: the rating is a typo, or the audience is incomplete.

## Example

```journey
persona buyer "Buyer" { segment b2b }
persona user "User" { segment b2b }

journey crm "CRM rollout" {
    goal "Faster onboarding"
    for buyer
    stage pick "Pick a vendor" {
        touchpoint demo "Demo" {
            channel call
            emotion 2 for user
        }
    }
}
```

## Fix

Add the persona to the audience (`for buyer, user` in the journey or the touchpoint), or rate
for a persona who is in it.
"#;
