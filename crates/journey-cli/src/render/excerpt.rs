//! The source excerpt of one diagnostic, prepared for miette.
//!
//! miette is handed only the lines it shows, never the file: each line
//! clipped to a window around the labels on it (a 200 000-character line
//! would otherwise be printed whole, and past column 65 535 miette panics on
//! a format width), and with control characters escaped. Line numbers and
//! the `file:line:column` header still speak of the original file, with
//! columns in Unicode scalar values like every other format.

use std::ops::Range as ByteRange;

use journey_syntax::{text::floor_char_boundary, Span};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::escape::{escaped_utf8_len, push_escaped};
use super::Positions;

/// Lines shown around each label (miette's default, which the handler uses).
const CONTEXT_LINES: u32 = 1;
/// A label spanning more lines is cut after this many (its start is what
/// matters; the rest of a long block is not worth a screenful).
const MAX_LABEL_LINES: u32 = 12;
/// Lines longer than this (in characters) are clipped to a window.
const MAX_LINE_CHARS: usize = 160;
/// Characters shown before the first label point of a clipped line.
const WINDOW_BEFORE: usize = 40;
/// Characters shown from the first label point of a clipped line.
const WINDOW_AFTER: usize = 100;
/// Marks the text cut from a clipped line.
const ELLIPSIS: &str = "…";

/// One line of the excerpt.
struct Line {
    /// Zero-based line number in the file.
    number: u32,
    /// Lines of one group are consecutive in the file; groups are not.
    group: usize,
    /// Where the line's text starts and ends in the excerpt (before `\n`).
    start: usize,
    end: usize,
    /// The part of the file's line shown, in file byte offsets.
    window: ByteRange<usize>,
    /// The file's whole line, without its line break.
    line: ByteRange<usize>,
    /// Bytes of the `…` before the window (0 when not clipped at the start).
    prefix: usize,
}

/// The excerpt of one diagnostic: what miette reads, and the labels' spans
/// moved into it.
pub(super) struct Excerpt {
    name: String,
    text: String,
    lines: Vec<Line>,
    /// (excerpt offset, zero-based line, zero-based column in the file) of
    /// every label's start: the `file:line:column` miette prints.
    starts: Vec<(usize, u32, u32)>,
}

impl Excerpt {
    /// Builds the excerpt of `spans` (the diagnostic's primary span first,
    /// then its labels in this file) and returns their spans in it.
    pub(super) fn new(
        name: String,
        text: &str,
        positions: &Positions<'_>,
        spans: &[Span],
    ) -> (Excerpt, Vec<SourceSpan>) {
        let spans: Vec<ByteRange<usize>> = spans
            .iter()
            .map(|span| clamp(text, positions, *span))
            .collect();
        let groups = line_groups(positions, &spans, text.len());
        let mut excerpt = Excerpt {
            name,
            text: String::new(),
            lines: Vec::new(),
            starts: Vec::new(),
        };
        for (group, lines) in groups.iter().enumerate() {
            for number in lines.clone() {
                excerpt.push_line(text, positions, number, group, &spans);
            }
        }
        let mapped = spans
            .iter()
            .map(|span| {
                let start = excerpt.map(text, positions, span.start, false);
                let end = excerpt.map(text, positions, span.end, true).max(start);
                let at = positions.position(span.start);
                excerpt.starts.push((start, at.line - 1, at.column - 1));
                SourceSpan::new(start.into(), end - start)
            })
            .collect();
        (excerpt, mapped)
    }

    /// Appends one file line, clipped around the label points on it.
    fn push_line(
        &mut self,
        text: &str,
        positions: &Positions<'_>,
        number: u32,
        group: usize,
        spans: &[ByteRange<usize>],
    ) {
        let index = positions.index();
        let line = index.line_start(number).min(text.len())..index.line_end(text, number);
        let points = spans
            .iter()
            .flat_map(|s| [s.start, s.end])
            .filter(|p| line.contains(p) || *p == line.end);
        let anchor = points.min().unwrap_or(line.start);
        let window = window(text, line.clone(), anchor);
        let start = self.text.len();
        let prefix = if window.start > line.start {
            self.text.push_str(ELLIPSIS);
            ELLIPSIS.len()
        } else {
            0
        };
        for c in text[window.clone()].chars() {
            // A tab lays the excerpt out; anything else unsafe is escaped.
            if c == '\t' {
                self.text.push(c);
            } else {
                push_escaped(&mut self.text, c);
            }
        }
        if window.end < line.end {
            self.text.push_str(ELLIPSIS);
        }
        let end = self.text.len();
        self.text.push('\n');
        self.lines.push(Line {
            number,
            group,
            start,
            end,
            window,
            line,
            prefix,
        });
    }

    /// The excerpt offset of a file offset on one of the excerpt's lines.
    /// `end`: the offset ends a span (past a clipped window it covers the
    /// `…`).
    fn map(&self, text: &str, positions: &Positions<'_>, offset: usize, end: bool) -> usize {
        let number = positions.line_of(offset);
        let Some(line) = self.lines.iter().find(|l| l.number == number) else {
            return self.lines.last().map_or(0, |l| l.end);
        };
        if offset < line.window.start {
            line.start
        } else if offset <= line.window.end {
            let shown: usize = text[line.window.start..offset]
                .chars()
                .map(escaped_utf8_len)
                .sum();
            line.start + line.prefix + shown
        } else if line.window.end < line.line.end && !end {
            // A start cut off the right end of the line: on the `…`.
            line.end - ELLIPSIS.len()
        } else {
            // An end cut off (covering the `…`), or in the line break.
            line.end
        }
    }

    fn line_at(&self, offset: usize) -> Option<usize> {
        let index = self.lines.partition_point(|l| l.start <= offset);
        index.checked_sub(1)
    }
}

/// A span clamped to the text, on character boundaries, and cut after
/// [`MAX_LABEL_LINES`]; miette hides a label at the very end of the text,
/// so an empty span there moves back onto the last character.
fn clamp(text: &str, positions: &Positions<'_>, span: Span) -> ByteRange<usize> {
    let len = text.len();
    let mut start = floor_char_boundary(text, span.start as usize);
    let mut end = floor_char_boundary(text, (span.end as usize).max(start));
    if start == len && len > 0 {
        start = floor_char_boundary(text, len - 1);
        end = len;
    }
    let first = positions.line_of(start);
    if positions.line_of(end) > first + MAX_LABEL_LINES {
        end = positions.index().line_start(first + MAX_LABEL_LINES);
    }
    start..end
}

/// The file lines to show: each span's lines with context, merged into
/// groups of consecutive lines, in order.
fn line_groups(
    positions: &Positions<'_>,
    spans: &[ByteRange<usize>],
    len: usize,
) -> Vec<std::ops::RangeInclusive<u32>> {
    // A final line break ends the last line; it does not start another.
    let last_line = positions.line_of(len.saturating_sub(1));
    let mut ranges: Vec<(u32, u32)> = spans
        .iter()
        .map(|span| {
            let first = positions.line_of(span.start);
            let last = positions.line_of(span.end.saturating_sub(1).max(span.start));
            (
                first.saturating_sub(CONTEXT_LINES),
                (last + CONTEXT_LINES).min(last_line),
            )
        })
        .collect();
    ranges.sort_unstable();
    let mut groups: Vec<(u32, u32)> = Vec::new();
    for (first, last) in ranges {
        match groups.last_mut() {
            Some(group) if first <= group.1.saturating_add(1) => group.1 = group.1.max(last),
            _ => groups.push((first, last)),
        }
    }
    groups.into_iter().map(|(a, b)| a..=b).collect()
}

/// The part of a line to show: all of it when it is short, otherwise a
/// window from a little before `anchor`.
fn window(text: &str, line: ByteRange<usize>, anchor: usize) -> ByteRange<usize> {
    let short = line.len() <= MAX_LINE_CHARS
        || (line.len() <= 4 * MAX_LINE_CHARS
            && text[line.clone()].chars().count() <= MAX_LINE_CHARS);
    if short {
        return line;
    }
    let anchor = anchor.clamp(line.start, line.end);
    let start = text[line.start..anchor]
        .char_indices()
        .rev()
        .nth(WINDOW_BEFORE - 1)
        .map_or(line.start, |(i, _)| line.start + i);
    let end = text[anchor..line.end]
        .char_indices()
        .nth(WINDOW_AFTER)
        .map_or(line.end, |(i, _)| anchor + i);
    start..end
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let last = (start + span.len()).saturating_sub(1).max(start);
        let (Some(first), Some(end_line)) = (self.line_at(start), self.line_at(last)) else {
            return Err(MietteError::OutOfBounds);
        };
        let group = self.lines[first].group;
        // Lines of two groups are not neighbours in the file: refusing the
        // read keeps miette from joining their contexts into one snippet.
        if self.lines[end_line].group != group {
            return Err(MietteError::OutOfBounds);
        }
        let in_group = |i: &usize| self.lines[*i].group == group;
        let top = (first.saturating_sub(context_lines_before)..=first)
            .find(in_group)
            .unwrap_or(first);
        let bottom = (end_line..=(end_line + context_lines_after).min(self.lines.len() - 1))
            .rev()
            .find(in_group)
            .unwrap_or(end_line);
        let (data_start, column) = if context_lines_before == 0 {
            // The header's position: the label's start in the file.
            let column = self
                .starts
                .iter()
                .find(|(offset, _, _)| *offset == start)
                .map_or(0, |(_, _, column)| *column as usize);
            (start, column)
        } else {
            (self.lines[top].start, 0)
        };
        let data_end = (self.lines[bottom].end + 1).min(self.text.len());
        let data_start = data_start.min(data_end);
        let number = if context_lines_before == 0 {
            self.lines[first].number
        } else {
            self.lines[top].number
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            number as usize,
            column,
            bottom - top + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, spans: &[Span]) -> (String, Vec<SourceSpan>) {
        let positions = Positions::of_text(text);
        let (excerpt, spans) = Excerpt::new("f".into(), text, &positions, spans);
        (excerpt.text, spans)
    }

    #[test]
    fn short_lines_are_shown_whole_with_their_context() {
        let text = "a\nbb\ncc\ndd\nee\n";
        let (shown, spans) = excerpt(text, &[Span::new(6, 7)]);
        assert_eq!(shown, "bb\ncc\ndd\n");
        assert_eq!(spans[0], SourceSpan::new(4.into(), 1));
    }

    #[test]
    fn a_long_line_is_clipped_around_the_label() {
        let line = "x".repeat(200_000);
        let text = format!("{line}BAD{line}\n");
        let at = 200_000;
        let (shown, spans) = excerpt(&text, &[Span::new(at, at + 3)]);
        assert!(shown.chars().count() < 200, "{shown}");
        assert!(shown.starts_with(ELLIPSIS) && shown.ends_with("…\n"));
        let start = spans[0].offset();
        assert_eq!(&shown[start..start + spans[0].len()], "BAD");
    }

    #[test]
    fn far_apart_labels_make_separate_groups() {
        let text = "l\n".repeat(100);
        let (shown, _) = excerpt(&text, &[Span::new(180, 181), Span::new(2, 3)]);
        assert_eq!(shown.lines().count(), 6);
    }

    #[test]
    fn control_characters_are_escaped_and_spans_follow() {
        let text = "team \"\u{1b}[31mred\" x\n";
        let (shown, spans) = excerpt(text, &[Span::new(16, 17)]);
        assert_eq!(shown, "team \"\\u{1b}[31mred\" x\n");
        let start = spans[0].offset();
        assert_eq!(&shown[start..start + 1], "x");
    }
}
