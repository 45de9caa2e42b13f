//! `invalid-config`: a problem in `journey.toml`. Found while reading the
//! configuration (`crate::config::parse`), reported in the TOML file.

use journey_syntax::{Diagnostic, Severity, Span};

use super::Rule;

pub const RULE: Rule = Rule {
    code: "invalid-config",
    severity: Severity::Error,
    summary: "journey.toml is malformed, or names an unknown code or level.",
    docs: DOCS,
    unnecessary: false,
};

/// An `invalid-config` diagnostic in `journey.toml`.
pub fn report(span: Span, message: impl Into<String>) -> Diagnostic {
    RULE.diagnostic(span, message)
}

pub const DOCS: &str = r#"## What it does

Checks `journey.toml`, the file that sets the severity of each diagnostic code for the
`.journey` files in its directory and below. It reports malformed TOML, an unknown section,
an unknown diagnostic code, an unknown level (the levels are `allow`, `advice`, `warning` and
`error`), and an attempt to configure `syntax-error`, `invalid-utf8` or `invalid-config`,
which are always errors. The diagnostic points at the offending key or value in
`journey.toml` itself.

## Why it matters

A misspelled code in the configuration would otherwise be ignored silently: the team would
believe `unused-definition` is allowed while every check run still reports it, or believe an
important warning is an error in CI while it is not.

## Example

```toml
[lints]
unused-definitions = "allow"     # the code is `unused-definition`
missing-owner = "warn"           # the level is `warning`
```

## Fix

Use a code listed by `journey explain` and one of the four levels:

```toml
[lints]
unused-definition = "allow"
missing-owner = "warning"
```
"#;
