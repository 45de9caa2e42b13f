//! Re-parsing after an edit: only the statement that holds the edit (a
//! child of a top-level journey, or a top-level statement) is parsed again;
//! the rest of the tree is reused with its spans moved. Falls back (`None`)
//! whenever the result could differ from a full parse.

use journey_syntax::ast::{Block, Comment, Def, Measure, Stmt, StmtKind};
use journey_syntax::{Diagnostic, Parse, Span};

/// One replacement: `start..old_end` of the old text became `new_len` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub old_end: usize,
    pub new_len: usize,
}

impl Edit {
    fn delta(self) -> i64 {
        self.new_len as i64 - (self.old_end - self.start) as i64
    }
}

/// The parse of `new_text` (the old text with `edit` applied), built from
/// `old` by re-parsing one statement; `None` when that is not safe.
pub fn reparse(old: &Parse, new_text: &str, edit: Edit) -> Option<Parse> {
    let splice = Splice::plan(old, new_text, edit)?;
    Some(splice.apply(old.clone()))
}

/// [`reparse`] on a parse the caller owns: the tree is edited in place, not
/// copied. `Err` gives `old` back, unchanged, when a full parse is needed.
pub fn reparse_owned(old: Parse, new_text: &str, edit: Edit) -> Result<Parse, Parse> {
    match Splice::plan(&old, new_text, edit) {
        Some(splice) => Ok(splice.apply(old)),
        None => Err(old),
    }
}

/// What an edit changes in a tree, worked out (and found safe) before the
/// tree is touched.
struct Splice {
    /// The top-level statement holding the edit.
    top: usize,
    /// The journey's statement holding the edit, when that is what was
    /// re-parsed.
    child: Option<usize>,
    /// The re-parsed statement, at its place in the new text.
    stmt: Stmt,
    /// The replaced statement's span in the old text.
    old_span: Span,
    delta: i64,
    /// The comments and errors of the re-parsed statement, in the new text.
    comments: Vec<Comment>,
    errors: Vec<Diagnostic>,
}

impl Splice {
    fn plan(old: &Parse, new_text: &str, edit: Edit) -> Option<Splice> {
        let (a, b) = (edit.start as u32, edit.old_end as u32);
        let strictly_inside = |span: Span| span.start < a && b < span.end;
        let top = old
            .file
            .items
            .iter()
            .position(|s| strictly_inside(s.span))?;
        // Prefer the journey's statement holding the edit (a stage is small).
        let child = match &old.file.items[top].kind {
            StmtKind::Journey(def) if def.id.is_some() => def
                .block
                .as_ref()
                .filter(|blk| blk.is_closed() && blk.open.end <= a && b < blk.close.start)
                .and_then(|block| block.stmts.iter().position(|s| strictly_inside(s.span))),
            _ => None,
        };
        let delta = edit.delta();
        let (target, prefix, suffix) = match child {
            Some(i) => {
                let StmtKind::Journey(def) = &old.file.items[top].kind else {
                    return None;
                };
                let stmt = &def.block.as_ref()?.stmts[i];
                // The journey's `has_errors` must not change: a named, closed
                // definition before and after.
                let (def, _) = stmt.kind.def()?;
                if def.id.is_none() || !def.block.as_ref().is_some_and(Block::is_closed) {
                    return None;
                }
                (stmt, "journey j {\n", "\n}\n")
            }
            None => (&old.file.items[top], "", "\n"),
        };
        if target.kind.is_error() {
            return None;
        }
        let start = target.span.start as usize;
        let end = (target.span.end as i64 + delta) as usize;
        let fragment = new_text.get(start..end)?;
        let mut wrapped = String::with_capacity(prefix.len() + fragment.len() + suffix.len());
        wrapped.push_str(prefix);
        wrapped.push_str(fragment);
        wrapped.push_str(suffix);
        let mut part = journey_syntax::parse(&wrapped);
        let expected = Span::new(prefix.len(), prefix.len() + fragment.len());
        let mut stmt = match child {
            Some(_) => {
                let [journey] = part.file.items.as_mut_slice() else {
                    return None;
                };
                let StmtKind::Journey(def) = &mut journey.kind else {
                    return None;
                };
                let block = def.block.as_mut()?;
                if !block.is_closed()
                    || block.close.start as usize != prefix.len() + fragment.len() + 1
                    || block.has_errors
                {
                    return None;
                }
                let [stmt] = block.stmts.as_mut_slice() else {
                    return None;
                };
                std::mem::replace(
                    stmt,
                    Stmt {
                        span: Span::default(),
                        keyword: Span::default(),
                        doc: None,
                        kind: StmtKind::Error {
                            context: journey_syntax::BlockKind::Journey,
                        },
                    },
                )
            }
            None => {
                if part.file.items.len() != 1 {
                    return None;
                }
                part.file.items.pop()?
            }
        };
        if stmt.span != expected
            || std::mem::discriminant(&stmt.kind) != std::mem::discriminant(&target.kind)
            || stmt.doc.is_some()
        {
            return None;
        }
        if child.is_some() {
            let (def, _) = stmt.kind.def()?;
            if def.id.is_none() || !def.block.as_ref().is_some_and(Block::is_closed) {
                return None;
            }
        }
        // Everything the fragment's parse reported must lie in the fragment.
        let inside = |span: Span| expected.start <= span.start && span.end <= expected.end;
        if !part
            .errors
            .iter()
            .all(|e| inside(e.span) && e.labels.iter().all(|l| l.file.is_some() || inside(l.span)))
            || !part.file.comments.iter().all(|c| inside(c.span))
        {
            return None;
        }
        let old_span = target.span;
        // An old error with a label reaching into the replaced statement
        // (but not wholly inside it): re-parse fully.
        let within = |span: Span| old_span.start <= span.start && span.end <= old_span.end;
        if old.errors.iter().any(|e| {
            !within(e.span)
                && e.labels.iter().any(|l| {
                    l.file.is_none() && l.span.end > old_span.start && l.span.start < old_span.end
                })
        }) {
            return None;
        }
        let move_in = start as i64 - prefix.len() as i64;
        shift_stmt(&mut stmt, move_in);
        stmt.doc = target.doc.clone();
        let mut comments = part.file.comments;
        for c in &mut comments {
            c.span = shift_span(c.span, move_in);
        }
        let mut errors = part.errors;
        for e in &mut errors {
            shift_diagnostic(e, move_in, |_| true);
        }
        Some(Splice {
            top,
            child,
            stmt,
            old_span,
            delta,
            comments,
            errors,
        })
    }

    /// The new tree: `parse` (the old tree) with the statement replaced and
    /// later spans moved.
    fn apply(self, mut parse: Parse) -> Parse {
        let Splice {
            top,
            child,
            stmt,
            old_span,
            delta,
            comments,
            errors,
        } = self;
        let items = &mut parse.file.items;
        match child {
            Some(ci) => {
                let journey = &mut items[top];
                journey.span.end = shift(journey.span.end, delta);
                if let StmtKind::Journey(Def {
                    block: Some(block), ..
                }) = &mut journey.kind
                {
                    block.close = shift_span(block.close, delta);
                    block.stmts[ci] = stmt;
                    for s in &mut block.stmts[ci + 1..] {
                        shift_stmt(s, delta);
                    }
                }
            }
            None => items[top] = stmt,
        }
        for s in &mut items[top + 1..] {
            shift_stmt(s, delta);
        }
        let after = |span: Span| span.start >= old_span.end;
        let within = |span: Span| old_span.start <= span.start && span.end <= old_span.end;
        parse.file.comments = splice_spans(
            std::mem::take(&mut parse.file.comments),
            comments,
            within,
            after,
            |c| c.span,
            |c| {
                if after(c.span) {
                    c.span = shift_span(c.span, delta);
                }
            },
        );
        parse.errors = splice_spans(
            std::mem::take(&mut parse.errors),
            errors,
            within,
            after,
            |e| e.span,
            |e| shift_diagnostic(e, delta, after),
        );
        parse
    }
}

/// `old` (in text order) without the items within the replaced statement,
/// `new` put where they stood, and the items after it moved.
fn splice_spans<T>(
    old: Vec<T>,
    mut new: Vec<T>,
    within: impl Fn(Span) -> bool,
    after: impl Fn(Span) -> bool,
    span: impl Fn(&T) -> Span,
    mut shift_item: impl FnMut(&mut T),
) -> Vec<T> {
    let mut out = Vec::with_capacity(old.len() + new.len());
    let mut inserted = false;
    for mut item in old {
        if within(span(&item)) {
            continue;
        }
        if after(span(&item)) && !inserted {
            out.append(&mut new);
            inserted = true;
        }
        shift_item(&mut item);
        out.push(item);
    }
    out.append(&mut new);
    out
}

fn shift(at: u32, delta: i64) -> u32 {
    (at as i64 + delta) as u32
}

fn shift_span(span: Span, delta: i64) -> Span {
    Span {
        start: shift(span.start, delta),
        end: shift(span.end, delta),
    }
}

fn shift_diagnostic(d: &mut Diagnostic, delta: i64, moves: impl Fn(Span) -> bool) {
    if moves(d.span) {
        d.span = shift_span(d.span, delta);
    }
    for label in &mut d.labels {
        if label.file.is_none() && moves(label.span) {
            label.span = shift_span(label.span, delta);
        }
    }
}

fn shift_block(block: &mut Block, d: i64) {
    block.open = shift_span(block.open, d);
    block.close = shift_span(block.close, d);
    for s in &mut block.stmts {
        shift_stmt(s, d);
    }
}

fn shift_def(def: &mut Def, d: i64) {
    if let Some(id) = &mut def.id {
        id.span = shift_span(id.span, d);
    }
    if let Some(label) = &mut def.label {
        label.span = shift_span(label.span, d);
    }
    if let Some(block) = &mut def.block {
        shift_block(block, d);
    }
}

/// Moves every span of a statement by `d` bytes.
fn shift_stmt(stmt: &mut Stmt, d: i64) {
    let sh = |span: &mut Span| *span = shift_span(*span, d);
    sh(&mut stmt.span);
    sh(&mut stmt.keyword);
    if let Some(doc) = &mut stmt.doc {
        sh(&mut doc.span);
    }
    match &mut stmt.kind {
        StmtKind::Import(s)
        | StmtKind::Needs(s)
        | StmtKind::Goal(s)
        | StmtKind::Description(s)
        | StmtKind::Expects(s)
        | StmtKind::MomentOfTruth(s)
        | StmtKind::Opportunity(s)
        | StmtKind::Event(s) => sh(&mut s.span),
        StmtKind::Team(def)
        | StmtKind::Persona(def)
        | StmtKind::ChannelDef(def)
        | StmtKind::Journey(def)
        | StmtKind::Stage(def)
        | StmtKind::Touchpoint(def)
        | StmtKind::Desired(def)
        | StmtKind::Kpi(def) => shift_def(def, d),
        StmtKind::Promise { id, text } => {
            sh(&mut id.span);
            sh(&mut text.span);
        }
        StmtKind::Pain { text, block } => {
            sh(&mut text.span);
            if let Some(block) = block {
                shift_block(block, d);
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
        StmtKind::Emotion(i) | StmtKind::Effort(i) => sh(&mut i.span),
        StmtKind::Completed { action, measure } => {
            sh(&mut action.span);
            match measure {
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
