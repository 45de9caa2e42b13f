//! Fixture tests: every `tests/fixtures/syntax/ok/*.journey` parses cleanly
//! (snapshot of its tree), every `err/*.journey` reports errors (snapshot of
//! the diagnostics), and the examples parse without syntax errors.

use journey_syntax::ast::{Block, Def, Stmt, StmtKind};
use journey_syntax::{parse, ColumnUnit, LineIndex, Parse};
use std::fmt::Write;

#[test]
fn ok_fixtures_parse_cleanly() {
    insta::glob!("../../../tests/fixtures/syntax", "ok/*.journey", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let parse = parse(&text);
        assert!(
            parse.errors.is_empty(),
            "{}: {}",
            path.display(),
            diagnostics(&text, &parse)
        );
        insta::assert_snapshot!(tree(&text, &parse));
    });
}

#[test]
fn err_fixtures_report_errors() {
    insta::glob!("../../../tests/fixtures/syntax", "err/*.journey", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let parse = parse(&text);
        assert!(
            !parse.errors.is_empty(),
            "{} parsed cleanly",
            path.display()
        );
        insta::assert_snapshot!(format!(
            "{}\n--- tree ---\n{}",
            diagnostics(&text, &parse),
            tree(&text, &parse)
        ));
    });
}

#[test]
fn examples_have_no_syntax_errors() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "journey") {
            let text = std::fs::read_to_string(&path).unwrap();
            let parse = parse(&text);
            assert!(
                parse.errors.is_empty(),
                "{}:\n{}",
                path.display(),
                diagnostics(&text, &parse)
            );
            count += 1;
        }
    }
    assert!(count >= 6, "expected the six examples, found {count}");
}

/// `line:col code: message (help)` per error, in source order.
pub fn diagnostics(text: &str, parse: &Parse) -> String {
    let index = LineIndex::new(text);
    let mut errors = parse.errors.clone();
    errors.sort_by_key(|d| d.span);
    let mut out = String::new();
    for d in &errors {
        let at = index.line_col(text, d.span.start as usize, ColumnUnit::Char);
        let _ = writeln!(
            out,
            "{}:{} {} {:?}: {}",
            at.line + 1,
            at.col + 1,
            d.code,
            &text[d.span.range()],
            d.message
        );
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    help: {help}");
        }
    }
    out
}

/// A compact, readable dump of the tree: one line per statement.
pub fn tree(text: &str, parse: &Parse) -> String {
    let mut out = String::new();
    for stmt in &parse.file.items {
        stmt_line(text, stmt, 0, &mut out);
    }
    let _ = writeln!(out, "comments: {}", parse.file.comments.len());
    out
}

fn stmt_line(text: &str, stmt: &Stmt, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    if let Some(doc) = &stmt.doc {
        let _ = writeln!(out, "{indent}doc {:?}", doc.text);
    }
    if stmt.kind.is_error() {
        let _ = writeln!(out, "{indent}ERROR {}", one_line(&text[stmt.span.range()]));
        return;
    }
    let keyword = stmt.kind.keyword().unwrap_or_default();
    let block = match &stmt.kind {
        StmtKind::Pain { text: t, block } => {
            let _ = writeln!(out, "{indent}pain {:?}", t.value);
            block.as_deref()
        }
        kind => match kind.def() {
            Some((def, _)) => {
                let _ = writeln!(out, "{indent}{keyword} {}", header(def));
                def.block.as_ref()
            }
            None => {
                let parsed = match kind {
                    StmtKind::Target(v) | StmtKind::Actual(v) => format!("  → {:?}", v.kind),
                    StmtKind::Completed { measure, .. } => format!("  → {measure:?}"),
                    _ => String::new(),
                };
                let _ = writeln!(
                    out,
                    "{indent}{}{parsed}",
                    one_line(&text[stmt.span.range()])
                );
                None
            }
        },
    };
    if let Some(block) = block {
        block_lines(text, block, depth + 1, out);
    }
}

fn block_lines(text: &str, block: &Block, depth: usize, out: &mut String) {
    for stmt in &block.stmts {
        stmt_line(text, stmt, depth, out);
    }
    if block.has_errors {
        let _ = writeln!(out, "{}(block has errors)", "  ".repeat(depth));
    }
    if !block.is_closed() {
        // A forgotten `}`: the block ends where a statement only an
        // enclosing block can hold starts, else at the end of the file.
        let by = if (block.close.start as usize) < text.len() {
            "the next statement"
        } else {
            "the end of the file"
        };
        let _ = writeln!(out, "{}(closed by {by})", "  ".repeat(depth));
    }
}

fn header(def: &Def) -> String {
    let id = def.id.as_ref().map_or("<no id>", |n| n.text.as_str());
    match &def.label {
        Some(label) => format!("{id} {:?}", label.value),
        None => id.to_string(),
    }
}

fn one_line(text: &str) -> String {
    let squeezed: Vec<&str> = text.split_whitespace().collect();
    let line = squeezed.join(" ");
    if line.chars().count() > 80 {
        format!("{}…", line.chars().take(80).collect::<String>())
    } else {
        line
    }
}
