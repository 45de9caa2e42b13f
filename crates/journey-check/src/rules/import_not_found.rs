//! `import-not-found`: an import whose file does not exist.

use journey_syntax::Severity;

use super::{Rule, Sink};
use crate::{Analysis, ImportStatus};

pub const RULE: Rule = Rule {
    code: "import-not-found",
    severity: Severity::Error,
    summary: "An import whose file does not exist or cannot be read.",
    docs: DOCS,
    unnecessary: false,
};

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for import in &analysis.imports {
        let ImportStatus::NotFound(reason) = &import.status else {
            continue;
        };
        sink.root(
            RULE.diagnostic(
                import.span,
                format!(
                    "cannot import `{}`: `{}`: {reason}",
                    import.text,
                    crate::paths::display(&import.path)
                ),
            )
            .with_help("import paths are relative to the importing file's directory"),
        );
    }
}

pub const DOCS: &str = r#"## What it does

Reports an `import "path"` whose file does not exist or cannot be read. The path is resolved
relative to the directory of the importing file, not the current directory.

## Why it matters

Shared teams, personas and channels usually live in an imported file. When the import is
broken, every `owner`, `for` and `channel` that relied on it becomes an unknown reference, and
the real cause is this one line.

## Example

```journey
import "shraed.journey"
```

## Fix

Correct the path (relative to this file: `import "../shared/teams.journey"`), or create the
file.
"#;
