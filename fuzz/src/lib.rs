//! What the fuzz targets check, shared between them: spans, the splitting
//! of one fuzz input into a small project, and the edit scripts of the
//! incremental target. Every check panics with a message that names the
//! broken property, so that libFuzzer reports it as a crash and keeps the
//! input.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use journey_syntax::{Diagnostic, SourceFile, Span};

/// The project directory of the `check` target's in-memory file system.
pub const PROJECT: &str = "/fuzz/project";

/// Panics unless `span` is a well-formed range of `text` whose ends are on
/// character boundaries: what every renderer and the language server assume
/// when they slice the text or turn offsets into positions.
pub fn assert_span_in(text: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(start <= end, "{what}: span {start}..{end} is reversed");
    assert!(
        end <= text.len(),
        "{what}: span {start}..{end} ends past the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} is not on character boundaries"
    );
}

/// The primary span and every label of `diagnostic` that lies in the same
/// file are valid spans of `text`.
pub fn assert_diagnostic_in(text: &str, diagnostic: &Diagnostic) {
    let what = format!("`{}` diagnostic {:?}", diagnostic.code, diagnostic.message);
    assert_span_in(text, diagnostic.span, &what);
    for label in diagnostic.labels.iter().filter(|l| l.file.is_none()) {
        assert_span_in(
            text,
            label.span,
            &format!("label {:?} of {what}", label.message),
        );
    }
}

/// Panics unless a compiled model serialises and validates against the
/// schema of `journey compile --schema` (LANGUAGE.md §8: a number that does
/// not fit is a diagnostic, never a `null` in the model).
pub fn assert_model_valid(model: &journey_check::compile::CompiledModel) -> serde_json::Value {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        jsonschema::validator_for(&journey_check::compile::schema()).expect("the schema compiles")
    });
    let value = serde_json::to_value(model).expect("the compiled model serialises");
    if let Some(error) = validator.iter_errors(&value).next() {
        panic!(
            "the compiled model does not match its schema at {}: {error}",
            error.instance_path
        );
    }
    value
}

/// Every span of a syntax tree, found generically through its `Serialize`
/// form (an object `{"start": n, "end": m}`), so that a node added to the
/// tree later is covered without touching the fuzz targets.
pub fn tree_spans(file: &SourceFile) -> Vec<Span> {
    let value = serde_json::to_value(file).expect("a syntax tree serialises");
    let mut spans = Vec::new();
    collect_spans(&value, &mut spans);
    spans
}

/// Checks that the syntax crate's span visitor (`shift::spans_mut`, which
/// moves re-parsed statements) visits exactly the spans a serialised
/// statement shows: a node added to the tree and forgotten there would leave
/// its span unmoved after an edit.
pub fn assert_visitor_sees_every_span(file: &SourceFile) {
    for item in &file.items {
        let mut serialised = Vec::new();
        collect_spans(
            &serde_json::to_value(item).expect("a statement serialises"),
            &mut serialised,
        );
        let mut visited = Vec::new();
        journey_syntax::shift::spans_mut(&mut item.clone(), &mut |span| visited.push(*span));
        serialised.sort();
        visited.sort();
        assert_eq!(visited, serialised, "the span visitor and the tree disagree");
    }
}

fn collect_spans(value: &serde_json::Value, spans: &mut Vec<Span>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(span) = as_span(map) {
                spans.push(span);
                return;
            }
            map.values().for_each(|v| collect_spans(v, spans));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_spans(v, spans)),
        _ => {}
    }
}

fn as_span(map: &serde_json::Map<String, serde_json::Value>) -> Option<Span> {
    if map.len() != 2 {
        return None;
    }
    let start = map.get("start")?.as_u64()?;
    let end = map.get("end")?.as_u64()?;
    Some(Span {
        start: u32::try_from(start).ok()?,
        end: u32::try_from(end).ok()?,
    })
}

/// A syntax tree without its spans, as JSON text: what a file says,
/// wherever it says it (the formatter must not change it).
pub fn tree_without_spans(file: &SourceFile) -> String {
    let mut value = serde_json::to_value(&file.items).expect("a syntax tree serialises");
    strip_spans(&mut value);
    value.to_string()
}

fn strip_spans(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if as_span(map).is_some() {
                *value = serde_json::Value::Null;
                return;
            }
            map.values_mut().for_each(strip_spans);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

/// One fuzz input as a small project: the first section is
/// `main.journey`; each line `=== NAME` starts another file, `NAME` taken
/// relative to the project directory (`journey.toml`, `shared.journey`,
/// `sub/x.journey`, or a path that leaves the project). At most
/// [`MAX_FILES`] files; later sections stay part of the previous file.
pub fn split_project(data: &[u8]) -> Vec<(PathBuf, Vec<u8>)> {
    const MARKER: &[u8] = b"\n=== ";
    let project = Path::new(PROJECT);
    let mut files = vec![(project.join("main.journey"), Vec::new())];
    let mut rest = data;
    loop {
        let found = (files.len() < MAX_FILES)
            .then(|| find(rest, MARKER))
            .flatten();
        let Some(at) = found else {
            files.last_mut().unwrap().1.extend_from_slice(rest);
            return files;
        };
        files.last_mut().unwrap().1.extend_from_slice(&rest[..at]);
        rest = &rest[at + MARKER.len()..];
        let line_end = find(rest, b"\n").unwrap_or(rest.len());
        let name = String::from_utf8_lossy(&rest[..line_end])
            .trim()
            .to_string();
        rest = &rest[(line_end + 1).min(rest.len())..];
        let name = if name.is_empty() {
            format!("file{}.journey", files.len())
        } else {
            name
        };
        files.push((project.join(name), Vec::new()));
    }
}

/// How many files [`split_project`] makes at most.
pub const MAX_FILES: usize = 5;

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Text snippets the incremental target inserts: the characters and words
/// where re-parsing one statement could go wrong (braces, quotes, comment
/// openers, line terminators, statement keywords).
pub const INSERTS: &[&str] = &[
    "x",
    " ",
    "\n",
    "\r\n",
    "\r",
    "}",
    "{",
    "\"",
    "\\",
    "/",
    "//",
    "/*",
    "*/",
    "// c\n",
    "///",
    "stage ",
    "stage s {",
    "journey j {",
    "touchpoint t {",
    "channel ",
    "team ",
    "import ",
    "persona ",
    "9",
    "..",
    "%",
    "-",
    "\t",
    "é",
    "😀",
    "next ",
    "pain \"p\" {",
];

/// An edit in the incremental target's script: replace `start..old_end`
/// (byte offsets, on character boundaries of the current text) with
/// `insert`.
#[derive(Clone, Debug)]
pub struct ScriptEdit {
    pub start: usize,
    pub old_end: usize,
    pub insert: String,
}

/// Reads the next edit of a script for a text of `text`: a position, a
/// length to delete (mostly short) and either one of [`INSERTS`] or a few
/// bytes of the script itself. `None` when the script is used up.
pub fn next_edit(script: &mut &[u8], text: &str) -> Option<ScriptEdit> {
    if script.len() < 4 {
        return None;
    }
    let (head, rest) = script.split_at(4);
    let [a, b, c, d] = [head[0], head[1], head[2], head[3]];
    *script = rest;
    let position = u16::from_le_bytes([a, b]) as usize;
    let start = floor_boundary(text, position % (text.len() + 1));
    let delete = match c % 8 {
        0..=3 => 0,
        4 | 5 => 1,
        6 => (c / 8) as usize % 4,
        _ => (c / 8) as usize,
    };
    let old_end = ceil_boundary(text, (start + delete).min(text.len()));
    let insert = if d & 0x80 == 0 {
        INSERTS[d as usize % INSERTS.len()].to_string()
    } else {
        let n = ((d & 0x7f) as usize % 8).min(script.len());
        let (bytes, rest) = script.split_at(n);
        *script = rest;
        String::from_utf8_lossy(bytes).into_owned()
    };
    Some(ScriptEdit {
        start,
        old_end,
        insert,
    })
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Splits the incremental target's input at its last NUL byte: the text
/// before it (lossily decoded) and the edit script after it. Without a NUL
/// the whole input is the text and the script is empty.
pub fn split_text_and_script(data: &[u8]) -> (String, &[u8]) {
    match data.iter().rposition(|&b| b == 0) {
        Some(at) => (
            String::from_utf8_lossy(&data[..at]).into_owned(),
            &data[at + 1..],
        ),
        None => (String::from_utf8_lossy(data).into_owned(), &[]),
    }
}
