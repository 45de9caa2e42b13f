//! Random edits for soak runs (the soak test and the latency bench's memory
//! run): deterministic, so failures reproduce.

use journey_syntax::{ColumnUnit, LineCol, LineIndex};
use serde_json::{json, Value};

/// A small deterministic PRNG (xorshift).
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What gets typed: letters, multi-byte characters, line ends, braces,
/// quotes and pieces of statements.
const PIECES: &[&str] = &[
    "a",
    "ż",
    "😀",
    " ",
    "\n",
    "{",
    "}",
    "\"",
    "stage x {",
    "touchpoint t {",
    "emotion 3",
    "channel sms",
    "next t",
    "owner marketing",
    "for traveler",
    "// note\n",
    "kpi nps {",
    "completed book_room 1 of 2",
    "é",
    "\r\n",
    "\r",
    "// lone CR\r",
    "🚀🚀",
    "desired d",
    "promise p \"x\"",
    "keeps p",
];

/// One edit made to `shadow`: the `contentChanges` entry that tells the
/// server, and the position of its start.
pub(crate) struct RandomEdit {
    pub change: Value,
    pub at: LineCol,
}

/// Makes a random edit to `shadow`: mostly insertions, sometimes a
/// replacement or a deletion, at positions that are sometimes past the end
/// of a line or of the file (the server must clamp them).
pub(crate) fn random_edit(shadow: &mut String, rng: &mut Rng, unit: ColumnUnit) -> RandomEdit {
    let index = LineIndex::new(shadow);
    let position = |rng: &mut Rng| {
        let line = rng.below(index.line_count() + 2) as u32;
        let col = rng.below(90) as u32;
        let lc = LineCol { line, col };
        (lc, index.offset(shadow, lc, unit))
    };
    let (mut a, mut b) = (position(rng), position(rng));
    if rng.below(3) != 0 {
        b = a;
    }
    if a.1 > b.1 {
        std::mem::swap(&mut a, &mut b);
    }
    if b.1 - a.1 > 200 {
        b = a;
    }
    let inserted = if rng.below(4) == 0 {
        ""
    } else {
        PIECES[rng.below(PIECES.len())]
    };
    shadow.replace_range(a.1..b.1, inserted);
    let range = json!({
        "start": { "line": a.0.line, "character": a.0.col },
        "end": { "line": b.0.line, "character": b.0.col }
    });
    RandomEdit {
        change: json!({ "range": range, "text": inserted }),
        at: a.0,
    }
}
