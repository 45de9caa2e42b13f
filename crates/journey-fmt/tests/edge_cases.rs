//! Edge cases of the whole-file layout: empty files, byte-order marks,
//! CRLF line breaks, the end of the file, syntax errors.

use journey_fmt::{format, is_formatted, FormatError};

#[test]
fn an_empty_file_stays_empty() {
    assert_eq!(format("").unwrap(), "");
    assert_eq!(format(" \n\n\t\n").unwrap(), "");
    assert!(is_formatted("").unwrap());
}

#[test]
fn a_comment_only_file_keeps_its_comment() {
    assert_eq!(format("\n\n// only this").unwrap(), "// only this\n");
    assert_eq!(format("/* a */").unwrap(), "/* a */\n");
}

#[test]
fn the_file_ends_with_exactly_one_line_break() {
    assert_eq!(format("team a").unwrap(), "team a\n");
    assert_eq!(format("team a\n\n\n").unwrap(), "team a\n");
    assert_eq!(format("team a // end   ").unwrap(), "team a // end\n");
}

#[test]
fn a_byte_order_mark_is_kept() {
    assert_eq!(format("\u{FEFF}  team a").unwrap(), "\u{FEFF}team a\n");
    assert_eq!(format("\u{FEFF}").unwrap(), "\u{FEFF}");
    assert!(is_formatted("\u{FEFF}team a\n").unwrap());
}

#[test]
fn crlf_files_keep_crlf_line_breaks() {
    let text = "team a\r\npersona p {\r\n  segment b2c // who\r\n}\r\n";
    let formatted = format(text).unwrap();
    assert_eq!(
        formatted,
        "team a\r\n\r\npersona p {\r\n    segment b2c // who\r\n}\r\n"
    );
    assert_eq!(format(&formatted).unwrap(), formatted);
    // On a tie, the first line break decides.
    assert_eq!(format("team a\nteam b\r\n").unwrap(), "team a\nteam b\n");
    // Otherwise the style most line breaks have.
    assert_eq!(
        format("team a\nteam b\r\nteam c\r\n").unwrap(),
        "team a\r\nteam b\r\nteam c\r\n"
    );
}

#[test]
fn lone_cr_files_keep_cr_and_lose_nothing() {
    // A `//` comment ends at a lone CR: `team b` is code, not comment.
    let text = "team a\r// c\rteam b\r/// Doc.\rpersona p {\r  segment b2c // who\r  needs \"zażółć 😀\"\r}\r";
    let formatted = format(text).unwrap();
    assert_eq!(
        formatted,
        "team a\r// c\rteam b\r\r/// Doc.\rpersona p {\r    segment b2c // who\r    needs \"zażółć 😀\"\r}\r"
    );
    assert!(!formatted.contains('\n'));
    assert_eq!(format(&formatted).unwrap(), formatted);
    // Mostly lone CRs with one LF: CR wins.
    assert_eq!(
        format("team a\rteam b\rteam c\n").unwrap(),
        "team a\rteam b\rteam c\r"
    );
}

#[test]
fn block_comments_are_kept_byte_for_byte() {
    let text = "persona p {\n  /* one  \n\t two\r\n   three */ segment b2c\n}\n";
    let formatted = format(text).unwrap();
    assert_eq!(
        formatted,
        "persona p {\n    /* one  \n\t two\r\n   three */ segment b2c\n}\n"
    );
    assert_eq!(format(&formatted).unwrap(), formatted);
}

#[test]
fn a_file_with_syntax_errors_is_refused_with_its_diagnostics() {
    for text in [
        "journey j {\n    goal \"unterminated\n}\n",
        "team a \"bad \\q escape\"\n",
        "journey j {\n    stage s {\n",
        "persona p { segment b3b }\n",
        "}\n",
    ] {
        match format(text) {
            Err(FormatError::Syntax(diagnostics)) => {
                assert!(!diagnostics.is_empty());
                assert!(diagnostics.iter().all(|d| d.code == "syntax-error"));
            }
            other => panic!("{text:?} gave {other:?}"),
        }
    }
}

#[test]
fn strings_and_values_are_kept_as_written() {
    let text = "journey j {\n goal \"  two  spaces, \\u{1F600} \\\"q\\\" \"\n kpi k { target 1200 \t PLN actual 212.50   EUR }\n}\n";
    assert_eq!(
        format(text).unwrap(),
        "journey j {\n    goal \"  two  spaces, \\u{1F600} \\\"q\\\" \"\n    kpi k {\n        target 1200 PLN\n        actual 212.50 EUR\n    }\n}\n"
    );
}
