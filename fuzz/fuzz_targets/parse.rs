//! Arbitrary bytes → `decode` + `parse`: never panics; every diagnostic and
//! every node of the tree has a span inside the text, on character
//! boundaries; comments come in source order without overlapping; parsed
//! in pieces (cut as small as they can be), the text gives exactly the
//! whole parse, or is parsed whole.
#![no_main]

use journey_fuzz::{
    assert_diagnostic_in, assert_span_in, assert_visitor_sees_every_span, tree_spans,
};
use journey_syntax::{decode, parse, parse_in_pieces};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match decode(data) {
        Ok(text) => text,
        Err(diagnostic) => {
            // The span covers the replacement character that stands for the
            // first bad byte in the text as shown (lossily decoded); the
            // bytes before it are the same in both.
            let shown = String::from_utf8_lossy(data);
            let (start, end) = (diagnostic.span.start as usize, diagnostic.span.end as usize);
            assert!(
                start < end
                    && shown.get(start..end) == Some("\u{FFFD}")
                    && std::str::from_utf8(&data[..start]).is_ok(),
                "invalid-utf8 span {start}..{end} of {} bytes",
                data.len()
            );
            return;
        }
    };
    let parse = parse(text);
    for error in &parse.errors {
        assert_diagnostic_in(text, error);
    }
    for span in tree_spans(&parse.file) {
        assert_span_in(text, span, "syntax tree node");
    }
    assert_visitor_sees_every_span(&parse.file);
    let mut previous_end = 0;
    for comment in &parse.file.comments {
        assert!(
            comment.span.start >= previous_end,
            "comment {:?} overlaps the one before it",
            comment.span
        );
        let body = &text[comment.span.range()];
        assert!(
            body.starts_with("//") || body.starts_with("/*"),
            "comment {:?} is {body:?}",
            comment.span
        );
        previous_end = comment.span.end;
    }
    if let Some(pieces) = parse_in_pieces(text, 1) {
        assert!(parse.errors.is_empty(), "text with syntax errors parsed in pieces");
        assert_eq!(format!("{pieces:?}"), format!("{parse:?}"), "pieces differ from the whole parse");
    }
});
