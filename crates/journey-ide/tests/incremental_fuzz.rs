//! Edits found by the `incremental_edits` fuzz target (fuzz/) where the
//! incremental re-parse differed from a full parse. Each case is the text
//! before the edit, the replaced byte range and the inserted text.

use journey_syntax::reparse::{reparse, Edit};

/// The re-parse after the edit, when it is taken, equals a full parse.
fn assert_reparse_matches_full_parse(text: &str, start: usize, old_end: usize, insert: &str) {
    let old = journey_syntax::parse(text);
    let mut new_text = text.to_string();
    new_text.replace_range(start..old_end, insert);
    let edit = Edit {
        start,
        old_end,
        new_len: insert.len(),
    };
    if let Some(reparsed) = reparse(&old, &new_text, edit) {
        assert_eq!(
            format!("{reparsed:?}"),
            format!("{:?}", journey_syntax::parse(&new_text)),
            "{text:?} with {start}..{old_end} replaced by {insert:?}"
        );
    }
}

/// The full parse listed an unterminated block comment's error before the
/// errors of the statements above it; the re-parse splices a statement's
/// errors in by position, so the two lists came out in different orders.
#[test]
fn error_before_an_unterminated_block_comment() {
    assert_reparse_matches_full_parse("persona p e{}/*", 9, 10, "%");
    assert_reparse_matches_full_parse("team a \"A\"\n}\npersona p data e{\n}/*", 27, 28, "%");
}

/// A broken header (`journey j` without its `{`) used to report its error at
/// the first token of the next line (`import`), so that re-parsing that next
/// statement after an edit inside it dropped the error. The error now stands
/// on the header's own line.
#[test]
fn broken_header_error_in_the_next_statement() {
    assert_reparse_matches_full_parse("journey j\nimport \"ad\t", 19, 20, "x");
    assert_reparse_matches_full_parse(
        "journey dosgd\nteam gol \"Keword\0\u{FFFD}",
        24,
        24,
        "\u{FFFD}",
    );
}

/// A `"` typed into an id opens a string that runs to the end of its line,
/// over the broken statement that followed on the same line (`N`): the
/// statement is re-parsed with the run around it, as a full parse would.
#[test]
fn string_opened_by_an_edit_runs_into_the_next_statement() {
    assert_reparse_matches_full_parse(
        ".\nteam never_usedstage   N\never us// c\n\"\n\r\nersona",
        11,
        12,
        "\"",
    );
}

/// A byte-order mark in the middle of a file is junk to a full parse, but
/// a re-parsed region that starts with it read it as the file's own mark
/// (the grammar skips a leading one) and lost the error.
#[test]
fn a_byte_order_mark_after_a_block_is_not_the_files_own() {
    let text = "persona ok {\n}\u{feff}\nteam a\n";
    let at = text.find("team").unwrap();
    assert_reparse_matches_full_parse(text, at, at + 4, "team");
    assert_reparse_matches_full_parse(text, at + 5, at + 6, "b");
}

/// A block typed inside a block that cannot hold it closes that block
/// (LANGUAGE.md §4): the statements after it change owner, which a region
/// parsed on its own cannot see (found by the `incremental_edits` target).
#[test]
fn a_block_typed_where_it_closes_the_enclosing_one() {
    let text = "pe\u{12}sona buyer \"Buyer\" { data email }\npersona user \"User\" -da\u{FFFD}\u{c}ta email }\n\njourcny erm \"CRM\" {\n\0   goal \"g\"\n    r ofbuyer, user\n    stage s \"S\" {\n        touchpoint kickonf \"Kick-off\" {\n            channel email\n            emotion 6\n      ,      emotion 1 \"worried\" for user\n        }\n    }\n}\n";
    assert_reparse_matches_full_parse(text, 225, 225, "touchpoint t {");
}
