//! `string_statement!` is the one list of statements whose one argument is
//! a string, which the model builder, the formatter, the span visitor and
//! the semantic tokens match on: every keyword whose documented syntax is
//! `KEYWORD "PLACEHOLDER"` must be in it, and nothing else.

use journey_syntax::ast::Stmt;
use journey_syntax::keywords::{BlockKind, KEYWORDS};
use journey_syntax::string_statement;
use journey_syntax::testgen::inside_block;

/// The innermost, last statement of a parse.
fn innermost(stmts: &[Stmt]) -> Option<&Stmt> {
    let last = stmts.last()?;
    match last.kind.block() {
        Some((block, _)) if !block.stmts.is_empty() => innermost(&block.stmts),
        _ => Some(last),
    }
}

#[test]
fn string_statement_lists_exactly_the_keywords_that_take_one_string() {
    let mut strings = 0;
    for doc in KEYWORDS {
        // `KEYWORD "PLACEHOLDER"` and nothing more.
        let takes_one_string = doc
            .syntax
            .strip_prefix(doc.keyword)
            .and_then(|rest| rest.strip_prefix(" \""))
            .and_then(|rest| rest.strip_suffix('"'))
            .is_some_and(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase()));
        let Some(kind) = BlockKind::ALL.into_iter().find(|k| k.accepts(doc.keyword)) else {
            continue;
        };
        let Some(text) = inside_block(kind, &format!("{} \"x\"", doc.keyword)) else {
            continue;
        };
        let parse = journey_syntax::parse(&text);
        let stmt = innermost(&parse.file.items).expect("a statement");
        let matched = matches!(&stmt.kind, string_statement!(_));
        assert_eq!(
            matched, takes_one_string,
            "`{}` ({}): {:?}",
            doc.keyword, doc.syntax, stmt.kind
        );
        if takes_one_string {
            strings += 1;
            assert!(parse.errors.is_empty(), "{text}: {:?}", parse.errors);
            assert_eq!(stmt.kind.keyword(), Some(doc.keyword));
        }
    }
    // The thirteen of the list, each found through its documented syntax.
    assert_eq!(strings, 13);
}
