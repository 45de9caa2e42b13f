//! `missing-channel`: a touchpoint without `channel` (LANGUAGE.md §10).

use journey_syntax::Severity;

use super::{touchpoints, Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "missing-channel",
    severity: Severity::Warning,
    summary: "A touchpoint without a `channel`.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    for (_, _, tp) in touchpoints(model) {
        // The channel may be in the broken text.
        if tp.channel.is_some() || tp.has_errors {
            continue;
        }
        let def = model.def(tp.def);
        sink.root(
            RULE.diagnostic(
                def.id_span,
                format!("touchpoint `{}` has no channel", def.id),
            )
            .with_help(
                "say where the customer meets the brand, e.g. `channel web` or `channel email`",
            ),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a touchpoint without a `channel` statement. It stays quiet when the touchpoint's block
has a syntax error (the channel may be in the broken text).

## Why it matters

A touchpoint is a moment where the customer meets the brand *somewhere*: a web page, an email,
a call, a shop. Without the channel nobody can tell who owns it, whether the persona can be
reached there at all (`channel-data-missing`), or how to improve it.

## Example

```journey
journey stay "Hotel stay" {
    goal "More direct bookings"
    stage search "Search" {
        touchpoint landing "Landing page" { emotion 3 }
    }
}
```

## Fix

Add the channel: `channel web`. Built-in channels (`web`, `email`, `sms`, `call`, `store`, …)
need no declaration; declare others at top level with `channel ID { requires … }`.
"#;
