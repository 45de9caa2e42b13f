//! Parsing a large file in pieces, on several threads.
//!
//! In text without syntax errors a parse starts afresh after the `}` that
//! closes a top-level block, and after the `}` of a block directly inside a
//! journey (the incremental re-parse relies on the same fact). A lexical
//! pre-scan (strings, comments, braces) finds such places about every
//! [`PIECE_LEN`] bytes; each piece is parsed on its own — wrapped in
//! `journey j {` … `}` where it starts or ends inside a journey — and the
//! pieces' trees are joined.
//!
//! The pre-scan only proposes: each piece's parse must show that it ended
//! where the scan said (a closed block's `}` at its end) and found no syntax
//! error, else the file is parsed whole. Recovery from an error looks past
//! any piece, so a file with a syntax error is always parsed whole; and a
//! piece's token queue is dropped before its tree is joined, so peak memory
//! follows the largest piece, not the file.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::ast::{Block, Comment, Stmt, StmtKind};
use crate::reparse::has_open_block;
use crate::shift::{shift_span, shift_stmt};
use crate::{Parse, SourceFile, Span};

/// About how long a piece is. Pieces end at a block's `}`, so they are
/// longer by up to one top-level statement or stage.
pub const PIECE_LEN: usize = 64 * 1024;

/// What wraps a piece that starts, or ends, inside a journey's block.
const JOURNEY_OPEN: &str = "journey j {\n";
const JOURNEY_CLOSE: &str = "\n}\n";

/// The parse of `text` put together from pieces of about `piece_len` bytes,
/// or `None` when the text has fewer than two pieces or a piece shows that
/// only a whole parse is right (a syntax error, or a place where the
/// pre-scan was wrong).
pub fn parse_in_pieces(text: &str, piece_len: usize) -> Option<Parse> {
    let pieces = plan(text, piece_len);
    if pieces.len() < 2 {
        return None;
    }
    // Once one piece fails, the pieces not yet started are skipped.
    let failed = AtomicBool::new(false);
    let parsed: Option<Vec<PieceParse>> = pieces
        .par_iter()
        .map(|piece| {
            if failed.load(Ordering::Relaxed) {
                return None;
            }
            let parsed = piece.parse(text);
            if parsed.is_none() {
                failed.store(true, Ordering::Relaxed);
            }
            parsed
        })
        .collect();
    join(parsed?)
}

/// Where a piece starts or ends: between top-level statements, or between
/// the statements of a journey's block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Top,
    Journey,
}

#[derive(Clone, Copy, Debug)]
struct Piece {
    start: usize,
    end: usize,
    starts_in: Level,
    /// `None` for the last piece, which ends with the file.
    ends_in: Option<Level>,
}

/// One piece's statements and comments, at their places in the file.
struct PieceParse {
    /// When the piece starts inside a journey: the statements that continue
    /// that journey's block, and the block's `}` (empty when the journey
    /// goes on past the piece).
    continued: Option<(Vec<Stmt>, Span)>,
    items: Vec<Stmt>,
    comments: Vec<Comment>,
}

/// The pieces of `text`, cut after a `}` that brings the nesting back to
/// the top level or to a journey's block, once a piece is `piece_len` long.
fn plan(text: &str, piece_len: usize) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut starts_in = Level::Top;
    let mut depth = 0usize;
    let mut in_journey = false;
    let mut next_slash = None;
    let mut i = 0;
    loop {
        // Every byte skipped here would fall through to `_` below.
        i = next_special(bytes, i, &mut next_slash);
        if i >= bytes.len() {
            break;
        }
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                match memchr::memmem::find(&bytes[i + 2..], b"*/") {
                    Some(n) => i += 2 + n + 2,
                    // Runs to the end of the file: no further place to cut.
                    None => break,
                }
                continue;
            }
            b'{' => {
                if depth == 0 {
                    in_journey = opens_journey(text, i);
                }
                depth += 1;
            }
            b'}' if depth > 0 => {
                depth -= 1;
                let level = match depth {
                    0 => Some(Level::Top),
                    1 if in_journey => Some(Level::Journey),
                    _ => None,
                };
                if let Some(level) = level {
                    if i + 1 - start >= piece_len && i + 1 < bytes.len() {
                        pieces.push(Piece {
                            start,
                            end: i + 1,
                            starts_in,
                            ends_in: Some(level),
                        });
                        start = i + 1;
                        starts_in = level;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    pieces.push(Piece {
        start,
        end: bytes.len(),
        starts_in,
        ends_in: None,
    });
    pieces
}

/// The first byte at or after `from` that the pre-scan acts on: a quote, a
/// brace or a slash (the end of the text when there is none). Found with
/// `memchr`, not byte by byte: the pre-scan runs before the pieces, on one
/// thread. `next_slash` remembers where the next slash is, once looked for
/// (the end of the text when there is none).
fn next_special(bytes: &[u8], from: usize, next_slash: &mut Option<usize>) -> usize {
    if from >= bytes.len() {
        return bytes.len();
    }
    let slash = match *next_slash {
        Some(at) if at >= from => at,
        _ => memchr::memchr(b'/', &bytes[from..]).map_or(bytes.len(), |n| from + n),
    };
    *next_slash = Some(slash);
    memchr::memchr3(b'"', b'{', b'}', &bytes[from..slash]).map_or(slash, |n| from + n)
}

/// Where a string that opened before `i` ends: after its closing quote, or
/// at the line break where an unclosed one stops.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        let rest = &bytes[i..];
        let stop = memchr::memchr3(b'\\', b'"', b'\n', rest).unwrap_or(rest.len());
        if let Some(cr) = memchr::memchr(b'\r', &rest[..stop]) {
            return i + cr;
        }
        let at = i + stop;
        match bytes.get(at) {
            Some(b'\\') => i = at + 2,
            Some(b'"') => return at + 1,
            Some(_) => return at,
            None => return bytes.len(),
        }
    }
    bytes.len()
}

/// Whether the `{` at `brace` opens a top-level journey: its line starts
/// with the keyword `journey`.
fn opens_journey(text: &str, brace: usize) -> bool {
    let line_start = memchr::memrchr2(b'\n', b'\r', &text.as_bytes()[..brace]).map_or(0, |n| n + 1);
    let line = text[line_start..brace].trim_start_matches([' ', '\t', '\u{FEFF}']);
    line.strip_prefix("journey")
        .is_some_and(|rest| rest.starts_with([' ', '\t']))
}

impl Piece {
    /// The piece's parse, moved to its place in the file; `None` when it
    /// has a syntax error or does not end where the plan says.
    fn parse(&self, text: &str) -> Option<PieceParse> {
        let (part, prefix_len) = self.parse_wrapped(text)?;
        let fragment_end = (prefix_len + self.end - self.start) as u32;
        let mut items = part.file.items;
        if !self.ends_as_planned(&items, fragment_end) {
            return None;
        }
        let delta = self.start as i64 - prefix_len as i64;
        let continued = match self.starts_in {
            Level::Top => None,
            Level::Journey => Some(self.continuation(&mut items, delta)?),
        };
        for stmt in &mut items {
            shift_stmt(stmt, delta);
        }
        let mut comments = part.file.comments;
        for comment in &mut comments {
            comment.span = shift_span(comment.span, delta);
        }
        Some(PieceParse {
            continued,
            items,
            comments,
        })
    }

    /// The parse of the piece, wrapped in a journey's block where it starts
    /// or ends inside one, and the wrapper's length before the piece; `None`
    /// when it has a syntax error or a block left open.
    fn parse_wrapped(&self, text: &str) -> Option<(Parse, usize)> {
        let fragment = &text[self.start..self.end];
        // A file's grammar skips a byte-order mark at its start only.
        if self.starts_in == Level::Top && self.start > 0 && fragment.starts_with('\u{FEFF}') {
            return None;
        }
        let prefix = match self.starts_in {
            Level::Journey => JOURNEY_OPEN,
            Level::Top => "",
        };
        let suffix = match self.ends_in {
            Some(Level::Journey) => JOURNEY_CLOSE,
            _ => "",
        };
        let part = if prefix.is_empty() && suffix.is_empty() {
            crate::lower::parse(fragment)
        } else {
            crate::lower::parse(&[prefix, fragment, suffix].concat())
        };
        (part.errors.is_empty() && !has_open_block(&part.file.items))
            .then_some((part, prefix.len()))
    }

    /// Whether the piece's last statement ends with its block's `}` right at
    /// the piece's end (`fragment_end`, in the wrapped text), as planned.
    fn ends_as_planned(&self, items: &[Stmt], fragment_end: u32) -> bool {
        match self.ends_in {
            None => true,
            Some(Level::Top) => items
                .last()
                .is_some_and(|last| last.span.end == fragment_end && ends_with_closed_block(last)),
            // The journey the piece ends in, closed by the wrapper's `}`
            // right after the fragment's last stage.
            Some(Level::Journey) => items.last().and_then(journey_block).is_some_and(|block| {
                block.close.start == fragment_end + 1
                    && !block.has_errors
                    && block.stmts.last().is_some_and(|last| {
                        last.span.end == fragment_end && ends_with_closed_block(last)
                    })
            }),
        }
    }

    /// Takes the wrapper journey (the first item) out of `items`: its
    /// statements continue the journey the piece before ended in, and its
    /// `}` is that journey's, unless the journey goes on past this piece.
    fn continuation(&self, items: &mut Vec<Stmt>, delta: i64) -> Option<(Vec<Stmt>, Span)> {
        let wrapper = items.first()?;
        if wrapper.span.start != 0 || journey_block(wrapper)?.has_errors {
            return None;
        }
        let goes_on = items.len() == 1 && self.ends_in == Some(Level::Journey);
        let mut wrapper = items.remove(0);
        let StmtKind::Journey(def) = &mut wrapper.kind else {
            return None;
        };
        let block = def.block.as_mut()?;
        let mut stmts = std::mem::take(&mut block.stmts);
        for stmt in &mut stmts {
            shift_stmt(stmt, delta);
        }
        let close = match goes_on {
            true => Span::empty(0),
            false => shift_span(block.close, delta),
        };
        Some((stmts, close))
    }
}

fn journey_block(stmt: &Stmt) -> Option<&Block> {
    match &stmt.kind {
        StmtKind::Journey(def) if def.id.is_some() => def.block.as_ref(),
        _ => None,
    }
}

fn ends_with_closed_block(stmt: &Stmt) -> bool {
    stmt.kind
        .block()
        .is_some_and(|(block, _)| block.is_closed() && block.close.end == stmt.span.end)
}

/// The pieces' trees joined into the file's: statements that continue a
/// journey go into the journey the piece before ended in.
fn join(pieces: Vec<PieceParse>) -> Option<Parse> {
    let mut items: Vec<Stmt> = Vec::with_capacity(pieces.iter().map(|p| p.items.len()).sum());
    let mut comments = Vec::with_capacity(pieces.iter().map(|p| p.comments.len()).sum());
    for piece in pieces {
        if let Some((stmts, close)) = piece.continued {
            let journey = items.last_mut()?;
            let StmtKind::Journey(def) = &mut journey.kind else {
                return None;
            };
            let block = def.block.as_mut()?;
            block.stmts.extend(stmts);
            block.close = close;
            if !close.is_empty() {
                journey.span.end = close.end;
            }
        }
        items.extend(piece.items);
        comments.extend(piece.comments);
    }
    Some(Parse {
        file: SourceFile { items, comments },
        errors: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testgen::Lcg;

    /// The pre-scan as it was, byte by byte: the plan must not change.
    fn plan_byte_by_byte(text: &str, piece_len: usize) -> Vec<(usize, usize)> {
        fn string_end(bytes: &[u8], mut i: usize) -> usize {
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => return i + 1,
                    b'\n' | b'\r' => return i,
                    _ => i += 1,
                }
            }
            bytes.len()
        }
        let bytes = text.as_bytes();
        let mut cuts = Vec::new();
        let (mut start, mut depth, mut in_journey, mut i) = (0, 0usize, false, 0);
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    i = string_end(bytes, i + 1);
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    match memchr::memmem::find(&bytes[i + 2..], b"*/") {
                        Some(n) => i += 2 + n + 2,
                        None => break,
                    }
                    continue;
                }
                b'{' => {
                    if depth == 0 {
                        in_journey = opens_journey(text, i);
                    }
                    depth += 1;
                }
                b'}' if depth > 0 => {
                    depth -= 1;
                    let cut = depth == 0 || (depth == 1 && in_journey);
                    if cut && i + 1 - start >= piece_len && i + 1 < bytes.len() {
                        cuts.push((start, i + 1));
                        start = i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        cuts.push((start, bytes.len()));
        cuts
    }

    #[test]
    fn the_plan_is_the_one_a_byte_by_byte_scan_makes() {
        let pieces = [
            "journey j {\n",
            "stage s {",
            "}",
            "{",
            "\"",
            "\\",
            "\\\"",
            "\"a}\"",
            "//",
            "/*",
            "*/",
            "/",
            "\n",
            "\r\n",
            "\r",
            " ",
            "x",
            "ż",
            "touchpoint t { channel web }\n",
            "\"unclosed\n",
        ];
        let mut random = Lcg(11);
        for round in 0..3_000 {
            let text = random.text(&pieces, 200);
            for piece_len in [1, 2, 7, 40] {
                let plan: Vec<(usize, usize)> = plan(&text, piece_len)
                    .iter()
                    .map(|p| (p.start, p.end))
                    .collect();
                assert_eq!(
                    plan,
                    plan_byte_by_byte(&text, piece_len),
                    "round {round}: {text:?}"
                );
            }
        }
    }
}
