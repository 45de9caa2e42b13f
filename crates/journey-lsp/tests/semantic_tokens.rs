//! The LSP encoding of semantic tokens: relative positions, lengths in the
//! negotiated unit, and multi-line tokens cut per line unless the client
//! reads them whole.

use std::sync::Arc;

use journey_ide::ParsedFile;
use journey_lsp::proto::{self, Text};
use journey_syntax::ColumnUnit;

const TEXT: &str = "/* 😀 one\r\ntwo */ team ł\n";

fn encoded(unit: ColumnUnit, multiline: bool) -> Vec<[u32; 5]> {
    let file = ParsedFile::new("/p/a.journey", Arc::from(TEXT));
    let fs = journey_check::MemoryFileSystem::new().with("/p/a.journey", TEXT);
    let analysis = journey_check::analyse_file(&fs, std::path::Path::new("/p/a.journey"));
    let tokens = journey_ide::semantic_tokens(&analysis);
    proto::semantic_tokens(Text::of(&file, unit), &tokens, multiline)
        .into_iter()
        .map(|t| {
            [
                t.delta_line,
                t.delta_start,
                t.length,
                t.token_type,
                t.token_modifiers_bitset,
            ]
        })
        .collect()
}

fn index_of(kind: &str) -> u32 {
    proto::TOKEN_TYPES
        .iter()
        .position(|t| t.as_str() == kind)
        .unwrap() as u32
}

#[test]
fn a_comment_across_lines_is_cut_per_line_in_utf16() {
    let (comment, keyword, class) = (index_of("comment"), index_of("keyword"), index_of("class"));
    assert_eq!(
        encoded(ColumnUnit::Utf16, false),
        [
            // `/* 😀 one` without the line break; 😀 is two UTF-16 units.
            [0, 0, 9, comment, 0],
            [1, 0, 6, comment, 0],
            [0, 7, 4, keyword, 0],
            [0, 5, 1, class, 1],
        ]
    );
}

#[test]
fn utf8_lengths_are_bytes_and_multiline_tokens_stay_whole() {
    let (comment, keyword, class) = (index_of("comment"), index_of("keyword"), index_of("class"));
    assert_eq!(
        encoded(ColumnUnit::Utf8, true),
        [
            [0, 0, "/* 😀 one\r\ntwo */".len() as u32, comment, 0],
            [1, 7, 4, keyword, 0],
            [0, 5, 2, class, 1],
        ]
    );
}
