//! `import-outside-root`: an import that resolves outside the project root.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::{Analysis, ImportStatus};

pub const RULE: Rule = Rule {
    code: "import-outside-root",
    severity: Severity::Error,
    summary: "An import that resolves outside the project root.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for import in &analysis.imports {
        let ImportStatus::OutsideRoot { root, through_link } = &import.status else {
            continue;
        };
        let root = crate::paths::display(root);
        let root = if root.is_empty() {
            ".".to_string()
        } else {
            root
        };
        let message = if *through_link {
            format!(
                "`{}` leads outside the project root `{root}` through a symbolic link",
                import.text
            )
        } else {
            format!(
                "`{}` resolves to `{}`, outside the project root `{root}`",
                import.text,
                crate::paths::display(&import.path)
            )
        };
        sink.root(
            RULE.diagnostic(import.span, message)
            .with_help("the project root is the nearest directory with `journey.toml` or `.git`; move the shared file inside it"),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports an import that resolves outside the project root: the nearest ancestor directory of the
checked file that holds `journey.toml` or `.git`. The file is not read. Where no such directory
exists there is no restriction.

## Why it matters

A map that imports `../../other-team/personas.journey` only checks on the machine where that
directory happens to exist: in CI, in a colleague's clone or in the editor it breaks, or worse,
picks up a different file. Keeping every import inside the repository makes checks
reproducible.

## Example

```journey
import "../../marketing-shared/personas.journey"
```

## Fix

Copy or move the shared definitions into the project (for example `shared/personas.journey`)
and import them from there.
"#;
