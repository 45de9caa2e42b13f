//! The syntax of the journey language: text → typed tree plus errors.
//!
//! Parsing never fails: [`parse`] always returns a [`SourceFile`] and the
//! `syntax-error` diagnostics of every broken statement. [`decode`] turns raw
//! bytes into text or one `invalid-utf8` diagnostic.

// The generated parser refers to `crate::alloc` when pest is built without `std`.
extern crate alloc;

pub mod ast;
pub mod date;
pub mod diagnostic;
pub mod keywords;
mod lower;
mod pieces;
pub mod reparse;
pub mod shift;
pub mod suggest;
#[doc(hidden)]
pub mod testgen;
pub mod text;

pub use ast::SourceFile;
/// The string type of the tree's names and strings (and the model's): up to
/// 24 bytes inline, with no allocation.
pub use compact_str::{CompactString, ToCompactString};
pub use diagnostic::{Diagnostic, Fix, Label, Replacement, Severity};
pub use keywords::{keyword_doc, BlockKind, KeywordDoc, KEYWORDS};
pub use suggest::{closest, closest_within, edit_distance_within};
pub use text::{ColumnUnit, LineCol, LineEnding, LineIndex, Span};

/// The pest parser generated from `grammar/journey.pest`.
pub mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../../grammar/journey.pest"]
    pub struct JourneyParser;
}

/// A parsed file: the tree of everything that parsed, and the syntax errors.
#[derive(Clone, Debug, Default)]
pub struct Parse {
    pub file: SourceFile,
    pub errors: Vec<Diagnostic>,
}

/// Parses a file's text. Never fails and never panics.
///
/// A large file is parsed in pieces on several threads when that gives the
/// same result as a whole parse (see [`parse_in_pieces`]).
pub fn parse(text: &str) -> Parse {
    if text.len() >= 2 * pieces::PIECE_LEN {
        if let Some(parse) = pieces::parse_in_pieces(text, pieces::PIECE_LEN) {
            return parse;
        }
    }
    parse_whole(text)
}

/// Parses a file's text in one piece, on the calling thread.
pub fn parse_whole(text: &str) -> Parse {
    lower::parse(text)
}

pub use pieces::{parse_in_pieces, PIECE_LEN};

/// Decodes a file's bytes as UTF-8, or reports the first invalid byte.
///
/// A file that is not UTF-8 is shown with its bad bytes replaced
/// ([`String::from_utf8_lossy`], as every renderer and the checker do): the
/// diagnostic's span is the replacement character `U+FFFD` that stands for
/// the first bad sequence in that text. It is never empty, and valid in the
/// text the renderers use (the bytes before it are the same in both).
pub fn decode(bytes: &[u8]) -> Result<&str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        Diagnostic::error(
            diagnostic::INVALID_UTF8,
            Span::new(at, at + char::REPLACEMENT_CHARACTER.len_utf8()),
            format!(
                "the file is not valid UTF-8: byte 0x{:02X} at offset {at} cannot start or continue a character",
                bytes[at]
            ),
        )
        .with_help("save the file with UTF-8 encoding")
    })
}
