//! Byte spans and the one place where byte offsets become lines and columns.
//!
//! Every span in the project is a half-open range of UTF-8 byte offsets into
//! the file's text. Renderers and the language server convert them here and
//! nowhere else, in whichever column unit their consumer counts.

use serde::Serialize;

/// A half-open range of byte offsets into a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            start: to_u32(start),
            end: to_u32(end),
        }
    }

    pub fn empty(at: usize) -> Span {
        Span::new(at, at)
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset < self.end as usize
    }

    /// Like [`Span::contains`] but also true at the end offset (a cursor just
    /// after the last character still touches the span).
    pub fn touches(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= self.end as usize
    }

    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// How a column is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    /// UTF-8 bytes (LSP `utf-8` position encoding).
    Utf8,
    /// UTF-16 code units (LSP's default position encoding).
    Utf16,
    /// Unicode scalar values (the CLI's columns, SARIF's `unicodeCodePoints`).
    Char,
}

/// A zero-based line and a zero-based column in some [`ColumnUnit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

// ---------------------------------------------------------------- line terminators

/// A line terminator (LANGUAGE.md §3): LF, CR LF, or a lone CR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineEnding {
    Lf,
    CrLf,
    Cr,
}

impl LineEnding {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }

    /// The style most of a text's line breaks use; ties go to the one that
    /// comes first in the text, and a text without any is LF.
    pub fn dominant(text: &str) -> LineEnding {
        let mut counts = [0usize; 3];
        let mut first = [usize::MAX; 3];
        for (at, ending) in line_breaks(text) {
            let slot = ending as usize;
            counts[slot] += 1;
            first[slot] = first[slot].min(at);
        }
        [LineEnding::Lf, LineEnding::CrLf, LineEnding::Cr]
            .into_iter()
            .filter(|e| counts[*e as usize] > 0)
            .max_by(|a, b| {
                let (a, b) = (*a as usize, *b as usize);
                counts[a].cmp(&counts[b]).then(first[b].cmp(&first[a]))
            })
            .unwrap_or(LineEnding::Lf)
    }
}

/// Every line break of a text: where it starts and which it is (`\r\n` is
/// one break).
pub fn line_breaks(text: &str) -> impl Iterator<Item = (usize, LineEnding)> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(move |at| match bytes[at] {
        b'\r' if bytes.get(at + 1) == Some(&b'\n') => Some((at, LineEnding::CrLf)),
        // The `\n` of a `\r\n`, already counted.
        b'\n' if at > 0 && bytes[at - 1] == b'\r' => None,
        b'\r' => Some((at, LineEnding::Cr)),
        _ => Some((at, LineEnding::Lf)),
    })
}

/// How many line breaks a text holds (`\r\n` counts once).
pub fn count_line_breaks(text: &str) -> usize {
    line_breaks(text).count()
}

/// Whether a text holds a line break.
pub fn has_line_break(text: &str) -> bool {
    memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_some()
}

/// Where the first line break of a text starts (the end of its first line).
pub fn first_line_end(text: &str) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', text.as_bytes())
}

/// The first line of a text, without its line break.
pub fn first_line(text: &str) -> &str {
    &text[..first_line_end(text).unwrap_or(text.len())]
}

/// Where the last line of a text starts: just after its last line break.
pub fn last_line_start(text: &str) -> Option<usize> {
    memchr::memrchr2(b'\n', b'\r', text.as_bytes()).map(|at| at + 1)
}

/// The text with every lone CR written as LF: the same line breaks at the
/// same byte offsets, for consumers that only know `\n` and `\r\n` (such as
/// miette's excerpts). Borrowed when there is no lone CR.
pub fn lone_cr_as_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let lone: Vec<usize> = line_breaks(text)
        .filter(|&(_, ending)| ending == LineEnding::Cr)
        .map(|(at, _)| at)
        .collect();
    if lone.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for at in lone {
        bytes[at] = b'\n';
    }
    // Replacing one ASCII byte by another keeps the text UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

// ---------------------------------------------------------------- the line index

/// The start offset of every line of a text, for offset ↔ line/column maps.
/// Lines end at `\n`, `\r\n` or a lone `\r` (LANGUAGE.md §3, as in LSP).
///
/// A leading byte-order mark is not part of the first line's columns: editors
/// strip it, and a column must mean the same thing to every consumer.
///
/// Columns in characters or UTF-16 units are found without scanning the line:
/// the index keeps, every [`CHECKPOINT`] bytes, how many characters and
/// UTF-16 units precede that point, so a conversion scans at most one
/// checkpoint's distance. Thousands of diagnostics on one 5 MB line cost
/// linear time, not quadratic. A pure-ASCII text needs no checkpoints.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
    /// `(chars, utf16 units)` before each multiple of [`CHECKPOINT`] (floored
    /// to a character boundary); empty when the text is ASCII.
    checkpoints: Vec<(u32, u32)>,
}

/// The distance between two checkpoints of the column index, in bytes.
const CHECKPOINT: usize = 64;

const BOM: &str = "\u{FEFF}";

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(if text.starts_with(BOM) {
            BOM.len() as u32
        } else {
            0
        });
        line_starts
            .extend(line_breaks(text).map(|(at, ending)| to_u32(at + ending.as_str().len())));
        LineIndex {
            line_starts,
            len: to_u32(text.len()),
            checkpoints: checkpoints(text),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where a zero-based line starts (the text's end past the
    /// last line).
    pub fn line_start(&self, line: u32) -> usize {
        self.line_starts
            .get(line as usize)
            .copied()
            .unwrap_or(self.len) as usize
    }

    /// The byte offset where a zero-based line ends, before its line break.
    pub fn line_end(&self, text: &str, line: u32) -> usize {
        let Some(&next) = self.line_starts.get(line as usize + 1) else {
            return text.len();
        };
        let next = next as usize;
        let start = self.line_start(line).min(next);
        let terminator = if text[start..next].ends_with("\r\n") {
            2
        } else {
            1
        };
        next.saturating_sub(terminator).max(start)
    }

    /// The zero-based line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        let offset = to_u32(offset);
        (self.line_starts.partition_point(|&start| start <= offset) as u32).saturating_sub(1)
    }

    /// Converts a byte offset (clamped to the text and floored to a character
    /// boundary) to a line and a column counted in `unit`.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        let col = self.units_before(text, offset, unit) - self.units_before(text, start, unit);
        LineCol {
            line,
            col: to_u32(col),
        }
    }

    /// Converts a line and a column in `unit` back to a byte offset. A line
    /// past the end gives the end of the text; a column past the end of its
    /// line (or inside a character) is clamped, never a panic.
    pub fn offset(&self, text: &str, position: LineCol, unit: ColumnUnit) -> usize {
        if position.line as usize >= self.line_starts.len() {
            return text.len();
        }
        let start = self.line_start(position.line);
        let end = self.line_end(text, position.line);
        if unit == ColumnUnit::Utf8 || self.checkpoints.is_empty() {
            return floor_char_boundary(text, start + (position.col as usize).min(end - start));
        }
        let target = self.units_before(text, start, unit) + position.col as usize;
        // The last checkpoint inside the line that is not past the target.
        let first = start.div_ceil(CHECKPOINT);
        let last = (end / CHECKPOINT).min(self.checkpoints.len() - 1);
        let mut from = start;
        if first <= last {
            let past = partition_point_range(first, last + 1, |k| {
                self.checkpoint_units(k, unit) <= target
            });
            if past > first {
                from = checkpoint_offset(text, past - 1).max(start);
            }
        }
        let mut units = self.units_before(text, from, unit);
        for (i, ch) in text[from..end].char_indices() {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if target < units + width {
                return from + i;
            }
            units += width;
        }
        end
    }

    /// How many `unit`s the text holds before a character boundary.
    fn units_before(&self, text: &str, offset: usize, unit: ColumnUnit) -> usize {
        if unit == ColumnUnit::Utf8 || self.checkpoints.is_empty() {
            return offset;
        }
        let k = (offset / CHECKPOINT).min(self.checkpoints.len() - 1);
        let from = checkpoint_offset(text, k);
        let (chars, utf16) = count_units(&text.as_bytes()[from..offset]);
        let (base_chars, base_utf16) = self.checkpoints[k];
        match unit {
            ColumnUnit::Char => base_chars as usize + chars,
            _ => base_utf16 as usize + utf16,
        }
    }

    fn checkpoint_units(&self, k: usize, unit: ColumnUnit) -> usize {
        let (chars, utf16) = self.checkpoints[k];
        match unit {
            ColumnUnit::Char => chars as usize,
            _ => utf16 as usize,
        }
    }
}

/// The first index in `lo..hi` where `pred` is false (`pred` is true on a
/// prefix of the range).
fn partition_point_range(mut lo: usize, mut hi: usize, pred: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Where checkpoint `k` stands: `k * CHECKPOINT` floored to a character
/// boundary.
fn checkpoint_offset(text: &str, k: usize) -> usize {
    floor_char_boundary(text, k * CHECKPOINT)
}

/// The characters and UTF-16 units of a run of whole UTF-8 characters,
/// counted on bytes: every byte that is not a continuation byte starts a
/// character, and a four-byte character is two UTF-16 units.
fn count_units(bytes: &[u8]) -> (usize, usize) {
    let mut chars = 0;
    let mut astral = 0;
    for &b in bytes {
        chars += usize::from((b & 0xC0) != 0x80);
        astral += usize::from(b >= 0xF0);
    }
    (chars, chars + astral)
}

fn checkpoints(text: &str) -> Vec<(u32, u32)> {
    if text.is_ascii() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(text.len() / CHECKPOINT + 1);
    let (mut chars, mut utf16) = (0, 0);
    let mut at = 0;
    for k in 0..=text.len() / CHECKPOINT {
        let next = checkpoint_offset(text, k);
        let (c, u) = count_units(&text.as_bytes()[at..next]);
        chars += c;
        utf16 += u;
        at = next;
        out.push((to_u32(chars), to_u32(utf16)));
    }
    out
}

/// The largest character boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "ab\nżółw 😀x\r\nend";

    /// The column of every offset by a plain scan from the line start: what
    /// the index must agree with.
    fn naive(text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        // Line starts by a character walk: after `\n`, and after a `\r` not
        // followed by `\n`.
        let mut line = 0;
        let mut start = if text.starts_with(BOM) { BOM.len() } else { 0 };
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if i >= offset {
                break;
            }
            let ends_line = c == '\n' || (c == '\r' && chars.peek().map(|p| p.1) != Some('\n'));
            if ends_line {
                line += 1;
                start = i + 1;
            }
        }
        let piece = &text[start.min(offset)..offset];
        let col = match unit {
            ColumnUnit::Utf8 => piece.len(),
            ColumnUnit::Utf16 => piece.chars().map(char::len_utf16).sum(),
            ColumnUnit::Char => piece.chars().count(),
        };
        LineCol {
            line,
            col: col as u32,
        }
    }

    const UNITS: [ColumnUnit; 3] = [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char];

    #[test]
    fn columns_count_in_each_unit() {
        let index = LineIndex::new(TEXT);
        let x = TEXT.find('x').unwrap();
        assert_eq!(
            index.line_col(TEXT, x, ColumnUnit::Char),
            LineCol { line: 1, col: 6 }
        );
        assert_eq!(
            index.line_col(TEXT, x, ColumnUnit::Utf16),
            LineCol { line: 1, col: 7 }
        );
        assert_eq!(
            index.line_col(TEXT, x, ColumnUnit::Utf8),
            LineCol { line: 1, col: 12 }
        );
    }

    #[test]
    fn offsets_round_trip_in_each_unit() {
        let index = LineIndex::new(TEXT);
        for unit in UNITS {
            for (offset, _) in TEXT
                .char_indices()
                .filter(|(_, c)| !matches!(c, '\r' | '\n'))
            {
                let position = index.line_col(TEXT, offset, unit);
                assert_eq!(index.offset(TEXT, position, unit), offset, "{unit:?}");
            }
        }
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_crlf_is_one_break() {
        let text = "zażółć\r😀 gęś\r\n\rb\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 5);
        let b = text.find('b').unwrap();
        assert_eq!(
            index.line_col(text, b, ColumnUnit::Char),
            LineCol { line: 3, col: 0 }
        );
        let g = text.find('g').unwrap();
        assert_eq!(
            index.line_col(text, g, ColumnUnit::Utf16),
            LineCol { line: 1, col: 3 }
        );
        assert_eq!(index.line_end(text, 0), text.find('\r').unwrap());
        assert_eq!(index.line_end(text, 1), text.find("\r\n").unwrap());
        assert_eq!(index.line_end(text, 2), text.find("\r\n").unwrap() + 2);
        // A column past the end of a CR-terminated line stops before the CR.
        let far = LineCol { line: 0, col: 99 };
        assert_eq!(
            index.offset(text, far, ColumnUnit::Utf16),
            text.find('\r').unwrap()
        );
    }

    #[test]
    fn every_offset_agrees_with_a_plain_scan() {
        // Long lines cross many checkpoints; CR, CR LF, LF, a BOM, Polish
        // letters (2 bytes, 1 unit) and emoji (4 bytes, 2 UTF-16 units).
        let line = "zażółć gęślą jaźń 😀 x".repeat(9);
        for text in [
            format!("{line}\r{line}\r\n\r{line}\n{line}"),
            format!("\u{FEFF}{line}\r\n"),
            "a\rb".to_string(),
            String::new(),
        ] {
            let index = LineIndex::new(&text);
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                for unit in UNITS {
                    let expected = naive(&text, offset, unit);
                    let got = index.line_col(&text, offset, unit);
                    assert_eq!(got, expected, "{unit:?} at {offset} of {text:?}");
                    let back = index.offset(&text, got, unit);
                    let at_terminator = text[offset..].starts_with(['\r', '\n']);
                    let at_bom = offset == 0 && text.starts_with(BOM);
                    if !(at_terminator || at_bom) {
                        assert_eq!(back, offset, "{unit:?} back from {got:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn lone_crs_become_lfs_at_the_same_offsets() {
        assert_eq!(lone_cr_as_lf("a\rb\r\nc\r"), "a\nb\r\nc\n");
        assert!(matches!(
            lone_cr_as_lf("a\r\nb\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn dominant_line_ending() {
        assert_eq!(LineEnding::dominant("a\rb\rc\r\n"), LineEnding::Cr);
        assert_eq!(LineEnding::dominant("a\r\nb\nc\r\n"), LineEnding::CrLf);
        assert_eq!(LineEnding::dominant("a\nb\r"), LineEnding::Lf);
        assert_eq!(LineEnding::dominant("a\rb\n"), LineEnding::Cr);
        assert_eq!(LineEnding::dominant("ab"), LineEnding::Lf);
        assert_eq!(count_line_breaks("a\r\n\r\n\rb\n"), 4);
    }

    #[test]
    fn positions_out_of_range_are_clamped() {
        let index = LineIndex::new(TEXT);
        let end_of_line_1 = TEXT.find('\r').unwrap();
        let far = LineCol { line: 1, col: 999 };
        assert_eq!(index.offset(TEXT, far, ColumnUnit::Utf16), end_of_line_1);
        // Inside the emoji's surrogate pair: the emoji's start.
        let inside = LineCol { line: 1, col: 6 };
        assert_eq!(
            index.offset(TEXT, inside, ColumnUnit::Utf16),
            TEXT.find('😀').unwrap()
        );
        let past = LineCol { line: 42, col: 0 };
        assert_eq!(index.offset(TEXT, past, ColumnUnit::Char), TEXT.len());
        assert_eq!(index.line_col(TEXT, 10_000, ColumnUnit::Char).line, 2);
        // Inside a character in UTF-8 units: that character's start.
        let in_z = LineCol { line: 1, col: 1 };
        assert_eq!(
            index.offset(TEXT, in_z, ColumnUnit::Utf8),
            TEXT.find('ż').unwrap()
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{FEFF}team a";
        let index = LineIndex::new(text);
        let a = text.rfind('a').unwrap();
        assert_eq!(index.line_col(text, a, ColumnUnit::Char).col, 5);
    }
}
