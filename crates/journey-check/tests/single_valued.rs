//! The statement table says which statements appear once per block
//! (`journey_syntax::keywords::SINGLE_VALUED`); the checker's model builder
//! must agree: every statement a block accepts, written twice (from its own
//! documented example), is a `duplicate-field` exactly when the table says it
//! is single-valued.

use std::path::Path;

use journey_check::{analyse_file, MemoryFileSystem};
use journey_syntax::keywords::{is_single_valued, keyword_doc, BlockKind};

/// A file with `body` (two lines) inside a block of `kind` (not at top
/// level, where every statement but `import` is a definition).
fn wrapped(kind: BlockKind, body: &str) -> Option<String> {
    if kind == BlockKind::TopLevel {
        return None;
    }
    journey_syntax::testgen::inside_block(kind, body)
}

#[test]
fn the_builder_reports_a_repeat_exactly_for_single_valued_statements() {
    let mut checked = 0;
    for kind in BlockKind::ALL {
        for &keyword in kind.statements() {
            let example = keyword_doc(keyword).expect("documented").example;
            // Definitions open blocks of their own: repeating one is a
            // duplicate id, not a field.
            if example.contains('{') || example.contains('\n') {
                continue;
            }
            let Some(text) = wrapped(kind, &format!("{example}\n{example}")) else {
                continue;
            };
            let fs = MemoryFileSystem::new().with("/p/a.journey", text.clone());
            let analysis = analyse_file(&fs, Path::new("/p/a.journey"));
            assert!(
                !analysis
                    .diagnostics()
                    .iter()
                    .any(|d| d.code == "syntax-error"),
                "{text}: {:?}",
                analysis.diagnostics()
            );
            let repeated = analysis
                .diagnostics()
                .iter()
                .any(|d| d.code == "duplicate-field");
            assert_eq!(
                repeated,
                is_single_valued(keyword),
                "`{keyword}` twice in a {}: duplicate-field {repeated}\n{text}",
                kind.noun()
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} statements checked");
}
