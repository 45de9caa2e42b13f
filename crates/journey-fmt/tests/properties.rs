//! Properties of the formatter over every fixture of the repository
//! (`tests/fixtures/**/*.journey`), every example, and generated journeys:
//!
//! - idempotence: `format(format(x)) == format(x)`;
//! - the output parses without errors;
//! - the same comments, in the same order, before and after;
//! - the same meaning before and after: the same syntax tree without its
//!   spans ([`syntax_tree`]), and the same diagnostics and compiled JSON
//!   model ([`compiled_model`]);
//! - the canonical layout ([`assert_canonical_layout`]);
//! - a file with syntax errors is refused, never formatted.

#[path = "support/generator.rs"]
mod generator;

use std::path::{Path, PathBuf};

use journey_check::{check_file, MemoryFileSystem, RealFileSystem};
use journey_fmt::{format, FormatError};
use journey_syntax::ast::CommentKind;
use journey_syntax::parse;
use journey_syntax::text::floor_char_boundary;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.journey` file under a directory, recursively, sorted.
fn journeys_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = journey_syntax::testgen::files_under(dir, &journey_syntax::testgen::is_journey)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    files.sort();
    files
}

/// The syntax tree of a file (doc comments included) with every span
/// removed, as its `Debug` text: what the file says, wherever it says it.
fn syntax_tree(text: &str) -> String {
    let parse = parse(text);
    strip_spans(&format!("{:?}", parse.file.items))
}

/// The meaning of a file as `journey check` and `journey compile` see it:
/// every diagnostic's code, severity and message (positions aside), and,
/// when the file has no errors, its compiled JSON model (LANGUAGE.md §8).
/// The text is read as the file at `path`, and the files it imports from
/// the disk (generated texts use a path where nothing exists).
fn compiled_model(path: &Path, text: &str) -> String {
    let fs = MemoryFileSystem::overlay(&RealFileSystem).with(path, text);
    let check = check_file(&fs, path);
    let mut out = String::new();
    for d in check.analysis.diagnostics() {
        out.push_str(&format!("{} {:?} {}\n", d.code, d.severity, d.message));
    }
    if !check.analysis.has_errors() {
        let model = journey_check::compile::compile(&check.analysis);
        out.push_str(&serde_json::to_string_pretty(&model).unwrap());
    }
    out
}

/// `Span { start: 1, end: 2 }` → `_`.
fn strip_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find("Span { start: ") {
        out.push_str(&rest[..at]);
        let close = rest[at..].find('}').unwrap();
        out.push('_');
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Every comment's kind and text, in order; `//` comments without their
/// trailing whitespace (which the formatter may trim).
fn comments(text: &str) -> Vec<(CommentKind, String)> {
    parse(text)
        .file
        .comments
        .iter()
        .map(|c| {
            let body = &text[c.span.range()];
            let body = match c.kind {
                CommentKind::Block => body,
                _ => body.trim_end_matches([' ', '\t', '\r']),
            };
            (c.kind, body.to_string())
        })
        .collect()
}

/// The layout rules that hold for any formatted text (outside block
/// comments, whose inside is kept as written).
fn assert_canonical_layout(name: &str, text: &str) {
    if text.trim_start_matches('\u{FEFF}').is_empty() {
        return;
    }
    let newline = journey_syntax::LineEnding::dominant(text).as_str();
    assert!(
        text.ends_with(newline) && !text.ends_with(&format!("{newline}{newline}")),
        "{name}: the text must end with exactly one line break"
    );
    let blocks: Vec<_> = parse(text)
        .file
        .comments
        .iter()
        .filter(|c| c.kind == CommentKind::Block)
        .map(|c| c.span.range())
        .collect();
    let inside_block = |offset: usize| blocks.iter().any(|r| r.start < offset && offset < r.end);
    let mut offset = 0;
    let mut previous_blank = true;
    for line in text.split_inclusive(newline) {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if inside_block(start) {
            previous_blank = false;
            continue;
        }
        if content.is_empty() {
            assert!(
                !previous_blank,
                "{name}: a blank line after a blank line or at the start, at byte {start}:\n{text}"
            );
            previous_blank = true;
            continue;
        }
        previous_blank = false;
        let indent = content.len() - content.trim_start_matches(' ').len();
        assert!(
            indent % 4 == 0 && !content[indent..].starts_with('\t'),
            "{name}: indentation not a multiple of four spaces: {content:?}"
        );
        if !inside_block(start + content.len()) {
            assert!(
                !content.ends_with([' ', '\t']),
                "{name}: trailing whitespace: {content:?}"
            );
        }
    }
}

/// Every property of one input text, read as the file at `path`.
fn check_properties(path: &Path, text: &str) {
    let name = &path.display().to_string();
    let once = format(text).unwrap_or_else(|error| panic!("{name}: {error}\n{text}"));
    let twice = format(&once).unwrap_or_else(|error| panic!("{name} (formatted): {error}"));
    assert_eq!(once, twice, "{name}: not idempotent; input:\n{text}");
    let errors = parse(&once).errors;
    assert!(
        errors.is_empty(),
        "{name}: the output has syntax errors: {errors:?}"
    );
    assert_eq!(
        comments(text),
        comments(&once),
        "{name}: comments changed; output:\n{once}"
    );
    assert_same(name, "syntax tree", &syntax_tree(text), &syntax_tree(&once));
    assert_same(
        name,
        "compiled model",
        &compiled_model(path, text),
        &compiled_model(path, &once),
    );
    assert_canonical_layout(name, &once);
}

/// Panics with the first difference between two long texts.
fn assert_same(name: &str, what: &str, before: &str, after: &str) {
    if before != after {
        let at = before
            .bytes()
            .zip(after.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(before.len().min(after.len()));
        let from = floor_char_boundary(before, at.saturating_sub(300));
        panic!(
            "{name}: formatting changed the {what}\n  before: …{}\n  after:  …{}",
            &before[from..floor_char_boundary(before, at + 200)],
            &after[from..floor_char_boundary(after, at + 200)],
        );
    }
}

/// Where a generated text stands: a directory that does not exist.
fn generated_path(seed: u64) -> PathBuf {
    repo().join(format!("target/journey-fmt-generated/seed-{seed}.journey"))
}

#[test]
fn every_example_is_already_canonical() {
    let examples = journeys_under(&repo().join("examples"));
    assert!(examples.len() >= 6, "expected the six examples");
    for path in examples {
        let text = std::fs::read_to_string(&path).unwrap();
        let formatted = format(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if formatted != text {
            let first = text
                .lines()
                .zip(formatted.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| text.lines().count().min(formatted.lines().count()));
            panic!(
                "{} is not in canonical form; first difference at line {}:\n  file: {:?}\n  fmt:  {:?}",
                path.display(),
                first + 1,
                text.lines().nth(first),
                formatted.lines().nth(first)
            );
        }
    }
}

#[test]
fn fixtures_and_examples_keep_their_meaning() {
    let mut files = journeys_under(&repo().join("tests/fixtures"));
    files.extend(journeys_under(&repo().join("examples")));
    let mut formatted = 0;
    for path in &files {
        let name = path.display().to_string();
        let Ok(text) = String::from_utf8(std::fs::read(path).unwrap()) else {
            continue;
        };
        let unterminated_comment = parse(&text).file.comments.iter().any(|c| {
            let body = &text[c.span.range()];
            c.kind == CommentKind::Block && (body.len() < 4 || !body.ends_with("*/"))
        });
        if !parse(&text).errors.is_empty() || unterminated_comment {
            // A file with syntax errors (or that ends inside `/* …`) is
            // refused with its diagnostics.
            match format(&text) {
                Err(FormatError::Syntax(diagnostics)) => assert!(!diagnostics.is_empty()),
                other => panic!("{name}: has syntax errors, yet format gave {other:?}"),
            }
            continue;
        }
        check_properties(path, &text);
        formatted += 1;
    }
    assert!(formatted >= 15, "only {formatted} fixtures were formatted");
}

#[test]
fn generated_journeys_keep_their_meaning() {
    for seed in 0..400 {
        let mess = [0, 10, 30, 60, 100][seed as usize % 5];
        let text = generator::Generator::new(seed, mess).file(1 + (seed as usize % 6));
        let errors = parse(&text).errors;
        assert!(
            errors.is_empty(),
            "generator seed {seed} wrote an invalid file: {errors:?}\n{text}"
        );
        check_properties(&generated_path(seed), &text);
    }
}

#[test]
fn messy_layouts_of_the_examples_keep_their_compiled_model() {
    for path in journeys_under(&repo().join("examples")) {
        let text = std::fs::read_to_string(&path).unwrap();
        for seed in 0..25 {
            let messy = generator::messify(&text, seed);
            let errors = parse(&messy).errors;
            assert!(
                errors.is_empty(),
                "{} seed {seed}: {errors:?}",
                path.display()
            );
            // The examples compile, so their JSON models are compared.
            assert!(
                compiled_model(&path, &messy).contains("\"journeys\""),
                "{} seed {seed} does not compile",
                path.display()
            );
            check_properties(&path, &messy);
        }
    }
}

#[test]
fn a_generated_big_journey_keeps_its_meaning() {
    let text = generator::Generator::big_journey(7, 3_000, 40);
    assert!(parse(&text).errors.is_empty());
    check_properties(&generated_path(1_000_000), &text);
}

fn apply(text: &str, edits: &[journey_fmt::TextEdit]) -> String {
    let mut out = text.to_string();
    for edit in edits.iter().rev() {
        out.replace_range(edit.range(), &edit.new_text);
    }
    out
}

#[test]
fn range_formatting_is_partial_whole_formatting() {
    let mut rng = generator::Rng::new(99);
    for seed in 0..200 {
        let text = generator::Generator::new(seed, [10, 40, 100][seed as usize % 3]).file(5);
        let whole = format(&text).unwrap();
        // The whole range, as one minimal edit.
        let edits = journey_fmt::format_edits(&text).unwrap();
        assert!(edits.len() <= 1);
        assert_eq!(apply(&text, &edits), whole, "seed {seed}");
        // Any range: the edit stays within the text, leaves a valid file,
        // and formatting the result gives the same as formatting it all.
        for _ in 0..5 {
            let a = floor_char_boundary(&text, rng.below(text.len() + 1));
            let b = floor_char_boundary(&text, rng.below(text.len() + 1));
            let range = a.min(b)..a.max(b);
            let edits = journey_fmt::format_range(&text, range.clone()).unwrap();
            let partial = apply(&text, &edits);
            assert!(parse(&partial).errors.is_empty(), "seed {seed} {range:?}");
            assert_eq!(format(&partial).unwrap(), whole, "seed {seed} {range:?}");
            for edit in &edits {
                // The edit stays inside the text.
                assert!(edit.start <= edit.end && edit.end <= text.len());
            }
        }
    }
}

#[test]
fn canonical_generated_journeys_are_left_alone() {
    // The generator without mess writes (almost) the canonical layout: once
    // formatted, the text is a fixed point.
    for seed in 0..50 {
        let text = generator::Generator::new(seed, 0).file(4);
        let once = format(&text).unwrap();
        assert_eq!(format(&once).unwrap(), once);
    }
}
