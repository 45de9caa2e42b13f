//! `--deny warnings` on a file that has warnings (and none at error level).

use std::path::Path;

use assert_cmd::Command;

/// A journey without a goal: one warning, no error.
const WARNINGS_ONLY: &str = "team t \"T\"\n\njourney j \"J\" {\n    owner t\n    stage s \"S\" {\n        touchpoint a \"A\" {\n            channel web\n        }\n    }\n}\n";

fn journey(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("journey")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn warnings_fail_the_run_only_when_denied() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("map.journey"), WARNINGS_ONLY).unwrap();
    let report = journey(dir.path(), &["check", "--format", "json", "map.journey"]);
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{report}");
    assert_eq!(report["summary"]["warnings"], 1, "{report}");
    let code = |args: &[&str]| journey(dir.path(), args).status.code().unwrap();
    assert_eq!(code(&["check", "map.journey"]), 0);
    for format in ["human", "json", "github", "sarif"] {
        assert_eq!(
            code(&["check", "--format", format, "map.journey"]),
            0,
            "{format}"
        );
        assert_eq!(
            code(&[
                "check",
                "--deny",
                "warnings",
                "--format",
                format,
                "map.journey"
            ]),
            1,
            "{format}"
        );
    }
}
