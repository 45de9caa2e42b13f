//! Semantic tokens, document links, highlights, code lenses and the
//! workspace walk: byte offsets in, plain structs out.

use std::path::Path;

use journey_check::{Analysis, MemoryFileSystem};
use journey_ide::{DefKind as SymbolKind, TokenKind};

const SHARED: &str = "team marketing \"Marketing\"\npersona traveler \"Traveler\" {\n    segment b2c\n    data email\n}\n";
const MAIN: &str = "import \"shared.journey\"\n/* a block\n   comment */\njourney j {\n    for traveler\n    owner marketing\n    stage s {\n        touchpoint łąka \"Łąka 😀\" {\n            channel sms\n            emotion 2\n            next pay\n        }\n        touchpoint pay {\n            channel sms\n            emotion -1\n            desired buy { target 30% }\n            completed buy 1 of 4\n        }\n    }\n    stage t {\n        touchpoint done {\n            emotion -1\n        }\n    }\n}\njourney empty {\n}\n";

fn world_parts() -> MemoryFileSystem<'static> {
    let fs = MemoryFileSystem::new()
        .with("/p/.git/HEAD", "")
        .with("/p/shared.journey", SHARED)
        .with("/p/main.journey", MAIN);
    fs
}

/// The checker's analysis of `text` as `/p/x.journey`, next to `shared.journey`.
fn analyse(text: &str) -> Analysis {
    let mut fs = world_parts();
    fs.insert("/p/x.journey", text);
    journey_check::analyse_file(&fs, Path::new("/p/x.journey"))
}

fn tokens_as_text(text: &str) -> Vec<(String, TokenKind, bool)> {
    journey_ide::semantic_tokens(&analyse(text))
        .into_iter()
        .map(|t| (text[t.span.range()].to_string(), t.kind, t.definition))
        .collect()
}

#[test]
fn semantic_tokens_tell_definitions_from_references() {
    let tokens = tokens_as_text(MAIN);
    let find = |s: &str| {
        tokens
            .iter()
            .filter(|t| t.0 == s)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        find("import"),
        [("import".into(), TokenKind::Keyword, false)]
    );
    assert_eq!(
        find("\"shared.journey\""),
        [("\"shared.journey\"".into(), TokenKind::String, false)]
    );
    assert_eq!(
        find("pay"),
        [
            (
                "pay".into(),
                TokenKind::Symbol(SymbolKind::Touchpoint),
                false
            ),
            (
                "pay".into(),
                TokenKind::Symbol(SymbolKind::Touchpoint),
                true
            ),
        ]
    );
    assert_eq!(
        find("traveler"),
        [(
            "traveler".into(),
            TokenKind::Symbol(SymbolKind::Persona),
            false
        )]
    );
    assert_eq!(find("30%"), [("30%".into(), TokenKind::Number, false)]);
    assert_eq!(find("of"), [("of".into(), TokenKind::Keyword, false)]);
    assert_eq!(find("-1").len(), 2);
    assert!(find("/* a block\n   comment */")
        .iter()
        .all(|t| t.1 == TokenKind::Comment));
    let words = tokens_as_text(SHARED);
    assert!(words.contains(&("b2c".into(), TokenKind::Word, false)));
    assert!(words.contains(&("email".into(), TokenKind::Data, false)));
    assert!(words.contains(&(
        "traveler".into(),
        TokenKind::Symbol(SymbolKind::Persona),
        true
    )));
}

#[test]
fn semantic_tokens_are_sorted_disjoint_and_survive_every_prefix() {
    for (end, _) in MAIN.char_indices() {
        let tokens = journey_ide::semantic_tokens(&analyse(&MAIN[..end]));
        for pair in tokens.windows(2) {
            assert!(pair[0].span.end <= pair[1].span.start, "{pair:?} at {end}");
        }
        assert!(tokens
            .iter()
            .all(|t| !t.span.is_empty() && t.span.end as usize <= end));
    }
}

#[test]
fn document_links_point_at_imported_files_inside_the_root() {
    let main =
        "import \"shared.journey\"\nimport \"missing.journey\"\nimport \"../outside.journey\"\n";
    let mut fs = world_parts();
    fs.insert("/outside.journey", "team t\n");
    fs.insert("/p/main.journey", main);
    let analysis = journey_check::analyse_file(&fs, std::path::Path::new("/p/main.journey"));
    let links = journey_ide::document_links(&analysis);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(&main[links[0].span.range()], "shared.journey");
    assert_eq!(links[0].target, std::path::Path::new("/p/shared.journey"));
}

#[test]
fn highlights_mark_the_definition_as_a_write() {
    let fs = world_parts();
    let analysis = journey_check::analyse_file(&fs, std::path::Path::new("/p/main.journey"));
    let at = MAIN.find("next pay").unwrap() + 6;
    let highlights = journey_ide::document_highlights(&analysis, at);
    let shown: Vec<(usize, bool)> = highlights
        .iter()
        .map(|h| (h.span.start as usize, h.definition))
        .collect();
    assert_eq!(
        shown,
        [
            (MAIN.find("next pay").unwrap() + 5, false),
            (MAIN.find("touchpoint pay").unwrap() + 11, true),
        ]
    );
    // A name defined in an imported file: only its uses here.
    let at = MAIN.find("traveler").unwrap();
    let highlights = journey_ide::document_highlights(&analysis, at);
    assert_eq!(highlights.len(), 1);
    assert!(!highlights[0].definition);
    // A built-in channel: each use of it.
    let at = MAIN.find("sms").unwrap();
    assert_eq!(journey_ide::document_highlights(&analysis, at).len(), 2);
    // Nothing under the cursor.
    assert!(journey_ide::document_highlights(&analysis, 0).is_empty());
}

#[test]
fn lenses_summarise_each_journey() {
    let lenses = journey_ide::journey_lenses(&analyse(MAIN));
    let titles: Vec<String> = lenses.iter().map(|l| l.title()).collect();
    assert_eq!(
        titles,
        [
            "2 stages · 3 touchpoints · lowest emotion -1 (pay)",
            "0 stages · 0 touchpoints",
        ]
    );
    assert_eq!(&MAIN[lenses[0].span.range()], "journey");
}

#[test]
fn the_workspace_walk_skips_what_the_command_line_skips() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (path, text) in [
        ("a.journey", "team a\n"),
        ("sub/b.journey", "team b\n"),
        (".hidden/c.journey", "team c\n"),
        ("target/d.journey", "team d\n"),
        ("node_modules/e.journey", "team e\n"),
        ("notes.txt", "x"),
    ] {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(root, root.join("loop")).unwrap();
    let (files, truncated) = journey_ide::workspace::journey_files(&[root.to_path_buf()], 100);
    let names: Vec<_> = files
        .iter()
        .map(|f| f.strip_prefix(root).unwrap().display().to_string())
        .collect();
    assert_eq!(names, ["a.journey", "sub/b.journey"]);
    assert!(!truncated);
    let (files, truncated) = journey_ide::workspace::journey_files(&[root.to_path_buf()], 1);
    assert_eq!(files.len(), 1);
    assert!(truncated);
}

/// What decides which open documents a change re-checks: an analysis
/// records every file it read or tried to read.
#[test]
fn an_analysis_depends_on_its_imports_also_when_they_do_not_exist() {
    let main = "import \"shared.journey\"\nimport \"later.journey\"\n";
    let analysis = analyse(main);
    let depends = |path: &str| analysis.reads.iter().any(|r| r == Path::new(path));
    assert!(depends("/p/x.journey"));
    assert!(depends("/p/shared.journey"));
    assert!(depends("/p/later.journey"));
    assert!(!depends("/p/other.journey"));
    assert!(!depends("/p/main.journey"));
}
