//! The incremental re-parse gives exactly the tree and errors of a full parse.

use std::sync::Arc;

use journey_ide::ParsedFile;
use journey_syntax::reparse::{reparse, reparse_owned, Edit};

const TEXT: &str = r#"team sales "Sales"
// a comment
persona p { data email, phone }
/// The journey.
journey big "Big" {
    goal "g"
    for p
    owner sales
    /// First stage.
    stage s0 "Stage 0" {
        phase usage
        // inside
        touchpoint t0 "Touchpoint 0" {
            channel email
            emotion 3
            next t1
            desired d0 { target 30% }
            completed d0 10 of 40
        }
    }
    stage s1 "Stage 1" { touchpoint t1 { channel web emotion 4 } } // trailing
    stage s2 { touchpoint t2 { channel web emotion 4 next t1 } }
}
/* after */
team other
"#;

fn full(text: &str) -> String {
    format!("{:?}", journey_syntax::parse(text))
}

/// Makes every small edit of `text` and compares both incremental paths
/// with a full parse; returns how often the incremental path was taken.
fn check_every_small_edit(text: &str) -> usize {
    let old = journey_syntax::parse(text);
    let inserts = [
        "x", "", " ", "\n", "}", "{", "\"", "/", "// c\n", "stage ", "channel ", "9", "\r", "\\",
    ];
    let mut reused = 0;
    for start in 0..text.len() {
        for len in [0, 1, 3] {
            let old_end = (start + len).min(text.len());
            for insert in inserts {
                if len == 0 && insert.is_empty() {
                    continue;
                }
                let mut new_text = text.to_string();
                new_text.replace_range(start..old_end, insert);
                let edit = Edit {
                    start,
                    old_end,
                    new_len: insert.len(),
                };
                let copied = reparse(&old, &new_text, edit);
                let owned = reparse_owned(old.clone(), &new_text, edit).map(|(parse, _)| parse);
                // The parse made in place equals a fresh one.
                let previous = ParsedFile::from_parse(
                    "/tmp/a.journey",
                    Arc::from(text),
                    Arc::new(old.clone()),
                );
                let edited =
                    ParsedFile::edited_from(Arc::new(previous), Arc::from(new_text.as_str()), edit);
                assert_eq!(
                    format!("{:?}", edited.parse),
                    full(&new_text),
                    "parse in place after edit {edit:?} with {insert:?}"
                );
                match (copied, owned) {
                    (Some(copied), Ok(owned)) => {
                        reused += 1;
                        let expected = full(&new_text);
                        assert_eq!(
                            format!("{copied:?}"),
                            expected,
                            "edit {edit:?} with {insert:?}"
                        );
                        assert_eq!(
                            format!("{owned:?}"),
                            expected,
                            "edit {edit:?} with {insert:?}"
                        );
                    }
                    (None, Err(given_back)) => {
                        assert_eq!(format!("{given_back:?}"), format!("{old:?}"));
                    }
                    (copied, owned) => panic!(
                        "edit {edit:?} with {insert:?}: copied {} but owned {}",
                        copied.is_some(),
                        owned.is_ok()
                    ),
                }
            }
        }
    }
    reused
}

// The reuse floors below count the edits re-parsed in place: each test
// must exercise the incremental path, not only the fallback. Text with a
// syntax error is always parsed whole (recovery looks past any region), so
// the broken texts take the incremental path never; their edits still have
// to match a full parse.
#[test]
fn every_small_edit_matches_a_full_parse() {
    let reused = check_every_small_edit(TEXT);
    assert!(
        reused > 6_000,
        "the incremental path was taken {reused} times"
    );
}

/// A journey with broken statements of its own, doc comments between its
/// stages and statements after its last stage.
const BROKEN: &str = r#"journey j {
    goal "g"
    stge oops
    /// Stage a.
    stage a { touchpoint t { channel web } } // after a
    owner x
    /// Stage b,
    /// two lines.
    stage b {}
    stage { }
    for p
}
"#;

/// Top-level statements of every kind, with doc comments, broken lines and
/// a file that ends without a line break.
const TOP_LEVEL: &str = r#"import "shared.journey"
team sales "Sales"
/// The buyers.
persona buyer { segment b2b }
tem oops
channel kiosk { requires email }
/* block */ team support
journey j { stage s {} }
}
persona last"#;

/// [`TOP_LEVEL`] without its broken lines.
const TOP_LEVEL_CLEAN: &str = r#"import "shared.journey"
team sales "Sales"
/// The buyers.
persona buyer { segment b2b }
channel kiosk { requires email }
/* block */ team support
journey j { stage s {} }
persona last {}"#;

/// Strings and comments next to line breaks of every style (LF, CR LF and
/// a lone CR), an unterminated string, a broken header and a broken line:
/// edits that open or close a string or a comment, or join or split lines.
const LEXICAL: &str = "team a \"A\"\r// c\rteam b\r\njourney j \"J\" {\r\n    goal \"g\" // note\r    stage s \"S {\r        touchpoint t { channel web }\r    }\r    stage u { touchpoint v { emotion 3 } }\n    owner x /* b */\n    goal \"open\n    stge \"a\\\\\" \\\n    description \"d\\\"\"\n    stage w {}\n}\rpersona may share\rteam c\njourney k { goal \"g\" stage s { description \"d\" } stage t {} owner o } team x \"X\" team y\rjourney m { stage n { touchpoint p { emotion 3 } } }";

/// [`LEXICAL`] without its syntax errors.
const LEXICAL_CLEAN: &str = "team a \"A\"\r// c\rteam b\r\njourney j \"J\" {\r\n    goal \"g\" // note\r    stage s \"S\" {\r        touchpoint t { channel web }\r    }\r    stage u { touchpoint v { emotion 3 } }\n    owner x /* b */\n    description \"d\\\"\"\n    stage w {}\n}\rteam c\njourney m { stage n { touchpoint p { emotion 3 } } }";

#[test]
fn the_texts_are_clean_or_broken_as_their_names_say() {
    for clean in [TEXT, TOP_LEVEL_CLEAN, LEXICAL_CLEAN] {
        let errors = journey_syntax::parse(clean).errors;
        assert!(errors.is_empty(), "{clean:?}: {errors:?}");
    }
    for broken in [BROKEN, TOP_LEVEL, LEXICAL] {
        assert!(
            !journey_syntax::parse(broken).errors.is_empty(),
            "{broken:?}"
        );
    }
}

#[test]
fn every_small_edit_between_top_level_statements_matches_a_full_parse() {
    assert_eq!(check_every_small_edit(TOP_LEVEL), 0);
    let reused = check_every_small_edit(TOP_LEVEL_CLEAN);
    assert!(
        reused > 1_500,
        "the incremental path was taken {reused} times"
    );
}

#[test]
fn every_small_edit_of_a_broken_journey_matches_a_full_parse() {
    assert_eq!(check_every_small_edit(BROKEN), 0);
}

#[test]
fn every_small_edit_of_strings_comments_and_line_breaks_matches_a_full_parse() {
    assert_eq!(check_every_small_edit(LEXICAL), 0);
    let reused = check_every_small_edit(LEXICAL_CLEAN);
    assert!(
        reused > 700,
        "the incremental path was taken {reused} times"
    );
}

#[test]
fn a_parse_after_an_edit_equals_a_fresh_one() {
    let path = std::path::PathBuf::from("/tmp/a.journey");
    let old = ParsedFile::new(path.clone(), Arc::from(TEXT));
    let at = TEXT.find("Touchpoint 0").unwrap() + 3;
    let mut text = TEXT.to_string();
    text.insert(at, 'x');
    let edited = old.edited(
        Arc::from(text.as_str()),
        Edit {
            start: at,
            old_end: at,
            new_len: 1,
        },
    );
    let fresh = ParsedFile::new(path, Arc::from(text.as_str()));
    assert_eq!(format!("{:?}", edited.parse), format!("{:?}", fresh.parse));
}

/// Chains of random edits (pieces of statements, quotes, braces, comment
/// markers and line breaks of every style) over the examples: after each,
/// the incremental parse equals a full parse.
#[test]
fn random_edit_chains_over_the_examples_match_a_full_parse() {
    const PIECES: &[&str] = &[
        "\"",
        "{",
        "}",
        "\n",
        "\r",
        "\r\n",
        "//",
        "/*",
        "*/",
        "///",
        " ",
        "x",
        "stage s {",
        "}",
        "touchpoint t {",
        "goal \"g",
        "\\",
        "emotion 3",
        "9",
        "ż",
        "😀",
        "persona p",
        ",",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "journey"))
        .collect();
    names.sort();
    for path in names {
        let mut text = std::fs::read_to_string(&path).unwrap();
        let mut parse = journey_syntax::parse(&text);
        for _ in 0..300 {
            let mut start = next(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut old_end = (start + [0, 0, 1, 4][next(4)]).min(text.len());
            while !text.is_char_boundary(old_end) {
                old_end += 1;
            }
            let insert = PIECES[next(PIECES.len())];
            let mut new_text = text.clone();
            new_text.replace_range(start..old_end, insert);
            let edit = Edit {
                start,
                old_end,
                new_len: insert.len(),
            };
            let expected = journey_syntax::parse(&new_text);
            if let Some(incremental) = reparse(&parse, &new_text, edit) {
                assert_eq!(
                    format!("{incremental:?}"),
                    format!("{expected:?}"),
                    "{}: edit {edit:?} with {insert:?} of\n{text}",
                    path.display()
                );
            }
            text = new_text;
            parse = expected;
        }
    }
}
