//! The editor and the checker never disagree: every fixture opened in the
//! language server (`journey lsp`, over stdio) gets the diagnostics that
//! `journey check` reports for the same file — same codes, lines and
//! messages.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::lsp;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "journey") {
            out.push(path);
        }
    }
}

/// `(line, code, message)`, 1-based lines, sorted.
type Finding = (u64, String, String);

fn checker_findings(file: &Path) -> Vec<Finding> {
    let output = Command::cargo_bin("journey")
        .unwrap()
        .current_dir(repo())
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let shown = file.to_string_lossy().replace('\\', "/");
    let mut out: Vec<Finding> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str() == Some(shown.as_str()))
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The server names files by absolute path, the command line as given:
/// compared with the repository's root taken off.
fn editor_findings(diagnostics: &[Value], root: &Path) -> Vec<Finding> {
    let prefix = format!("{}/", root.display());
    let mut out: Vec<Finding> = diagnostics
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            // The server appends the help on its own line.
            let message = message.split("\nhelp: ").next().unwrap();
            (
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
                d["code"].as_str().unwrap().to_string(),
                message.replace(&prefix, ""),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_editor_reports_what_journey_check_reports_for_every_fixture() {
    let root = repo();
    let mut files = Vec::new();
    fixtures(&root.join("tests/fixtures/check"), &mut files);
    fixtures(&root.join("tests/fixtures/syntax"), &mut files);
    fixtures(&root.join("examples"), &mut files);
    assert!(files.len() > 20, "fixtures: {files:?}");
    let mut server = lsp::Server::start(&root);
    server.initialize(&root);
    let mut compared = 0;
    for file in &files {
        // An editor buffer is text: a file that is not UTF-8 cannot be opened.
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let relative = file.strip_prefix(&root).unwrap();
        let expected = checker_findings(relative);
        let published = server.open(file, &text);
        assert_eq!(
            editor_findings(&published, &root),
            expected,
            "{}: the editor and `journey check` disagree",
            relative.display()
        );
        compared += 1;
    }
    assert!(compared > 20);
}
