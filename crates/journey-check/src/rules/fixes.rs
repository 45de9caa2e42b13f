//! Text surgery shared by the rules' quick fixes: where a new line goes and
//! how it is indented. Fixes are edits of the file a diagnostic is reported
//! for, computed by the rule that finds the problem.

use journey_syntax::ast::{Block, SourceFile, Stmt, StmtKind};
use journey_syntax::Span;

use crate::model::DefKind;

/// A span grown to whole lines when only whitespace surrounds it there, so
/// that removing a statement leaves no blank line behind.
pub(crate) fn whole_lines(text: &str, span: Span) -> Span {
    let (start, end) = (span.start as usize, span.end as usize);
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return span;
    };
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    // Any line terminator (LANGUAGE.md §3), CR LF as one.
    let line_end = match after.find(['\n', '\r']) {
        Some(i) if after[i..].starts_with("\r\n") => end + i + 2,
        Some(i) => end + i + 1,
        None => text.len(),
    };
    let before_blank = text[line_start..start].trim().is_empty();
    let after_blank = text[end..line_end].trim().is_empty();
    if before_blank && after_blank {
        Span::new(line_start, line_end)
    } else {
        span
    }
}

/// The spaces and tabs that start the line holding `offset`.
fn line_indent(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or("");
    let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    before[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// The indentation of a block's statements: as the first one is indented
/// when it starts its own line, else one level deeper than the block's
/// owner.
pub(crate) fn block_indent(text: &str, owner: &Stmt, block: &Block) -> String {
    let deeper = || format!("{}    ", line_indent(text, owner.span.start as usize));
    match block.stmts.first() {
        Some(first) => {
            let gap = text
                .get(block.open.end as usize..first.span.start as usize)
                .unwrap_or("");
            if gap.trim().is_empty() && gap.contains(['\n', '\r']) {
                line_indent(text, first.span.start as usize)
            } else {
                deeper()
            }
        }
        None => deeper(),
    }
}

/// Where and what to insert to define a top-level `name` of `kind`: after
/// the last definition of the same kind, else before the first journey
/// (and its doc comment), else at the end of the file.
pub(crate) fn new_definition(
    file: &SourceFile,
    text: &str,
    kind: DefKind,
    name: &str,
) -> Option<(usize, String)> {
    let body = match kind {
        DefKind::Team => format!("team {name}"),
        DefKind::Persona => format!("persona {name} {{\n    data email\n}}"),
        DefKind::Channel => format!("channel {name} {{\n    requires email\n}}"),
        _ => return None,
    };
    let same_kind = |s: &&Stmt| {
        matches!(
            (&s.kind, kind),
            (StmtKind::Team(_), DefKind::Team)
                | (StmtKind::Persona(_), DefKind::Persona)
                | (StmtKind::ChannelDef(_), DefKind::Channel)
        )
    };
    if let Some(last) = file.items.iter().rev().find(same_kind) {
        let gap = if kind == DefKind::Team { "\n" } else { "\n\n" };
        return Some((last.span.end as usize, format!("{gap}{body}")));
    }
    if let Some(journey) = file
        .items
        .iter()
        .find(|s| matches!(s.kind, StmtKind::Journey(_)))
    {
        let start = journey
            .doc
            .as_ref()
            .map_or(journey.span.start, |d| d.span.start.min(journey.span.start));
        return Some((start as usize, format!("{body}\n\n")));
    }
    let separator = if text.is_empty() || text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    Some((text.len(), format!("{separator}{body}\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_lines_take_the_line_only_when_it_holds_nothing_else() {
        let text = "a {\n    x 1\n    x 2\n}\n";
        let at = text.find("x 2").unwrap();
        let span = Span::new(at, at + 3);
        assert_eq!(&text[whole_lines(text, span).range()], "    x 2\n");
        let text = "a {\r    x 1\r    x 2\r\n}";
        let at = text.find("x 2").unwrap();
        let span = Span::new(at, at + 3);
        assert_eq!(&text[whole_lines(text, span).range()], "    x 2\r\n");
        let text = "a { x 1 x 2 }";
        let at = text.find("x 2").unwrap();
        let span = Span::new(at, at + 3);
        assert_eq!(whole_lines(text, span), span);
    }

    #[test]
    fn a_block_is_indented_as_its_first_statement_else_one_level_deeper() {
        let parse =
            journey_syntax::parse("journey j {\n  stage s {}\n}\njourney k { stage t {} }\n");
        let text = "journey j {\n  stage s {}\n}\njourney k { stage t {} }\n";
        let indents: Vec<String> = parse
            .file
            .items
            .iter()
            .map(|s| block_indent(text, s, s.kind.block().unwrap().0))
            .collect();
        assert_eq!(indents, ["  ", "    "]);
    }
}
