//! The formatter on arbitrary text: never panics; refuses only a text with
//! syntax errors and never fails its own guard; and for a text it formats:
//! idempotent, the output has no syntax errors, the same comments in the
//! same order, the same syntax tree (spans aside), the same diagnostics and
//! (for a file without errors) the same compiled model; `format_edits`
//! applied to the text gives the formatted text.
#![no_main]

use std::path::Path;

use journey_check::{check_file, MemoryFileSystem};
use journey_fmt::{format, format_edits, FormatError};
use journey_fuzz::{assert_model_valid, tree_without_spans, PROJECT};
use journey_syntax::ast::CommentKind;
use journey_syntax::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let formatted = match format(text) {
        Ok(formatted) => formatted,
        Err(FormatError::Syntax(diagnostics)) => {
            assert!(!diagnostics.is_empty(), "refused without a syntax error");
            return;
        }
        Err(FormatError::Internal(message)) => panic!("the formatter's guard fired: {message}"),
    };
    assert!(
        parse(text).errors.is_empty(),
        "a text with syntax errors was formatted"
    );
    let again = format(&formatted).unwrap_or_else(|e| panic!("the output is refused: {e}"));
    assert_eq!(again, formatted, "formatting is not idempotent");
    let errors = parse(&formatted).errors;
    assert!(
        errors.is_empty(),
        "the output has syntax errors: {errors:?}"
    );
    assert_eq!(comments(text), comments(&formatted), "comments changed");
    assert_eq!(
        tree_without_spans(&parse(text).file),
        tree_without_spans(&parse(&formatted).file),
        "the syntax tree changed"
    );
    assert_eq!(
        meaning(text),
        meaning(&formatted),
        "the diagnostics or the compiled model changed"
    );
    assert_eq!(
        apply(
            text,
            format_edits(text).expect("format_edits agrees with format")
        ),
        formatted,
        "format_edits does not give the formatted text"
    );
});

/// Every comment's kind and text, in order; `//` and `///` comments
/// without the trailing spaces, tabs and carriage returns the formatter
/// trims.
fn comments(text: &str) -> Vec<(CommentKind, String)> {
    parse(text)
        .file
        .comments
        .iter()
        .map(|c| {
            let body = &text[c.span.range()];
            let body = match c.kind {
                CommentKind::Block => body,
                _ => body.trim_end_matches([' ', '\t', '\r']),
            };
            (c.kind, body.to_string())
        })
        .collect()
}

/// What `journey check` and `journey compile` make of the text as a file
/// alone: each diagnostic's code, severity and message (positions aside),
/// and the compiled JSON model when there is no error.
fn meaning(text: &str) -> String {
    let path = Path::new(PROJECT).join("main.journey");
    let fs = MemoryFileSystem::new().with(path.clone(), text);
    let check = check_file(&fs, &path);
    let mut out = String::new();
    for d in check.analysis.diagnostics() {
        out.push_str(&format!("{} {:?} {}\n", d.code, d.severity, d.message));
    }
    if !check.analysis.has_errors() {
        let model = journey_check::compile::compile(&check.analysis);
        out.push_str(&assert_model_valid(&model).to_string());
    }
    out
}

fn apply(text: &str, edits: Vec<journey_fmt::TextEdit>) -> String {
    let mut out = text.to_string();
    for edit in edits.iter().rev() {
        out.replace_range(edit.range(), &edit.new_text);
    }
    out
}
