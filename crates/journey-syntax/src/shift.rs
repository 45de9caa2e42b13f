//! Moving a subtree's spans: the incremental re-parser reuses statements at
//! new offsets, and recovery lowers text parsed on its own (a misspelt block
//! keyword) into the file's offsets.

use crate::ast::{Block, Def, Measure, Stmt, StmtKind};
use crate::{Diagnostic, Span};

pub fn shift(at: u32, delta: i64) -> u32 {
    (at as i64 + delta) as u32
}

pub fn shift_span(span: Span, delta: i64) -> Span {
    Span {
        start: shift(span.start, delta),
        end: shift(span.end, delta),
    }
}

pub fn shift_diagnostic(d: &mut Diagnostic, delta: i64, moves: impl Fn(Span) -> bool) {
    if moves(d.span) {
        d.span = shift_span(d.span, delta);
    }
    for label in &mut d.labels {
        if label.file.is_none() && moves(label.span) {
            label.span = shift_span(label.span, delta);
        }
    }
    for edit in d.fixes.iter_mut().flat_map(|f| &mut f.edits) {
        if moves(edit.span) {
            edit.span = shift_span(edit.span, delta);
        }
    }
}

/// Moves every span of a statement by `d` bytes.
pub fn shift_stmt(stmt: &mut Stmt, d: i64) {
    spans_mut(stmt, &mut |span| *span = shift_span(*span, d));
}

/// Calls `sh` on every span of a block: its braces and its statements'.
fn block_spans_mut(block: &mut Block, sh: &mut dyn FnMut(&mut Span)) {
    sh(&mut block.open);
    sh(&mut block.close);
    for stmt in &mut block.stmts {
        spans_mut(stmt, sh);
    }
}

fn def_spans_mut(def: &mut Def, sh: &mut dyn FnMut(&mut Span)) {
    if let Some(id) = &mut def.id {
        sh(&mut id.span);
    }
    if let Some(label) = &mut def.label {
        sh(&mut label.span);
    }
    if let Some(block) = &mut def.block {
        block_spans_mut(block, sh);
    }
}

/// The one walk over a statement's spans, its children's included: calls
/// `sh` on each (moving a subtree is one use). Every span the tree holds is
/// visited; the fuzz harness and a test compare it with the spans a
/// serialised tree shows.
pub fn spans_mut(stmt: &mut Stmt, sh: &mut dyn FnMut(&mut Span)) {
    sh(&mut stmt.span);
    sh(&mut stmt.keyword);
    if let Some(doc) = &mut stmt.doc {
        sh(&mut doc.span);
    }
    match &mut stmt.kind {
        crate::string_statement!(s) => sh(&mut s.span),
        StmtKind::AsOf(date) => sh(&mut date.span),
        StmtKind::Backstage { text, team } => {
            sh(&mut text.span);
            if let Some(team) = team {
                sh(&mut team.span);
            }
        }
        StmtKind::Team(def)
        | StmtKind::Persona(def)
        | StmtKind::ChannelDef(def)
        | StmtKind::Journey(def)
        | StmtKind::Stage(def)
        | StmtKind::Touchpoint(def)
        | StmtKind::Desired(def)
        | StmtKind::Kpi(def) => def_spans_mut(def, sh),
        StmtKind::Promise { id, text } => {
            sh(&mut id.span);
            sh(&mut text.span);
        }
        StmtKind::Pain { text, block } => {
            sh(&mut text.span);
            if let Some(block) = block {
                block_spans_mut(block, sh);
            }
        }
        StmtKind::Segment(x) => sh(&mut x.span),
        StmtKind::Approach(x) => sh(&mut x.span),
        StmtKind::Phase(x) => sh(&mut x.span),
        StmtKind::Severity(x) => sh(&mut x.span),
        StmtKind::Direction(x) => sh(&mut x.span),
        StmtKind::Age(r) | StmtKind::Scale(r) => {
            sh(&mut r.span);
            sh(&mut r.min.span);
            sh(&mut r.max.span);
        }
        StmtKind::Region(v) | StmtKind::Interests(v) => v.iter_mut().for_each(|s| sh(&mut s.span)),
        StmtKind::Data(v) | StmtKind::Requires(v) | StmtKind::For(v) | StmtKind::Next(v) => {
            v.iter_mut().for_each(|n| sh(&mut n.span))
        }
        StmtKind::Owner(n) | StmtKind::Channel(n) | StmtKind::Keeps(n) => sh(&mut n.span),
        StmtKind::Emotion {
            value,
            feeling,
            personas,
        } => {
            sh(&mut value.span);
            if let Some(feeling) = feeling {
                sh(&mut feeling.span);
            }
            personas.iter_mut().for_each(|n| sh(&mut n.span));
        }
        StmtKind::Effort(i) => sh(&mut i.span),
        StmtKind::Completed {
            action,
            measure,
            as_of,
        } => {
            sh(&mut action.span);
            if let Some(date) = as_of {
                sh(&mut date.span);
            }
            match &mut **measure {
                Measure::Counts { count, of, span } => {
                    sh(&mut count.span);
                    sh(&mut of.span);
                    sh(span);
                }
                Measure::Percent(v) => sh(&mut v.span),
            }
        }
        StmtKind::Target(v) | StmtKind::Actual(v) => sh(&mut v.span),
        StmtKind::Error { .. } => {}
    }
}
