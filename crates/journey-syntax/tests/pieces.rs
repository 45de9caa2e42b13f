//! A file parsed in pieces gives exactly the tree of a whole parse, or is
//! parsed whole.

use journey_syntax::{parse_in_pieces, parse_whole, testgen};

fn whole(text: &str) -> String {
    format!("{:?}", parse_whole(text))
}

fn in_pieces(text: &str, piece_len: usize) -> Option<String> {
    parse_in_pieces(text, piece_len).map(|parse| format!("{parse:?}"))
}

/// Many small journeys between top-level statements, with comments, doc
/// comments, strings holding braces and statements after a `}` on its line.
fn many_journeys(count: usize) -> String {
    let mut out = String::from("\u{FEFF}team ops \"Ops }\"\npersona p { data email }\n");
    for i in 0..count {
        out.push_str(&format!(
            "// journey {i} {{\n/// Doc of j{i}.\njourney j{i} \"J {{{i}\" {{\n    goal \"g}}\"\n    owner ops\n    /* a {{ block }} comment */\n    stage s1 \"D\" {{\n        touchpoint t1 \"A\" {{ channel email emotion 2 }}\n    }} // after }}\n    /// The second stage.\n    stage s2 {{ touchpoint t2 {{ channel web emotion -1 }} }}\n    kpi k{i} {{ target 80% }}\n}} team t{i}\nchannel c{i} \"C\" {{ requires email }}\n"
        ));
    }
    out
}

#[test]
fn a_generated_journey_in_pieces_is_its_whole_parse() {
    for lines in [300, 2_000, 10_000] {
        let text = testgen::journey(lines);
        for piece_len in [1, 100, 1_000, 7_919, 50_000] {
            let pieces = in_pieces(&text, piece_len);
            if piece_len < text.len() / 2 {
                assert!(pieces.is_some(), "{lines} lines in pieces of {piece_len}");
            }
            if let Some(pieces) = pieces {
                assert_eq!(
                    pieces,
                    whole(&text),
                    "{lines} lines in pieces of {piece_len}"
                );
            }
        }
    }
}

#[test]
fn many_journeys_in_pieces_are_their_whole_parse() {
    let text = many_journeys(40);
    assert!(parse_whole(&text).errors.is_empty());
    for piece_len in [1, 50, 333, 1_000, 4_000] {
        let pieces = in_pieces(&text, piece_len).expect("valid text is parsed in pieces");
        assert_eq!(pieces, whole(&text), "pieces of {piece_len}");
    }
}

#[test]
fn parse_takes_the_pieces_of_a_large_file() {
    let text = testgen::journey(20_000);
    assert!(text.len() >= 2 * journey_syntax::PIECE_LEN);
    assert_eq!(format!("{:?}", journey_syntax::parse(&text)), whole(&text));
}

/// Every small edit of a text that is cut in many places: the pieces agree
/// with a whole parse whenever they are taken, and are never taken for text
/// with a syntax error.
#[test]
fn every_small_edit_in_pieces_is_its_whole_parse_or_is_parsed_whole() {
    let text = many_journeys(3);
    let inserts = [
        "",
        "}",
        "{",
        "\"",
        "/*",
        "*/",
        "//",
        "\n",
        "\r",
        "\\",
        "x",
        " ",
        "\u{FEFF}",
        "journey j {",
        "stage s {",
    ];
    let mut taken = 0;
    let mut cases = 0;
    for start in 0..=text.len() {
        if !text.is_char_boundary(start) {
            continue;
        }
        for insert in inserts {
            for len in [0, 1] {
                let end = start + len;
                if (len == 0 && insert.is_empty())
                    || end > text.len()
                    || !text.is_char_boundary(end)
                {
                    continue;
                }
                let mut edited = text.clone();
                edited.replace_range(start..end, insert);
                cases += 1;
                if let Some(pieces) = in_pieces(&edited, 1) {
                    taken += 1;
                    let expected = parse_whole(&edited);
                    assert!(
                        expected.errors.is_empty(),
                        "pieces of broken text: {edited:?}"
                    );
                    assert_eq!(
                        pieces,
                        format!("{expected:?}"),
                        "edit {start}..{end} with {insert:?}"
                    );
                }
            }
        }
    }
    // Most edits keep the text valid only rarely; still, many must be taken.
    assert!(
        taken * 20 > cases,
        "pieces taken in {taken} of {cases} edits"
    );
}
