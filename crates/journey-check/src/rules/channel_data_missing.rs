//! `channel-data-missing`: a persona of a touchpoint's audience lacks a data
//! item its channel requires.

use journey_syntax::Severity;

use super::{touchpoints, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "channel-data-missing",
    severity: Severity::Warning,
    summary: "A persona in a touchpoint's audience lacks data its channel requires.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for (journey, _, tp) in touchpoints(model) {
        let Some(channel) = tp.channel else { continue };
        let requires = model.channel_requires(channel);
        if requires.is_empty() {
            continue;
        }
        let channel_ref = model.reference(channel);
        let audience = model.audience(journey, tp);
        for persona_def in model.audience_personas(audience) {
            let Some(persona) = model.persona(persona_def) else {
                continue;
            };
            let persona_id = &model.def(persona_def).id;
            let mut seen: Vec<&str> = Vec::new();
            for item in &requires {
                if seen.contains(item) || persona.has_data(item) {
                    continue;
                }
                seen.push(item);
                sink.root(
                    RULE.diagnostic(
                        channel_ref.span,
                        format!(
                            "channel `{}` of touchpoint `{}` requires `{item}`, but persona `{persona_id}` has no `{item}` in its data",
                            channel_ref.name,
                            model.def(tp.def).id
                        ),
                    )
                    .with_help(format!(
                        "add `{item}` to the `data` of `{persona_id}` if the business holds it, give the touchpoint a `for` list without `{persona_id}`, or use another channel"
                    )),
                );
            }
        }
    }
}

pub const DOCS: &str = r#"## What it does

For every touchpoint, takes its audience (its own `for` list, else its journey's) and its
channel's required data (built-in channels: `email` needs `email`, `sms` and `call` need
`phone`, `push` needs `push_token`, `in_app` needs `app`, `mail` needs `address`; declared
channels: their `requires`). Reports each persona that lacks a required item in its `data`,
one diagnostic per persona and item, at the channel name.

## Why it matters

The data a business holds about an audience decides which channels it can use: an SMS needs a
phone number, an email needs an address. A touchpoint on a channel the audience cannot be
reached on is a step of the journey that never happens for them.

## Example

```journey
persona walk_in "Walk-in guest" {
    data email
}
journey stay "Hotel stay" {
    goal "More direct bookings"
    for walk_in
    stage arrive "Arrive" {
        touchpoint reminder "Arrival SMS" {
            channel sms
        }
    }
}
```

## Fix

Collect the data (and add it to the persona's `data`), restrict the touchpoint to the personas
who can be reached (`for sms_fans`), or pick a channel that needs only data you have.
"#;
