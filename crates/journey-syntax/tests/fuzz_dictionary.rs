//! The fuzzers' dictionary (`fuzz/journey.dict`) holds every statement
//! keyword and every keyword value of the language, so that a keyword added
//! later is fuzzed too.

use std::collections::BTreeSet;

use journey_syntax::ast::{Approach, Direction, PainSeverity, Phase, Segment};
use journey_syntax::KEYWORDS;

const DICTIONARY: &str = include_str!("../../../fuzz/journey.dict");

/// The values of the dictionary's `name="value"` entries (comments and
/// blank lines skipped; `\\` and `\xNN` escapes are not needed for words).
fn entries() -> BTreeSet<&'static str> {
    DICTIONARY
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (_, value) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("not a `name=\"value\"` entry: {line}"));
            assert!(
                value.len() >= 2 && value.starts_with('"') && value.ends_with('"'),
                "the value is not quoted: {line}"
            );
            &value[1..value.len() - 1]
        })
        .collect()
}

#[test]
fn dictionary_has_every_keyword_and_keyword_value() {
    let entries = entries();
    let values = Segment::ALL
        .iter()
        .map(|v| v.as_str())
        .chain(Approach::ALL.iter().map(|v| v.as_str()))
        .chain(Phase::ALL.iter().map(|v| v.as_str()))
        .chain(PainSeverity::ALL.iter().map(|v| v.as_str()))
        .chain(Direction::ALL.iter().map(|v| v.as_str()));
    let missing: Vec<&str> = KEYWORDS
        .iter()
        .map(|doc| doc.keyword)
        .chain(values)
        .filter(|word| !entries.contains(word))
        .collect();
    assert!(
        missing.is_empty(),
        "add these words to fuzz/journey.dict: {missing:?}"
    );
}
