//! `import-cycle`: a file that imports itself through a chain.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::Analysis;

pub const RULE: Rule = Rule {
    code: "import-cycle",
    severity: Severity::Error,
    summary: "A file that imports itself through a chain of imports.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for import in &analysis.imports {
        let Some(chain) = &import.cycle else { continue };
        let chain = chain
            .iter()
            .map(|p| format!("`{}`", crate::paths::display(p)))
            .collect::<Vec<_>>()
            .join(" → ");
        sink.root(
            RULE.diagnostic(
                import.span,
                format!(
                    "importing `{}` leads back to this file: {chain}",
                    import.text
                ),
            )
            .with_help(
                "move the definitions both files need into a third file that imports neither",
            ),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports a file that imports itself through a chain of imports (`a.journey` imports
`b.journey`, which imports `a.journey`). The diagnostic points at the checked file's import that
leads into the cycle. Definitions along the cycle are still visible, each file is read once.

## Why it matters

Imports are meant to flow one way: shared definitions at the bottom, journey maps on top. A
cycle means two maps depend on each other's definitions, so neither can be read, reviewed or
moved on its own, and a change in either can break both.

## Example

```journey
// a.journey
import "b.journey"
// b.journey contains: import "a.journey"
```

## Fix

Move the definitions both files need into a shared file (for example `shared.journey`) that
imports neither, and import it from both.
"#;
