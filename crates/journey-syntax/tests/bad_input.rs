//! Input that must give diagnostics, never a panic, a hang or a stack
//! overflow.

use journey_syntax::{decode, parse, ColumnUnit, LineIndex};

fn spec_example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/syntax/ok/spec_example.journey"
    ))
    .unwrap()
}

#[test]
fn not_utf8_is_one_diagnostic_at_the_first_bad_byte() {
    let bytes = b"team a \"caf\xE9\"\nteam b \"\xFF\"\n";
    let diagnostic = decode(bytes).unwrap_err();
    assert_eq!(diagnostic.code, "invalid-utf8");
    assert_eq!(diagnostic.span.start, 11);
}

#[test]
fn the_invalid_utf8_span_is_the_replacement_character_in_the_shown_text() {
    for bytes in [
        &b"team a \"caf\xE9\"\n"[..],
        b"\xFF",
        b"team \xF0\x9F\x98",
        b"ok\r\xC3",
    ] {
        let diagnostic = decode(bytes).unwrap_err();
        let shown = String::from_utf8_lossy(bytes);
        let span = diagnostic.span.range();
        assert!(!span.is_empty(), "{bytes:?}");
        assert_eq!(shown.get(span), Some("\u{FFFD}"), "{bytes:?}");
        // Columns (what JSON, SARIF and GitHub output show) differ at its
        // start and end.
        let index = LineIndex::new(&shown);
        let start = index.line_col(&shown, diagnostic.span.start as usize, ColumnUnit::Char);
        let end = index.line_col(&shown, diagnostic.span.end as usize, ColumnUnit::Char);
        assert_eq!(end.col, start.col + 1, "{bytes:?}");
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = format!("\u{FEFF}{}", spec_example());
    assert!(parse(&text).errors.is_empty());
}

#[test]
fn crlf_line_endings_parse_and_keep_columns_right() {
    let text = spec_example().replace('\n', "\r\n");
    assert!(parse(&text).errors.is_empty());
    let broken =
        "journey j {\r\n    goal \"x\"\r\n    stage s {\r\n        phase later\r\n    }\r\n}\r\n";
    let parse = parse(broken);
    assert_eq!(parse.errors.len(), 1);
    let at = LineIndex::new(broken).line_col(
        broken,
        parse.errors[0].span.start as usize,
        ColumnUnit::Char,
    );
    assert_eq!((at.line + 1, at.col + 1), (4, 15));
    assert_eq!(&broken[parse.errors[0].span.range()], "later");
}

#[test]
fn fifty_thousand_nested_braces_are_a_diagnostic() {
    for text in [
        "{".repeat(50_000),
        format!("journey j {{\n{}", "x {".repeat(50_000)),
    ] {
        let parse = parse(&text);
        assert!(!parse.errors.is_empty());
    }
}

#[test]
fn fifty_thousand_unclosed_blocks_are_quick_and_one_diagnostic() {
    let text = format!("journey j {{\n{}", "stage s {\n".repeat(50_000));
    let parse = parse(&text);
    assert!(!parse.errors.is_empty());
}

#[test]
fn deeply_nested_misspelt_blocks_are_quick() {
    // Each misspelt block is parsed again on its own: only the outer few
    // are, so this stays linear (and within the stack).
    for (open, close) in [("stge s {\n", ""), ("stge s {\n", "}\n")] {
        let text = format!(
            "journey j {{\n{}{}}}\n",
            open.repeat(20_000),
            close.repeat(20_000)
        );
        let started = std::time::Instant::now();
        let parse = parse(&text);
        assert!(!parse.errors.is_empty());
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }
}

#[test]
fn many_misspelt_blocks_are_one_error_each() {
    let text = format!(
        "journey j {{\n{}}}\n",
        "    stge s {\n        touchpoint t { channel web }\n    }\n".repeat(5_000)
    );
    assert_eq!(parse(&text).errors.len(), 5_000);
}

#[test]
fn a_five_megabyte_line_is_a_diagnostic() {
    let long = "x".repeat(5_000_000);
    assert_eq!(parse(&long).errors.len(), 1);
    let string = format!("journey j {{ goal \"{long}\n}}\n");
    let parse = parse(&string);
    assert_eq!(parse.errors.len(), 1);
    assert!(parse.errors[0].message.contains("unterminated string"));
}

#[test]
fn nul_bytes_are_syntax_errors() {
    let parse = parse("journey j {\0\0 goal \"a\0\"\n}\n");
    assert!(parse.errors.iter().all(|d| d.code == "syntax-error"));
    assert!(!parse.errors.is_empty());
}

/// A small deterministic generator (xorshift), so the test needs no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_bytes_and_mutated_journeys_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..rng.below(400)).map(|_| rng.next() as u8).collect();
        match decode(&bytes) {
            Ok(text) => drop(parse(text)),
            Err(d) => assert_eq!(d.code, "invalid-utf8"),
        }
    }
    let example = spec_example();
    let pieces = [
        "{", "}", "\"", "/*", "//", "\n", "..", "%", "ż", "😀", "\0", " of ", "-", "1",
    ];
    for _ in 0..300 {
        let mut text = example.clone();
        for _ in 0..1 + rng.below(6) {
            let mut at = rng.below(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            if rng.below(2) == 0 {
                text.insert_str(at, pieces[rng.below(pieces.len())]);
            } else {
                let mut end = (at + rng.below(20)).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(at..end, "");
            }
        }
        let parse = parse(&text);
        for d in &parse.errors {
            assert!(d.span.end as usize <= text.len());
            assert!(text.is_char_boundary(d.span.start as usize));
            assert!(text.is_char_boundary(d.span.end as usize));
        }
    }
}
