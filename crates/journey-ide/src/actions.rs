//! Quick fixes. They are computed from the syntax tree and the name index
//! at the requested range, so that they do not depend on which diagnostics
//! the client sends back; each names the diagnostic code it fixes.

use std::sync::Arc;

use journey_syntax::ast::{Block, Stmt, StmtKind};
use journey_syntax::{closest, BlockKind, Span};

use crate::builtins;
use crate::index::{FileAnalysis, SymbolKind};
use crate::world::World;
use crate::{FileEdits, TextEdit};

#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    /// The diagnostic code it fixes.
    pub code: &'static str,
    /// The span that diagnostic points at.
    pub diagnostic_span: Span,
    pub edits: Vec<FileEdits>,
    pub preferred: bool,
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

pub fn code_actions(world: &World<'_>, file: &Arc<FileAnalysis>, range: Span) -> Vec<Fix> {
    let mut fixes = Vec::new();
    unknown_references(world, file, range, &mut fixes);
    for_each_block(&file.file().items, &mut |owner, block, kind| {
        if kind == BlockKind::Journey {
            missing_goal(file, owner, block, range, &mut fixes);
        }
        duplicate_fields(file, block, range, &mut fixes);
    });
    fixes
}

fn edit(file: &FileAnalysis, span: Span, new_text: impl Into<String>) -> Vec<FileEdits> {
    vec![FileEdits {
        path: file.path.clone(),
        edits: vec![TextEdit {
            span,
            new_text: new_text.into(),
        }],
    }]
}

fn unknown_references(
    world: &World<'_>,
    file: &Arc<FileAnalysis>,
    range: Span,
    fixes: &mut Vec<Fix>,
) {
    let scope = world.scope(file);
    for reference in file.index.refs.iter().filter(|r| overlaps(r.span, range)) {
        if world.resolve(file, &scope, reference).is_some() {
            continue;
        }
        let mut names: Vec<String> = if reference.kind.is_global() {
            world
                .globals(&scope, reference.kind)
                .into_iter()
                .map(|l| l.def.name)
                .collect()
        } else {
            reference
                .journey
                .map(|j| {
                    file.index
                        .journey_defs(j, reference.kind)
                        .map(|d| d.name.clone())
                        .collect()
                })
                .unwrap_or_default()
        };
        if reference.kind == SymbolKind::Channel {
            names.extend(builtins::CHANNELS.iter().map(|c| c.id.to_string()));
        }
        if let Some(suggestion) = closest(&reference.name, names.iter().map(String::as_str)) {
            fixes.push(Fix {
                title: format!("Replace with `{suggestion}`"),
                code: "unknown-reference",
                diagnostic_span: reference.span,
                edits: edit(file, reference.span, suggestion),
                preferred: true,
            });
        }
        if reference.kind.is_global() {
            let (insert_at, text) = new_definition(file, reference.kind, &reference.name);
            fixes.push(Fix {
                title: format!("Create {} `{}`", reference.kind.noun(), reference.name),
                code: "unknown-reference",
                diagnostic_span: reference.span,
                edits: edit(file, Span::empty(insert_at), text),
                preferred: false,
            });
        }
    }
}

/// Where and what to insert for a new top-level definition: after the last
/// definition of the same kind, else before the first journey, else at the
/// end of the file.
fn new_definition(file: &FileAnalysis, kind: SymbolKind, name: &str) -> (usize, String) {
    let body = match kind {
        SymbolKind::Team => format!("team {name}"),
        SymbolKind::Persona => format!("persona {name} {{\n    data email\n}}"),
        _ => format!("channel {name} {{\n    requires email\n}}"),
    };
    let items = &file.file().items;
    let same = items.iter().rev().find(|s| {
        matches!(
            (&s.kind, kind),
            (StmtKind::Team(_), SymbolKind::Team)
                | (StmtKind::Persona(_), SymbolKind::Persona)
                | (StmtKind::ChannelDef(_), SymbolKind::Channel)
        )
    });
    if let Some(last) = same {
        let gap = if kind == SymbolKind::Team {
            "\n"
        } else {
            "\n\n"
        };
        return (last.span.end as usize, format!("{gap}{body}"));
    }
    if let Some(journey) = items
        .iter()
        .find(|s| matches!(s.kind, StmtKind::Journey(_)))
    {
        let start = journey
            .doc
            .as_ref()
            .map_or(journey.span.start, |d| d.span.start.min(journey.span.start))
            as usize;
        return (start, format!("{body}\n\n"));
    }
    let text = &*file.text;
    let sep = if text.is_empty() || text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    (text.len(), format!("{sep}{body}\n"))
}

fn for_each_block<'a>(stmts: &'a [Stmt], f: &mut dyn FnMut(&'a Stmt, &'a Block, BlockKind)) {
    for stmt in stmts {
        if let Some((block, kind)) = stmt.kind.block() {
            f(stmt, block, kind);
            for_each_block(&block.stmts, f);
        }
    }
}

/// The indentation of a block's statements.
fn indent_of(file: &FileAnalysis, owner: &Stmt, block: &Block) -> String {
    let text = &*file.text;
    let line_indent = |offset: usize| {
        let start = file.line_index.line_start(file.line_index.line_of(offset));
        text[start..offset]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect::<String>()
    };
    match block.stmts.first() {
        Some(first)
            if !text[block.open.end as usize..first.span.start as usize]
                .trim()
                .is_empty() =>
        {
            format!("{}    ", line_indent(owner.span.start as usize))
        }
        Some(first) if text[block.open.end as usize..first.span.start as usize].contains('\n') => {
            line_indent(first.span.start as usize)
        }
        _ => format!("{}    ", line_indent(owner.span.start as usize)),
    }
}

fn missing_goal(
    file: &FileAnalysis,
    journey: &Stmt,
    block: &Block,
    range: Span,
    fixes: &mut Vec<Fix>,
) {
    let Some((def, _)) = journey.kind.def() else {
        return;
    };
    let Some(id) = &def.id else {
        return;
    };
    if !overlaps(id.span, range)
        || block
            .stmts
            .iter()
            .any(|s| matches!(s.kind, StmtKind::Goal(_)))
    {
        return;
    }
    let indent = indent_of(file, journey, block);
    fixes.push(Fix {
        title: "Add a `goal` line".to_string(),
        code: "missing-goal",
        diagnostic_span: id.span,
        edits: edit(
            file,
            Span::empty(block.open.end as usize),
            format!("\n{indent}goal \"What the business wants this journey to achieve\""),
        ),
        preferred: true,
    });
}

fn duplicate_fields(file: &FileAnalysis, block: &Block, range: Span, fixes: &mut Vec<Fix>) {
    let mut seen: Vec<&str> = Vec::new();
    for stmt in &block.stmts {
        let Some(keyword) = stmt.kind.keyword() else {
            continue;
        };
        // `channel` and `target` are single-valued only as statements, not
        // as definitions.
        if !builtins::SINGLE_VALUED.contains(&keyword) || stmt.kind.def().is_some() {
            continue;
        }
        if !seen.contains(&keyword) {
            seen.push(keyword);
            continue;
        }
        if !overlaps(stmt.span, range) {
            continue;
        }
        fixes.push(Fix {
            title: format!("Remove the repeated `{keyword}`"),
            code: "duplicate-field",
            diagnostic_span: stmt.span,
            edits: edit(file, whole_lines(&file.text, stmt.span), ""),
            preferred: true,
        });
    }
}

/// Extends a span to whole lines when only whitespace surrounds it there.
fn whole_lines(text: &str, span: Span) -> Span {
    let start = span.start as usize;
    let end = span.end as usize;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let before_blank = text[line_start..start].trim().is_empty();
    let after_blank = text[end..line_end].trim().is_empty();
    if before_blank && after_blank {
        Span::new(line_start, line_end)
    } else {
        span
    }
}
