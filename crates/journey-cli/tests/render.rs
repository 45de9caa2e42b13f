//! `journey render`: the built binary end to end — formats, `-o`, `-o -`,
//! a directory into a site with `index.html`, refusal of files with errors,
//! and never writing over an input.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn journey() -> Command {
    let mut command = Command::cargo_bin("journey").unwrap();
    command.current_dir(repo()).env("NO_COLOR", "1");
    command
}

const HOTEL: &str = "examples/hotel_stay.journey";

#[test]
fn a_file_renders_to_stdout_as_html_by_default() {
    let output = journey().args(["render", HOTEL]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    let html = String::from_utf8(output.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Baltic Bay"));
    assert!(html.contains("lowest-emotion"), "findings are on the map");
}

#[test]
fn dash_o_dash_is_stdout_and_formats_are_chosen_with_format() {
    let output = journey()
        .args(["render", HOTEL, "--format", "mermaid", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("journey\n    title "), "{text}");
    assert!(!repo().join("-").exists());

    let output = journey()
        .args(["render", HOTEL, "--format", "svg"])
        .output()
        .unwrap();
    let svg = String::from_utf8(output.stdout).unwrap();
    assert!(svg.starts_with("<?xml"));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn dash_o_writes_the_file_atomically_creating_folders() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("maps/hotel.html");
    let output = journey()
        .args(["render", HOTEL, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stdout.is_empty());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Baltic Bay"));
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left: {leftovers:?}"
    );
}

#[test]
fn a_directory_becomes_one_page_per_journey_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let output = journey()
        .args(["render", "examples", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    for example in ["hotel_stay", "fridge_purchase", "crm_implementation"] {
        let page = dir.path().join(format!("{example}.html"));
        assert!(page.is_file(), "{example}");
        assert!(
            index.contains(&format!("href=\"{example}.html\"")),
            "{index}"
        );
    }
    // A file of shared definitions has no journey, so no page.
    assert!(!dir.path().join("shared.html").exists());
    // The index lists goal, owner, lowest emotion and the findings.
    assert!(index.contains("Move 20% of business-traveler bookings"));
    assert!(index.contains("Marketing"));
    assert!(index.contains("2 on 1..5 at Hotel website"), "{index}");
    assert!(index.contains("<th scope=\"col\">Warnings</th>"));
}

#[test]
fn several_files_without_an_output_folder_are_a_usage_error() {
    let output = journey()
        .args(["render", HOTEL, "examples/fridge_purchase.journey"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("-o DIR"));
}

#[test]
fn a_file_with_errors_is_refused_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.journey");
    std::fs::write(
        &file,
        "journey j {\n    stage s {\n        owner nobody\n    }\n}\n",
    )
    .unwrap();
    let out = dir.path().join("broken.html");
    let output = journey()
        .arg("render")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown-reference"), "{stderr}");
    assert!(stderr.contains("was not rendered"), "{stderr}");
    assert!(!out.exists());

    // In a folder, the other files are still drawn, and the run fails.
    std::fs::copy(repo().join(HOTEL), dir.path().join("hotel.journey")).unwrap();
    std::fs::copy(
        repo().join("examples/shared.journey"),
        dir.path().join("shared.journey"),
    )
    .unwrap();
    let site = dir.path().join("site");
    let output = journey()
        .arg("render")
        .arg(dir.path())
        .arg("-o")
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(site.join("hotel.html").is_file());
    assert!(site.join("index.html").is_file());
    assert!(!site.join("broken.html").exists());
}

#[test]
fn an_input_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hotel.journey");
    std::fs::copy(repo().join(HOTEL), &file).unwrap();
    std::fs::copy(
        repo().join("examples/shared.journey"),
        dir.path().join("shared.journey"),
    )
    .unwrap();
    let before = std::fs::read(&file).unwrap();
    for target in ["hotel.journey", "shared.journey"] {
        let output = journey()
            .arg("render")
            .arg(&file)
            .arg("-o")
            .arg(dir.path().join(target))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{target}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("does not write over"));
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let output = journey()
        .args(["render", "examples/no_such.journey"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
