//! The IDE layer on its own: byte offsets in, plain structs out.

use std::path::Path;
use std::sync::Arc;

use journey_check::MemoryFileSystem;
use journey_ide::{CompletionKind, ParsedFile};

const SHARED: &str = "team marketing \"Marketing\"\n/// Books on a phone.\npersona traveler \"Traveler\" {\n    segment b2c\n    data email\n}\n";
const MAIN: &str = "import \"shared.journey\"\njourney j {\n    for traveler\n    owner marketing\n    stage s {\n        touchpoint łąka \"Łąka 😀\" {\n            channel sms\n            emotion 2\n            next łąka\n            desired buy { target 30% }\n            completed buy 1 of 4\n        }\n    }\n}\n";

fn setup() -> MemoryFileSystem<'static> {
    let fs = MemoryFileSystem::new()
        .with("/p/shared.journey", SHARED)
        .with("/p/main.journey", MAIN);
    fs
}

/// The parse and the checker's analysis of `text` as `/p/main.journey`.
fn both(text: &str) -> (Arc<ParsedFile>, journey_check::Analysis) {
    let mut fs = setup();
    fs.insert("/p/main.journey", text);
    let file = Arc::new(ParsedFile::new("/p/main.journey", Arc::from(text)));
    (file, analyse(&fs, "/p/main.journey"))
}

/// The checker's analysis of a file, as the editor's navigation reads it.
fn analyse(fs: &MemoryFileSystem<'_>, path: &str) -> journey_check::Analysis {
    journey_check::analyse_file(fs, Path::new(path))
}

fn at(needle: &str) -> usize {
    MAIN.find(needle).unwrap()
}

#[test]
fn completes_personas_after_for() {
    let (file, analysis) = both(MAIN);
    let offset = at("traveler");
    let items = journey_ide::completion(&analysis, &file, offset);
    assert_eq!(
        items.iter().map(|i| i.label.as_str()).collect::<Vec<_>>(),
        ["traveler"]
    );
    assert_eq!(items[0].kind, CompletionKind::Persona);
    assert!(items[0]
        .documentation
        .as_deref()
        .unwrap()
        .contains("Books on a phone."));
}

#[test]
fn hovers_a_reference_into_the_imported_file() {
    let (file, analysis) = both(MAIN);
    let hover = journey_ide::hover(&analysis, &file, at("traveler") + 2).unwrap();
    assert!(
        hover.markdown.contains("segment: b2c"),
        "{}",
        hover.markdown
    );
    assert!(hover.markdown.contains("shared.journey"));
}

#[test]
fn goes_to_definitions_across_files_and_in_the_journey() {
    let fs = setup();
    let analysis = analyse(&fs, "/p/main.journey");
    let owner = journey_ide::goto_definition(&analysis, at("marketing"));
    assert_eq!(owner[0].path, Path::new("/p/shared.journey"));
    assert_eq!(
        owner[0].span.start as usize,
        SHARED.find("marketing").unwrap()
    );
    let completed = journey_ide::goto_definition(&analysis, at("buy 1"));
    assert_eq!(completed[0].span.start as usize, at("buy {"));
}

#[test]
fn renames_with_polish_ids_and_validates_the_new_one() {
    let fs = setup();
    let analysis = analyse(&fs, "/p/main.journey");
    let edits = journey_ide::rename(&analysis, at("łąka \""), "polana", &[]).unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].edits.len(), 2);
    assert!(journey_ide::rename(&analysis, at("łąka \""), "9x", &[]).is_err());
    assert!(journey_ide::is_valid_id("świadomość"));
    assert!(journey_ide::is_valid_id("check-in"));
    assert!(!journey_ide::is_valid_id("a b"));
}

#[test]
fn hints_show_the_rate_and_the_scale() {
    let (_, analysis) = both(MAIN);
    let hints = journey_ide::inlay_hints(&analysis, journey_ide::Span::new(0, MAIN.len()));
    let labels: Vec<&str> = hints.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(labels, ["/ 1..5", "= 25.0% (under the 30% target)"]);
}

/// The hints read the checker's definition of a rate and a target: a
/// percentage the checker rejects (`value-out-of-range`) is not compared.
#[test]
fn hints_skip_what_the_checker_rejects() {
    for (from, to, want) in [
        ("target 30%", "target 150%", vec!["/ 1..5", "= 25.0%"]),
        ("1 of 4", "120%", vec!["/ 1..5"]),
        ("1 of 4", "5 of 4", vec!["/ 1..5"]),
    ] {
        let text = MAIN.replace(from, to);
        let (_, analysis) = both(&text);
        let hints = journey_ide::inlay_hints(&analysis, journey_ide::Span::new(0, text.len()));
        let labels: Vec<&str> = hints.iter().map(|h| h.label.as_str()).collect();
        assert_eq!(labels, want, "{to}");
    }
}

#[test]
fn offsets_out_of_range_never_panic() {
    let (file, analysis) = both(MAIN);
    for offset in [
        0,
        1,
        MAIN.len(),
        MAIN.len() + 10,
        usize::MAX / 2,
        at("😀") + 1,
    ] {
        let _ = journey_ide::completion(&analysis, &file, offset);
        let _ = journey_ide::hover(&analysis, &file, offset);
        let _ = journey_ide::goto_definition(&analysis, offset);
        let _ = journey_ide::references(&analysis, offset, &[], true);
        let _ = journey_ide::document_highlights(&analysis, offset);
        let _ = journey_ide::prepare_rename(&analysis, offset);
        let _ = journey_ide::selection_ranges(&file, offset);
        let _ = journey_ide::code_actions(
            &analysis,
            journey_ide::Span::new(offset.min(MAIN.len()), offset.min(MAIN.len())),
        );
    }
}

#[test]
fn every_prefix_of_the_file_can_be_completed() {
    // Half-typed text everywhere: every prefix of the file, cursor at its end.
    for (end, _) in MAIN.char_indices() {
        let (file, analysis) = both(&MAIN[..end]);
        let _ = journey_ide::completion(&analysis, &file, end);
        let _ = journey_ide::hover(&analysis, &file, end);
    }
}

/// The editor follows exactly the imports the checker reads: one outside
/// the project root (here `/p`, which holds `.git`) leads nowhere, however
/// it is written, and contributes no names.
#[test]
fn imports_outside_the_project_root_are_not_followed() {
    let outside = "team outsiders \"Outside\"\n";
    let main = "import \"../outside.journey\"\nimport \"/outside.journey\"\njourney j {\n    owner outsiders\n}\n";
    let fs = MemoryFileSystem::new()
        .with("/p/.git/HEAD", "")
        .with("/outside.journey", outside)
        .with("/p/main.journey", main);
    let file = Arc::new(ParsedFile::new("/p/main.journey", Arc::from(main)));
    let analysis = analyse(&fs, "/p/main.journey");
    for import in ["../outside.journey", "/outside.journey"] {
        let offset = main.find(import).unwrap() + 1;
        let targets = journey_ide::goto_definition(&analysis, offset);
        assert!(targets.is_empty(), "{import}: {targets:?}");
    }
    let offset = main.find("outsiders").unwrap() + 1;
    assert!(journey_ide::goto_definition(&analysis, offset).is_empty());
    assert!(journey_ide::hover(&analysis, &file, offset)
        .is_none_or(|h| !h.markdown.contains("Outside")));
}
