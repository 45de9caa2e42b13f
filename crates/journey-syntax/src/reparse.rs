//! Re-parsing after an edit: only the statement that holds the edit (a
//! stage of a top-level journey, or a top-level statement), or the run of
//! statements around it (in a journey or at the top level), is parsed again;
//! the rest of the tree is reused with its spans moved. Falls back (`None`)
//! whenever the result could differ from a full parse: in particular, text
//! with a syntax error (before the edit, or in the re-parsed region after it)
//! is always parsed whole, since recovery looks past any region.

use std::ops::Range;

use crate::ast::{Block, Comment, Stmt, StmtKind};
use crate::shift::{shift, shift_diagnostic, shift_span, shift_stmt};
use crate::{Diagnostic, Parse, Span};

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
/// copied; also says what changed. `Err` gives `old` back, unchanged, when
/// a full parse is needed.
pub fn reparse_owned(old: Parse, new_text: &str, edit: Edit) -> Result<(Parse, Change), Parse> {
    match Splice::plan(&old, new_text, edit) {
        Some(splice) => {
            let change = splice.change();
            Ok((splice.apply(old), change))
        }
        None => Err(old),
    }
}

/// What a re-parse replaced, for whoever keeps data derived from the tree
/// (the name index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The top-level journey whose statements were replaced; `None` when
    /// top-level statements were.
    pub journey: Option<usize>,
    /// The replaced region in the old text. Everything after it moved by
    /// `delta` bytes.
    pub old_region: Span,
    pub delta: i64,
    /// The new statements' indices in their list of the new tree.
    pub new_stmts: Range<usize>,
}

/// What an edit changes in a tree, worked out (and found safe) before the
/// tree is touched: a run of statements replaced by the statements that a
/// parse of the same region of the new text gives.
struct Splice {
    /// The top-level journey whose statements are replaced; `None` when
    /// top-level statements are.
    journey: Option<usize>,
    /// The replaced statements' indices in their list.
    replaced: Range<usize>,
    /// The new statements, at their places in the new text.
    stmts: Vec<Stmt>,
    /// The journey block's `has_errors` after the edit, when it may change.
    has_errors: Option<bool>,
    /// The re-parsed region in the old text.
    old_span: Span,
    delta: i64,
    /// The comments and errors of the re-parsed region, in the new text.
    comments: Vec<Comment>,
    errors: Vec<Diagnostic>,
}

/// A region of the new text parsed on its own, wrapped so that it stands
/// where it stands in the file.
struct Region {
    /// The region's start in both texts.
    start: usize,
    /// The parse of `prefix + fragment + suffix`.
    part: Parse,
    /// The fragment's span in the wrapped text.
    expected: Span,
    prefix_len: usize,
}

impl Region {
    fn parse(
        new_text: &str,
        start: usize,
        new_end: usize,
        prefix: &str,
        suffix: &str,
    ) -> Option<Region> {
        let fragment = new_text.get(start..new_end)?;
        // A file's grammar skips a leading byte-order mark: a fragment that
        // starts with U+FEFF in the middle of a file would lose it (a full
        // parse reports it), so such a region is left to a full parse.
        if start > 0 && prefix.is_empty() && fragment.starts_with('\u{FEFF}') {
            return None;
        }
        let mut wrapped = String::with_capacity(prefix.len() + fragment.len() + suffix.len());
        wrapped.push_str(prefix);
        wrapped.push_str(fragment);
        wrapped.push_str(suffix);
        Some(Region {
            start,
            part: crate::parse(&wrapped),
            expected: Span::new(prefix.len(), prefix.len() + fragment.len()),
            prefix_len: prefix.len(),
        })
    }

    /// The statements of the wrapping journey, if it parsed named and was
    /// closed right after the fragment (`gap` bytes later).
    fn journey_stmts(&mut self, gap: usize) -> Option<(Vec<Stmt>, bool)> {
        let [journey] = self.part.file.items.as_mut_slice() else {
            return None;
        };
        let StmtKind::Journey(def) = &mut journey.kind else {
            return None;
        };
        let block = def.block.as_mut()?;
        if def.id.is_none()
            || !block.is_closed()
            || block.close.start as usize != self.expected.end as usize + gap
        {
            return None;
        }
        Some((std::mem::take(&mut block.stmts), block.has_errors))
    }

    /// Whether everything the region's parse reported lies in the fragment.
    fn is_self_contained(&self) -> bool {
        let inside =
            |span: Span| self.expected.start <= span.start && span.end <= self.expected.end;
        self.part
            .errors
            .iter()
            .all(|e| inside(e.span) && e.labels.iter().all(|l| l.file.is_some() || inside(l.span)))
            && self.part.file.comments.iter().all(|c| inside(c.span))
    }

    /// The region's statements, comments and errors moved to their places
    /// in the new text.
    fn into_new_text(self, mut stmts: Vec<Stmt>) -> (Vec<Stmt>, Vec<Comment>, Vec<Diagnostic>) {
        let move_in = self.start as i64 - self.prefix_len as i64;
        for stmt in &mut stmts {
            shift_stmt(stmt, move_in);
        }
        let mut comments = self.part.file.comments;
        for c in &mut comments {
            c.span = shift_span(c.span, move_in);
        }
        let mut errors = self.part.errors;
        for e in &mut errors {
            shift_diagnostic(e, move_in, |_| true);
        }
        (stmts, comments, errors)
    }
}

/// Whether a statement ends with the `}` of its own block: the parse after
/// it starts afresh, so a region may begin or end there.
fn ends_with_block(stmt: &Stmt) -> bool {
    stmt.kind
        .def()
        .is_some_and(|(def, _)| def.block.as_ref().is_some_and(Block::is_closed))
}

/// The run of `stmts` to re-parse around an edit, as indices `lo..hi` and
/// the region `start..end` of the old text: from the end of the last block
/// before the edit (or `first`) to the end of the first block after it (or
/// `last`). A parse starts afresh after a block's `}`, so the region parses
/// on its own as it does in the file; and it holds the doc comments the edit
/// may touch, which belong to the statement after them.
fn run_around(
    stmts: &[Stmt],
    edit: Edit,
    first: u32,
    last: u32,
) -> Option<(usize, usize, u32, u32)> {
    let (a, b) = (edit.start as u32, edit.old_end as u32);
    let mut lo = stmts.partition_point(|s| s.span.end < a);
    while lo > 0 && !ends_with_block(&stmts[lo - 1]) {
        lo -= 1;
    }
    let start = match lo {
        0 => first,
        _ => stmts[lo - 1].span.end,
    };
    let mut hi = stmts.partition_point(|s| s.span.start <= b);
    let end = loop {
        match stmts.get(hi) {
            None => break last,
            Some(stmt) => {
                hi += 1;
                if ends_with_block(stmt) {
                    break stmt.span.end;
                }
            }
        }
    };
    (start <= a && b <= end).then_some((lo, hi, start, end))
}

/// A named definition with a closed block: re-parsed alone, it leaves its
/// journey's `has_errors` as it was.
fn is_named_with_block(stmt: &Stmt) -> bool {
    ends_with_block(stmt) && stmt.kind.def().is_some_and(|(def, _)| def.id.is_some())
}

/// Whether a statement marks its block as having errors.
fn is_broken(stmt: &Stmt) -> bool {
    stmt.kind.is_error() || stmt.kind.def().is_some_and(|(def, _)| def.id.is_none())
}

impl Splice {
    fn plan(old: &Parse, new_text: &str, edit: Edit) -> Option<Splice> {
        // Recovery from a syntax error looks at the text around it (a
        // misspelt block keyword, a statement that closes its block, a
        // string that runs on), past any region. Only in a text without
        // syntax errors, before the edit and in the region after it, does a
        // parse start afresh after every block's `}`, so that the region
        // parses alone as it does in the file: broken text is parsed whole.
        if !old.errors.is_empty() {
            return None;
        }
        let (a, b) = (edit.start as u32, edit.old_end as u32);
        let strictly_inside = |span: Span| span.start < a && b < span.end;
        let Some(top) = old.file.items.iter().position(|s| strictly_inside(s.span)) else {
            return Splice::in_top_level(old, new_text, edit)?.checked_against(old);
        };
        let splice = match &old.file.items[top].kind {
            StmtKind::Journey(def) if def.id.is_some() => match def.block.as_ref() {
                Some(block)
                    if block.is_closed() && block.open.end <= a && b < block.close.start =>
                {
                    // A stage holding the edit is re-parsed alone (it is
                    // small); any other edit re-parses the run of statements
                    // around it.
                    match block.stmts.iter().position(|s| strictly_inside(s.span)) {
                        Some(i) if is_named_with_block(&block.stmts[i]) => {
                            Splice::in_statement(old, new_text, edit, top, Some(i))
                        }
                        _ => Splice::in_journey(new_text, edit, top, block),
                    }
                }
                _ => Splice::in_statement(old, new_text, edit, top, None),
            },
            // A statement without a block of its own can end differently
            // in the new text (a string that lost its closing quote runs to
            // the end of the line, over the statements after it): the run
            // around it is re-parsed, up to where a parse starts afresh.
            _ if !ends_with_block(&old.file.items[top]) => {
                Splice::in_top_level(old, new_text, edit)
            }
            _ => Splice::in_statement(old, new_text, edit, top, None),
        }?;
        splice.checked_against(old)
    }

    /// The splice, unless its region's parse cannot be trusted to agree with
    /// a full parse of the new text.
    fn checked_against(self, old: &Parse) -> Option<Splice> {
        // A block left open (closed by a statement it cannot hold, or by
        // the end of the file) ends where the text after it decides, which
        // a region parsed on its own cannot see: in the old statements or
        // the new ones, only a full parse is right.
        let old_stmts = match self.journey {
            Some(top) => old.file.items[top]
                .kind
                .block()
                .map_or(&[][..], |(block, _)| &block.stmts[..]),
            None => &old.file.items[..],
        };
        let replaced = old_stmts.get(self.replaced.clone()).unwrap_or(&[]);
        if has_open_block(replaced) || has_open_block(&self.stmts) {
            return None;
        }
        // A syntax error in the region after the edit: see `plan`.
        if !self.errors.is_empty() {
            return None;
        }
        Some(self)
    }

    /// Re-parses the one statement holding the edit: top-level statement
    /// `top`, or its child `child` (a named definition with a block).
    fn in_statement(
        old: &Parse,
        new_text: &str,
        edit: Edit,
        top: usize,
        child: Option<usize>,
    ) -> Option<Splice> {
        let delta = edit.delta();
        let target = match child {
            Some(i) => {
                let StmtKind::Journey(def) = &old.file.items[top].kind else {
                    return None;
                };
                &def.block.as_ref()?.stmts[i]
            }
            None => &old.file.items[top],
        };
        if target.kind.is_error() {
            return None;
        }
        let (prefix, suffix) = match child {
            Some(_) => ("journey j {\n", "\n}\n"),
            None => ("", "\n"),
        };
        let start = target.span.start as usize;
        let new_end = (target.span.end as i64 + delta) as usize;
        let mut region = Region::parse(new_text, start, new_end, prefix, suffix)?;
        let stmt = match child {
            Some(_) => {
                let (mut stmts, has_errors) = region.journey_stmts(1)?;
                if has_errors || stmts.len() != 1 {
                    return None;
                }
                stmts.pop()?
            }
            None => {
                if region.part.file.items.len() != 1 {
                    return None;
                }
                region.part.file.items.pop()?
            }
        };
        // Only a statement that still ends with its block's `}` ends where
        // it ends in the new text: after a `}` the parse starts afresh,
        // whatever follows.
        if stmt.span != region.expected
            || std::mem::discriminant(&stmt.kind) != std::mem::discriminant(&target.kind)
            || stmt.doc.is_some()
            || !ends_with_block(&stmt)
            || (child.is_some() && !is_named_with_block(&stmt))
            || !region.is_self_contained()
        {
            return None;
        }
        let doc = target.doc.clone();
        let (mut stmts, comments, errors) = region.into_new_text(vec![stmt]);
        stmts[0].doc = doc;
        let index = child.unwrap_or(top);
        Some(Splice {
            journey: child.map(|_| top),
            replaced: index..index + 1,
            stmts,
            has_errors: None,
            old_span: target.span,
            delta,
            comments,
            errors,
        })
    }

    /// Re-parses the run of a journey's statements around an edit that is in
    /// the journey's block but in no stage: from the end of the last block
    /// before the edit to the end of the first block after it (or the
    /// journey's `}`), so that the region starts and ends where a parse
    /// starts afresh, and holds any doc comment the edit may touch.
    fn in_journey(new_text: &str, edit: Edit, top: usize, block: &Block) -> Option<Splice> {
        let stmts = &block.stmts;
        let (lo, hi, start, end) = run_around(stmts, edit, block.open.end, block.close.start)?;
        let delta = edit.delta();
        let new_end = (end as i64 + delta) as usize;
        // At the journey's end the real `}` follows the fragment directly.
        let (suffix, gap) = if hi == stmts.len() && end == block.close.start {
            ("}\n", 0)
        } else {
            ("\n}\n", 1)
        };
        let mut region = Region::parse(new_text, start as usize, new_end, "journey j {\n", suffix)?;
        let (new_stmts, region_has_errors) = region.journey_stmts(gap)?;
        // Where the region ends at a block's `}`, the new text must still
        // end a block there: the parse after it then goes on as before.
        let ends_as_before = gap == 0
            || new_stmts
                .last()
                .is_some_and(|s| ends_with_block(s) && s.span.end == region.expected.end);
        if !ends_as_before || !region.is_self_contained() {
            return None;
        }
        // The old text has no syntax errors (see `plan`), so the journey's
        // `has_errors` is the region's.
        debug_assert!(!block.has_errors && !stmts.iter().any(is_broken));
        let has_errors = region_has_errors;
        let (stmts, comments, errors) = region.into_new_text(new_stmts);
        Some(Splice {
            journey: Some(top),
            replaced: lo..hi,
            stmts,
            has_errors: Some(has_errors),
            old_span: Span::new(start as usize, end as usize),
            delta,
            comments,
            errors,
        })
    }

    /// Re-parses the run of top-level statements around an edit that is in
    /// none of them (see [`run_around`]); a run that reaches the end of the
    /// file is parsed up to its end, as in the file.
    fn in_top_level(old: &Parse, new_text: &str, edit: Edit) -> Option<Splice> {
        let items = &old.file.items;
        let old_len = (new_text.len() as i64 - edit.delta()) as u32;
        let (lo, hi, start, end) = run_around(items, edit, 0, old_len)?;
        let delta = edit.delta();
        let new_end = (end as i64 + delta) as usize;
        let to_the_end = end == old_len;
        let suffix = if to_the_end { "" } else { "\n" };
        let mut region = Region::parse(new_text, start as usize, new_end, "", suffix)?;
        let new_stmts = std::mem::take(&mut region.part.file.items);
        let ends_as_before = to_the_end
            || new_stmts
                .last()
                .is_some_and(|s| ends_with_block(s) && s.span.end == region.expected.end);
        if !ends_as_before || !region.is_self_contained() {
            return None;
        }
        let (stmts, comments, errors) = region.into_new_text(new_stmts);
        Some(Splice {
            journey: None,
            replaced: lo..hi,
            stmts,
            has_errors: None,
            old_span: Span::new(start as usize, end as usize),
            delta,
            comments,
            errors,
        })
    }

    fn change(&self) -> Change {
        Change {
            journey: self.journey,
            old_region: self.old_span,
            delta: self.delta,
            new_stmts: self.replaced.start..self.replaced.start + self.stmts.len(),
        }
    }

    /// The new tree: `parse` (the old tree) with the statements replaced and
    /// later spans moved.
    fn apply(self, mut parse: Parse) -> Parse {
        let Splice {
            journey,
            replaced,
            stmts,
            has_errors,
            old_span,
            delta,
            comments,
            errors,
        } = self;
        let items = &mut parse.file.items;
        let next_item = match journey {
            Some(top) => {
                let journey = &mut items[top];
                journey.span.end = shift(journey.span.end, delta);
                let block = match &mut journey.kind {
                    StmtKind::Journey(def) => def.block.as_mut(),
                    _ => None,
                };
                if let Some(block) = block {
                    block.close = shift_span(block.close, delta);
                    if let Some(has_errors) = has_errors {
                        block.has_errors = has_errors;
                    }
                    let after = replaced.start + stmts.len();
                    block.stmts.splice(replaced, stmts);
                    for s in &mut block.stmts[after..] {
                        shift_stmt(s, delta);
                    }
                }
                top + 1
            }
            None => {
                let after = replaced.start + stmts.len();
                items.splice(replaced, stmts);
                after
            }
        };
        for s in &mut items[next_item..] {
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

/// Whether any block among these statements, at any depth, was not closed
/// by its own `}`.
pub(crate) fn has_open_block(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|stmt| {
        stmt.kind
            .block()
            .is_some_and(|(block, _)| !block.is_closed() || has_open_block(&block.stmts))
    })
}
