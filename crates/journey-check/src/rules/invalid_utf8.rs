//! `invalid-utf8`: the file is not UTF-8. Reported while reading
//! (`journey_syntax::decode`); this module holds its documentation.

use journey_syntax::Severity;

use super::Rule;

pub const RULE: Rule = Rule {
    code: "invalid-utf8",
    severity: Severity::Error,
    summary: "The file is not valid UTF-8.",
    docs: DOCS,
    unnecessary: false,
};

pub const DOCS: &str = r#"## What it does

Reports a `.journey` file whose bytes are not valid UTF-8, at the first bad byte. Such a file
is not otherwise checked.

## Why it matters

Journey maps are shared between teams, tools and languages (Polish stage names, emoji in
labels). UTF-8 is the only encoding every tool in the chain reads the same way; a file saved
as Windows-1250 or Latin-1 would show different text in every editor and dashboard.

## Example

```journey
// Saved as Windows-1250: the byte 0xB9 of "ą" is not UTF-8.
stage świadomość "Świadomość" { }
```

"the file is not valid UTF-8: byte 0xB9 at offset 52 cannot start or continue a character".

## Fix

Re-save the file as UTF-8 (in VS Code: "Save with Encoding" → UTF-8; on the command line:
`iconv -f WINDOWS-1250 -t UTF-8 old.journey > new.journey`).
"#;
