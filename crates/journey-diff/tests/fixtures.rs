//! One fixture pair per change kind (`tests/fixtures/diff/<case>/{old,new}.journey`):
//! the human, markdown and JSON reports are snapshotted together, and the
//! JSON is validated against the report's schema.

use std::collections::BTreeSet;
use std::path::Path;

use journey_check::RealFileSystem;
use journey_diff::load::{load, Input};
use journey_diff::render::{self, Style};
use journey_diff::{Change, Kind};

fn side(path: &Path) -> journey_diff::Side {
    let input = Input {
        read: path.to_path_buf(),
        name: "map.journey".to_string(),
    };
    load(&RealFileSystem, &[input], None).side
}

fn diff_case(new: &Path) -> Vec<Change> {
    let old = new.with_file_name("old.journey");
    journey_diff::diff(&side(&old), &side(new))
}

fn validator() -> jsonschema::Validator {
    let schema = journey_diff::schema();
    assert!(jsonschema::meta::is_valid(&schema));
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn every_case_in_three_formats() {
    let validator = validator();
    insta::glob!("../../../tests/fixtures/diff", "*/new.journey", |path| {
        let changes = diff_case(path);
        let json = render::json(&changes);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        let text = format!(
            "## human\n{}\n## markdown\n{}\n## json\n{}",
            render::human(&changes, Style::Plain),
            render::markdown(&changes),
            json
        );
        insta::assert_snapshot!(text);
    });
}

/// Every kind a pair of files can show appears in some fixture
/// (`journey-moved` needs two files: the `--base` test has it).
#[test]
fn the_fixtures_cover_every_kind() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/diff");
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let new = entry.unwrap().path().join("new.journey");
        seen.extend(diff_case(&new).iter().map(|c| c.kind));
    }
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| **k != Kind::JourneyMoved && !seen.contains(k))
        .map(|k| k.as_str())
        .collect();
    assert!(missing.is_empty(), "no fixture shows {missing:?}");
}

#[test]
fn the_schema_is_draft_2020_12_and_snapshotted() {
    let schema = journey_diff::schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    insta::assert_json_snapshot!("schema", schema);
}
