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

/// The start offset of every line of a text, for offset ↔ line/column maps.
///
/// A leading byte-order mark is not part of the first line's columns: editors
/// strip it, and a column must mean the same thing to every consumer.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

const BOM: &str = "\u{FEFF}";

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(if text.starts_with(BOM) {
            BOM.len() as u32
        } else {
            0
        });
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| to_u32(i + 1)));
        LineIndex {
            line_starts,
            len: to_u32(text.len()),
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
        let next = self
            .line_starts
            .get(line as usize + 1)
            .map(|&s| s as usize - 1)
            .unwrap_or(text.len());
        let start = self.line_start(line).min(next);
        if text[start..next].ends_with('\r') {
            next - 1
        } else {
            next
        }
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
        let before = &text[start..offset];
        let col = match unit {
            ColumnUnit::Utf8 => before.len(),
            ColumnUnit::Utf16 => before.chars().map(char::len_utf16).sum(),
            ColumnUnit::Char => before.chars().count(),
        };
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
        let mut remaining = position.col as usize;
        for (i, ch) in text[start..end].char_indices() {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if remaining < width {
                return start + i;
            }
            remaining -= width;
        }
        end
    }
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
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
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
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{FEFF}team a";
        let index = LineIndex::new(text);
        let a = text.rfind('a').unwrap();
        assert_eq!(index.line_col(text, a, ColumnUnit::Char).col, 5);
    }
}
