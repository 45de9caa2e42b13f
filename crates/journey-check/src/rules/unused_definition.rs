//! `unused-definition`: a team, persona or channel of a journey file that
//! the file never refers to.

use std::collections::HashSet;

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::model::FileId;
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "unused-definition",
    severity: Severity::Warning,
    summary: "A team, persona or channel of a file with journeys that the file never refers to.",
    docs: DOCS,
    unnecessary: true,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    if !analysis.defines_journey() {
        return;
    }
    let model = &analysis.model;
    // Any reference that spells an id uses it, whatever kind it expects.
    let used: HashSet<&str> = model
        .references
        .iter()
        .filter(|r| r.file == FileId::ROOT)
        .map(|r| r.name.as_str())
        .collect();
    for def in &model.definitions {
        if def.file != FileId::ROOT
            || !def.kind.is_top_level()
            || def.id.is_empty()
            || def.first.is_some()
            || used.contains(def.id.as_str())
        {
            continue;
        }
        sink.root(
            RULE.diagnostic(
                def.id_span,
                format!("{} `{}` is never used in this file", def.kind.noun(), def.id),
            )
            .with_help(format!(
                "refer to it (`{}`), remove it, or move shared definitions to a file without journeys and import it",
                match def.kind {
                    crate::model::DefKind::Team => format!("owner {}", def.id),
                    crate::model::DefKind::Persona => format!("for {}", def.id),
                    _ => format!("channel {}", def.id),
                }
            )),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a team, persona or channel defined in a file that also defines a journey, when nothing
in that file refers to it (`owner`, `for`, `channel`, `next`, `completed`, `keeps`: any
reference that spells the id counts, whatever kind it expects). Files that hold shared
definitions only (no journey) are exempt, as are definitions imported from other files.

## Why it matters

A persona nobody travels as, or a team that owns nothing, is either a leftover or a sign that
the map forgot someone: a persona defined but missing from every `for` list escapes the
channel-data checks entirely.

## Example

```journey
team marketing "Marketing"
team legal "Legal"
journey stay "Hotel stay" {
    goal "More direct bookings"
    owner marketing
    stage search "Search" {
        touchpoint ad "Search ad" { channel ads }
    }
}
```

## Fix

Refer to it where it belongs (`owner legal` on the stage it owns), delete it, or move shared
definitions into a file without journeys and import that file.
"#;
