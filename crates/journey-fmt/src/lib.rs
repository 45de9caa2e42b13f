//! The formatter of the journey language (LANGUAGE.md §9): `journey fmt`,
//! and document and range formatting in editors.
//!
//! [`format()`] turns a file's text into its canonical form. It works from the
//! syntax tree of [`journey_syntax::parse`] and the list of every comment in
//! the file, never from a regular expression over the text, and it is
//! *lossless* and *idempotent*: `format(format(x)) == format(x)`, every
//! token, string and comment of the input is in the output in the same order,
//! and the file means exactly what it meant before.
//!
//! # The canonical style
//!
//! - **Indentation**: 4 spaces per block level; no tabs.
//! - **One statement per line.** `segment b2c age 30..50` on one line becomes
//!   two lines.
//! - **Blocks**: `{` on the definition's line after one space; `}` on a line
//!   of its own at the definition's indentation. An empty block (no
//!   statement and no comment inside) is written `{}`. No blank line right
//!   after `{` or right before `}`.
//! - **Tokens**: one space between the tokens of a statement (`age 30..50`,
//!   `completed book_room 1250 of 5000`, `team a "A"` even where the author
//!   wrote `team a"A"`); lists as `a, b` (no space before a comma, one
//!   after). Values are kept as written (`3.2%`, `45min`, `-12.5`), except
//!   that the space between an amount and its currency becomes exactly one
//!   (`1200 PLN`). Numbers are never rewritten (`212.50` stays `212.50`).
//! - **Strings** are kept byte-for-byte, escapes included (`"\u{1F600}"` is
//!   not turned into `"😀"`).
//! - **Blank lines between top-level items**: exactly one, except between
//!   consecutive one-line items of the same kind (`import`s, `team`s, and
//!   `channel`s without a block), where the author's choice (adjacent or one
//!   blank line) is kept: three adjacent `team` lines stay adjacent. When
//!   comments stand on their own lines between two items, the blank lines
//!   the author put around them are kept (at most one in each place), and
//!   one is added if there was none (see *Comments*).
//! - **Blank lines between stages** (two `stage`s one after the other,
//!   comments aside): the same rule as between top-level items.
//! - **Blank lines everywhere else** (between a journey's header statements
//!   and its first `kpi` or `stage`, between statements of a block, around
//!   comments) are kept where the author put them, collapsed to at most one.
//!   Blank lines at the start and at the end of the file are removed.
//! - **End of file**: exactly one line break after the last line; a file
//!   with nothing but whitespace becomes empty (an empty file stays empty).
//! - **Line breaks** keep the file's dominant style (LANGUAGE.md §3): every
//!   line break the formatter writes is the one most of the file's line
//!   breaks are — `\n`, `\r\n` or a lone `\r` — the first one's on a tie,
//!   `\n` in a file without any (like rustfmt's `newline_style = "Auto"`,
//!   which looks at the first). A leading byte-order mark is kept.
//!
//! # Comments
//!
//! Every comment (`//`, `///` and `/* … */`) is kept byte-for-byte, in the
//! same place relative to the tokens around it. Only trailing spaces, tabs
//! and carriage returns at the end of a `//` or `///` comment are trimmed;
//! the inside of a block comment, even one over several lines, is never
//! touched (only the indentation of its first line is set).
//!
//! - A comment on a line of its own is indented like the statement that
//!   follows it (or, before a `}`, like the statements of the block). The
//!   blank lines around it are kept, at most one each.
//! - A comment after code on the same line (after a statement, after `{` or
//!   after `}`) stays at the end of that line, after one space.
//! - A block comment before a statement on the same line (`/* a */ emotion
//!   3`) stays on that line, unless that line already holds a statement:
//!   then the statement moves to the next line (one statement per line).
//! - Where a blank line is required (between top-level items, between
//!   stages) and the author put none, it is added right after the previous
//!   item, before the comments that follow it, so that a comment (and in
//!   particular a `///` doc comment) stays attached to the item below it.
//!   Where the author put a blank line somewhere between the two items, it
//!   is kept where it is and no other is added. The blank line never goes
//!   between a `///` comment and the definition it documents: a doc comment
//!   written at the end of the previous item's last line (`} /// …`) moves
//!   to a line of its own above its definition.
//! - **A comment inside a statement** (between a keyword and its argument,
//!   between list items, between a definition's id and its label, between a
//!   header and its `{`) stays inside that statement, between the same two
//!   tokens. The statement is laid out as usual, one space between pieces,
//!   with two exceptions: a `//` comment ends its line, so the rest of the
//!   statement continues on the next line; and a comment that starts its own
//!   line in the source starts its own line in the output. Such continuation
//!   lines are indented one level deeper than the statement, and a `{` that
//!   follows a `//` comment goes on a line of its own at the statement's
//!   indentation. No comment is ever moved past a token, so the output stays
//!   idempotent and lossless.
//!
//! `///` doc comments are comments like any other for the layout: since
//! no line break is ever added or removed between a `///` line and the
//! definition below it, every doc comment stays attached to its definition
//! (and a comment that was not a doc comment does not become one).
//!
//! # Safety
//!
//! - A text with syntax errors (any `syntax-error` of
//!   [`journey_syntax::parse`], unterminated and badly escaped strings
//!   included) is never formatted: [`format()`] returns
//!   [`FormatError::Syntax`] with every diagnostic. So is a text that ends
//!   inside a `/* …` block comment (which the parser accepts silently): the
//!   line break the formatter would add at the end would become part of the
//!   comment.
//! - Before returning, [`format()`] checks its own output: the sequence of
//!   tokens and comments of the output must equal the input's (a lexer that
//!   knows only whitespace, strings, comments and punctuation compares them).
//!   If it does not, which would be a bug, the result is
//!   [`FormatError::Internal`] and nothing is written. Formatting can
//!   therefore change only whitespace between tokens and trailing whitespace
//!   of line comments.
//!
//! # The command line (`journey fmt`)
//!
//! - `journey fmt [PATH…]` formats the files given and every `*.journey`
//!   file under the directories given (default `.`; the same search as
//!   `journey check`). A changed file is replaced atomically: a sibling
//!   temporary file is written, flushed to disk (`fsync`), given the
//!   original's permissions (and owner, where allowed), and renamed over the
//!   original; the directory is flushed too. A symbolic link is followed
//!   (the file it points to is replaced, the link stays). A read-only file,
//!   or one that changed on disk while it was being formatted, is reported
//!   and left alone. Files already formatted are not touched at all.
//! - `journey fmt --check [PATH…]` writes nothing: it prints the path of
//!   each file that is not formatted on stdout (one per line) and a summary
//!   on stderr.
//! - `journey fmt -` formats standard input to standard output. When the
//!   input cannot be formatted, the diagnostics go to stderr and the input
//!   is echoed unchanged to stdout, so that an editor that pipes its buffer
//!   through the command never loses it.
//! - A file with syntax errors, or that is not UTF-8, is reported with the
//!   same report as `journey check` on stderr and left untouched byte for
//!   byte; the other files are still formatted.
//! - Exit status: 0 when everything is formatted; 1 when `--check` found an
//!   unformatted file, or a file has syntax errors or is not UTF-8; 2 for a
//!   usage error (`-` with other paths), a path that does not exist (then
//!   nothing is written at all), or a file that cannot be read or written.
//!
//! # Editors
//!
//! [`format_edits`] gives the edit that formats a whole document, and
//! [`format_range`] the edit that formats the top-level items a byte range
//! touches (whole items: a range inside a journey formats the journey), as
//! plain byte offsets into the original text. Both return the smallest edit
//! (common prefix and suffix removed), and no edit when there is nothing to
//! change.

mod guard;
mod printer;

use std::fmt;
use std::ops::Range;

use journey_syntax::ast::CommentKind;
use journey_syntax::diagnostic::SYNTAX_ERROR;
use journey_syntax::{Diagnostic, Span};

/// Why a text was not formatted.
#[derive(Clone, Debug)]
pub enum FormatError {
    /// The text has syntax errors (every one of them, from
    /// [`journey_syntax::parse`]); it is left as it is.
    Syntax(Vec<Diagnostic>),
    /// The formatter's check of its own output failed: the output would not
    /// have had the same tokens and comments as the input. This is a bug in
    /// the formatter; the text is left as it is.
    Internal(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Syntax(diagnostics) => {
                let n = diagnostics.len();
                write!(
                    f,
                    "the file has {n} syntax error{}; it was not formatted",
                    if n == 1 { "" } else { "s" }
                )
            }
            FormatError::Internal(message) => write!(
                f,
                "internal formatter error (the file was not formatted): {message}"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Replace the bytes `start..end` of the original text with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub end: usize,
    pub new_text: String,
}

impl TextEdit {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Formats a whole file in the canonical style.
pub fn format(text: &str) -> Result<String, FormatError> {
    format_parsed(text, &journey_syntax::parse(text))
}

/// [`format()`] with the text's parse made by the caller
/// (`journey_syntax::parse(text)`), who keeps it: `journey fmt` leaves the
/// last file's tree to the operating system at exit instead of freeing it.
pub fn format_parsed(text: &str, parse: &journey_syntax::Parse) -> Result<String, FormatError> {
    print_checked(text, parse).map(|formatted| formatted.text)
}

/// Whether a text is already in canonical form.
pub fn is_formatted(text: &str) -> Result<bool, FormatError> {
    Ok(run(text)?.text == text)
}

/// The edit that formats a whole document (none when it is formatted).
pub fn format_edits(text: &str) -> Result<Vec<TextEdit>, FormatError> {
    format_range(text, 0..text.len())
}

/// The edit that formats every top-level item the byte range `range`
/// overlaps or touches (an empty range formats the item around it), and the
/// comments and blank lines between those items. The rest of the text is
/// left as it is. A text with syntax errors is not formatted at all.
pub fn format_range(text: &str, range: Range<usize>) -> Result<Vec<TextEdit>, FormatError> {
    let formatted = run(text)?;
    let anchors = &formatted.anchors;
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    // The last anchor at or before the start, and the first after it that
    // is at or past the end.
    let first = anchors
        .partition_point(|&(src, _)| src <= start)
        .saturating_sub(1);
    let last = (first + 1..anchors.len())
        .find(|&i| anchors[i].0 >= end && anchors[i].0 > anchors[first].0)
        .unwrap_or(anchors.len() - 1);
    let (src_start, out_start) = anchors[first];
    let (src_end, out_end) = anchors[last];
    Ok(minimal_edit(
        &text[src_start..src_end],
        &formatted.text[out_start..out_end],
    )
    .map(|mut edit| {
        edit.start += src_start;
        edit.end += src_start;
        edit
    })
    .into_iter()
    .collect())
}

/// The edit turning `old` into `new`, without their common prefix and
/// suffix; `None` when they are equal.
fn minimal_edit(old: &str, new: &str) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Some(TextEdit {
        start: prefix,
        end: old.len() - suffix,
        new_text: new[prefix..new.len() - suffix].to_string(),
    })
}

fn run(text: &str) -> Result<printer::Formatted, FormatError> {
    print_checked(text, &journey_syntax::parse(text))
}

/// The formatted text of a parse without syntax errors, checked against
/// the source (see *Safety* above).
fn print_checked(
    text: &str,
    parse: &journey_syntax::Parse,
) -> Result<printer::Formatted, FormatError> {
    if !parse.errors.is_empty() {
        return Err(FormatError::Syntax(parse.errors.clone()));
    }
    let comments = &parse.file.comments;
    if let Some(open) = comments.iter().find(|c| {
        let body = &text[c.span.range()];
        c.kind == CommentKind::Block && (body.len() < 4 || !body.ends_with("*/"))
    }) {
        return Err(FormatError::Syntax(vec![Diagnostic::error(
            SYNTAX_ERROR,
            Span::new(open.span.start as usize, open.span.start as usize + 2),
            "unterminated block comment: this `/*` is never closed",
        )
        .with_help("add the closing `*/`")]));
    }
    let formatted = printer::print(text, &parse.file);
    // An unchanged text trivially has the same tokens (the common case of
    // `journey fmt --check`).
    if formatted.text != text {
        guard::same_tokens(text, &formatted.text).map_err(FormatError::Internal)?;
    }
    Ok(formatted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edit_keeps_characters_whole() {
        let edit = minimal_edit("a ż b", "a ź b").unwrap();
        assert_eq!(edit.new_text, "ź");
        assert_eq!(&"a ż b"[edit.range()], "ż");
        assert_eq!(minimal_edit("x", "x"), None);
        let edit = minimal_edit("aaa", "aa").unwrap();
        assert_eq!((edit.start, edit.end, edit.new_text.as_str()), (2, 3, ""));
    }

    #[test]
    fn format_range_formats_only_the_touched_items() {
        let text = "team  a\nteam   b\n\npersona p{segment b2c}\n";
        let b = text.find('b').unwrap();
        let edits = format_range(text, b..b).unwrap();
        assert_eq!(edits.len(), 1);
        let mut out = text.to_string();
        out.replace_range(edits[0].range(), &edits[0].new_text);
        assert_eq!(out, "team  a\nteam b\n\npersona p{segment b2c}\n");
        let all = format_edits(text).unwrap();
        let mut whole = text.to_string();
        whole.replace_range(all[0].range(), &all[0].new_text);
        assert_eq!(whole, format(text).unwrap());
        assert!(format_edits(&whole).unwrap().is_empty());
    }

    #[test]
    fn format_parsed_is_format_with_the_callers_parse() {
        for text in [
            "team  a\n// c\npersona p{segment b2c} /* d */\n",
            "team a /* oops",
            "team \"a",
        ] {
            let parse = journey_syntax::parse(text);
            let (ours, theirs) = (format_parsed(text, &parse), format(text));
            match (ours, theirs) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(FormatError::Syntax(a)), Err(FormatError::Syntax(b))) => assert_eq!(a, b),
                (a, b) => panic!("{a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn unterminated_block_comments_are_refused() {
        assert!(matches!(
            format("team a /* oops"),
            Err(FormatError::Syntax(_))
        ));
        assert!(matches!(format("team a /*/"), Err(FormatError::Syntax(_))));
        assert_eq!(format("team a /**/").unwrap(), "team a /**/\n");
    }
}
