//! The span visitor (`shift::spans_mut`, which moves the statements an
//! incremental re-parse reuses) visits exactly the spans a serialised
//! statement shows, for every example and fixture, broken ones included:
//! a node added to the tree and forgotten there would keep its old offsets
//! after an edit. (The `parse` fuzz target checks the same on its inputs.)

use std::path::Path;

use journey_syntax::{shift, Span};

fn serialised_spans(value: &serde_json::Value, out: &mut Vec<Span>) {
    match value {
        serde_json::Value::Object(map) => {
            let start = map.get("start").and_then(|v| v.as_u64());
            let end = map.get("end").and_then(|v| v.as_u64());
            if let (2, Some(start), Some(end)) = (map.len(), start, end) {
                out.push(Span::new(start as usize, end as usize));
                return;
            }
            map.values().for_each(|v| serialised_spans(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| serialised_spans(v, out)),
        _ => {}
    }
}

fn journeys_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let found = journey_syntax::testgen::files_under(dir, &journey_syntax::testgen::is_journey);
    out.extend(found.unwrap_or_else(|e| panic!("{}: {e}", dir.display())));
}

#[test]
fn the_visitor_sees_every_span_of_the_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    journeys_under(&root.join("examples"), &mut files);
    journeys_under(&root.join("tests/fixtures"), &mut files);
    assert!(files.len() > 50, "only {} journeys found", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let parse = journey_syntax::parse(&text);
        for item in &parse.file.items {
            let mut serialised = Vec::new();
            serialised_spans(&serde_json::to_value(item).unwrap(), &mut serialised);
            let mut visited = Vec::new();
            shift::spans_mut(&mut item.clone(), &mut |span| visited.push(*span));
            serialised.sort();
            visited.sort();
            assert_eq!(visited, serialised, "{}", path.display());
        }
    }
}
