//! Offset ↔ line/column conversion costs no more than a short scan, however
//! long the line: many diagnostics on one huge line stay linear.

// Tests print what they skipped or measured.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::{Duration, Instant};

use journey_syntax::{ColumnUnit, LineIndex};

#[test]
fn a_hundred_thousand_positions_on_a_five_megabyte_line() {
    // One line of Polish text with emoji: every column needs counting.
    let unit = "zażółć gęślą jaźń 😀 ";
    let text = unit.repeat(5_200_000 / unit.len());
    assert!(text.len() > 5_000_000);
    let started = Instant::now();
    let index = LineIndex::new(&text);
    let step = text.len() / 100_000;
    let mut checksum = 0u64;
    for i in 0..100_000 {
        let offset = i * step;
        for unit in [ColumnUnit::Utf16, ColumnUnit::Char] {
            let position = index.line_col(&text, offset, unit);
            checksum += u64::from(position.col);
            let back = index.offset(&text, position, unit);
            assert!(back <= offset && offset - back < 4, "{unit:?} at {offset}");
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "index of {} bytes and 400 000 conversions: {elapsed:?}",
        text.len()
    );
    assert!(checksum > 0);
    // A scan from the line start per position would take hours; the index
    // answers in microseconds (generous bound for an unoptimised build on a
    // busy machine).
    assert!(
        elapsed < Duration::from_secs(if cfg!(debug_assertions) { 10 } else { 1 }),
        "took {elapsed:?}"
    );
}
