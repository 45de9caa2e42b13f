//! `journey diff` end to end: exit codes, the three formats, syntax errors
//! on one side, directories, and `--base` against a git repository built
//! in the test (two commits, an import between files, a renamed file).

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn journey(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("journey").unwrap();
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

fn fixture(case: &str, side: &str) -> String {
    format!("tests/fixtures/diff/{case}/{side}.journey")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    journey(dir).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

fn schema() -> serde_json::Value {
    let output = run(&repo(), &["diff", "--schema"]);
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

fn kinds(report: &serde_json::Value) -> Vec<String> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn two_files_exit_0_and_the_json_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let (old, new) = (fixture("pains", "old"), fixture("pains", "new"));
    for format in ["human", "markdown", "json"] {
        let output = run(&repo(), &["diff", &old, &new, "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stdout(&output).contains("1 new high pain point"));
    }
    let report = json(&run(&repo(), &["diff", &old, &new, "--format", "json"]));
    assert!(validator.is_valid(&report));
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["worse"], 3);
}

#[test]
fn human_output_has_no_colour_when_piped() {
    let output = journey(&repo())
        .env_remove("NO_COLOR")
        .args(["diff", &fixture("kpis", "old"), &fixture("kpis", "new")])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("▼ KPI nps actual 35 → 25"), "{text}");
    assert!(!text.contains('\x1b'));
}

#[test]
fn fail_on_worse_and_errors() {
    let root = repo();
    let worse = ["diff", "--fail-on", "worse"];
    let (old, new) = (fixture("kpis", "old"), fixture("kpis", "new"));
    let output = run(&root, &[&worse[..], &[&old, &new]].concat());
    assert_eq!(output.status.code(), Some(1));
    // Only better and neutral changes: worse does not fail.
    let (old_m, new_m) = (
        fixture("moments_opportunities", "old"),
        fixture("moments_opportunities", "new"),
    );
    let output = run(&root, &[&worse[..], &[&old_m, &new_m]].concat());
    assert_eq!(output.status.code(), Some(0));
    // An added error fails `--fail-on errors`; KPIs missed do not.
    let errors = ["diff", "--fail-on", "errors"];
    let output = run(&root, &[&errors[..], &[&old, &new]].concat());
    assert_eq!(output.status.code(), Some(0));
    let (old_d, new_d) = (fixture("diagnostics", "old"), fixture("diagnostics", "new"));
    let output = run(&root, &[&errors[..], &[&old_d, &new_d]].concat());
    assert_eq!(output.status.code(), Some(1));
    // Backwards, a change that fixes an error passes.
    let (old_s, new_s) = (
        fixture("syntax_error", "old"),
        fixture("syntax_error", "new"),
    );
    let output = run(&root, &[&errors[..], &[&old_s, &new_s]].concat());
    assert_eq!(output.status.code(), Some(1));
    let output = run(&root, &[&errors[..], &[&new_s, &old_s]].concat());
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn unreadable_inputs_and_usage_errors_exit_2() {
    let root = repo();
    let old = fixture("pains", "old");
    for args in [
        vec!["diff", &old, "no/such.journey"],
        vec!["diff", &old, "tests/fixtures/diff"],
        vec!["diff", &old],
        vec!["diff", &old, &old, &old],
        vec!["diff", "--format", "yaml", &old, &old],
    ] {
        let output = run(&root, &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(!stderr(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn a_side_with_syntax_errors_is_reported_and_diffed_as_far_as_it_parsed() {
    let output = run(
        &repo(),
        &[
            "diff",
            &fixture("syntax_error", "old"),
            &fixture("syntax_error", "new"),
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert!(err.contains("the new version has syntax errors"), "{err}");
    assert!(err.contains("emotoin"), "{err}");
    let out = stdout(&output);
    assert!(out.contains("catalogue: emotion 3 → 4"), "{out}");
    assert!(out.contains("new error syntax-error"), "{out}");
}

#[test]
fn directories_are_matched_by_relative_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = repo();
    for (side, case) in [("old", "old"), ("new", "new")] {
        std::fs::create_dir_all(dir.path().join(side).join("maps")).unwrap();
        std::fs::copy(
            root.join(fixture("emotion_effort", case)),
            dir.path().join(side).join("maps/apply.journey"),
        )
        .unwrap();
        std::fs::copy(
            root.join(fixture("promises", case)),
            dir.path().join(side).join("shop.journey"),
        )
        .unwrap();
    }
    let output = run(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let files: std::collections::BTreeSet<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        ["maps/apply.journey", "shop.journey"]
    );
    assert!(!kinds(&report).iter().any(|k| k.starts_with("journey-")));
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@localhost"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {:?}", status);
}

const SHARED_OLD: &str = "persona traveler \"Traveler\" {\n    data email, phone\n}\n";
const SHARED_NEW: &str = "persona traveler \"Traveler\" {\n    data email\n}\n";

fn map(emotion: u8) -> String {
    format!(
        "import \"shared.journey\"\nteam sales \"Sales\"\n\njourney stay \"Stay\" {{\n    goal \"Book\"\n    owner sales\n    for traveler\n    stage book \"Book\" {{\n        touchpoint confirm \"Confirmation\" {{\n            channel sms\n            emotion {emotion}\n        }}\n    }}\n}}\n"
    )
}

const OTHER: &str = "team sales \"Sales\"\n\njourney renew \"Renew\" {\n    goal \"Renew\"\n    owner sales\n    stage ask \"Ask\" {\n        touchpoint letter \"Letter\" {\n            channel print\n            emotion 3\n        }\n    }\n}\n";

/// Two commits: the second edits the imported file (the persona loses its
/// phone number, which the `sms` touchpoint needs), raises an emotion and
/// renames a file whose journey keeps its id.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    git(path, &["init", "-q"]);
    std::fs::create_dir(path.join("maps")).unwrap();
    std::fs::write(path.join("maps/shared.journey"), SHARED_OLD).unwrap();
    std::fs::write(path.join("maps/stay.journey"), map(3)).unwrap();
    std::fs::write(path.join("maps/old_name.journey"), OTHER).unwrap();
    git(path, &["add", "."]);
    git(path, &["commit", "-q", "-m", "first"]);
    std::fs::write(path.join("maps/shared.journey"), SHARED_NEW).unwrap();
    std::fs::write(path.join("maps/stay.journey"), map(4)).unwrap();
    git(
        path,
        &["mv", "maps/old_name.journey", "maps/new_name.journey"],
    );
    git(path, &["commit", "-q", "-am", "second"]);
    dir
}

#[test]
fn base_reads_the_old_side_from_git_with_imports_and_renames() {
    let dir = repository();
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let output = run(
        dir.path(),
        &["diff", "--base", "HEAD~1", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    assert!(validator.is_valid(&report));
    let changes = report["changes"].as_array().unwrap();
    let find = |kind: &str| {
        changes
            .iter()
            .find(|c| c["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {report:#}"))
    };
    let emotion = find("emotion");
    assert_eq!(emotion["effect"], "better");
    assert_eq!(emotion["file"], "maps/stay.journey");
    // The import was resolved inside the old revision: the persona had a
    // phone there, and losing it breaks the `sms` touchpoint.
    let data = find("data");
    assert_eq!(data["effect"], "worse");
    assert_eq!(data["persona"], "traveler");
    let finding = find("diagnostic-added");
    assert_eq!(finding["code"], "channel-data-missing");
    // The renamed file's journey is the same journey, moved.
    let moved = find("journey-moved");
    assert_eq!(moved["old"], "maps/old_name.journey");
    assert_eq!(moved["new"], "maps/new_name.journey");
    assert!(!kinds(&report)
        .iter()
        .any(|k| k == "journey-added" || k == "journey-removed"));

    // `--fail-on worse` gates CI on the persona's lost phone number.
    let output = run(
        dir.path(),
        &["diff", "--base", "HEAD~1", "--fail-on", "worse"],
    );
    assert_eq!(output.status.code(), Some(1));

    // Against HEAD, a clean working tree has no changes.
    let output = run(dir.path(), &["diff", "--base", "HEAD", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json(&output)["changes"], serde_json::json!([]));

    // An uncommitted edit, limited to one path, from a subdirectory.
    std::fs::write(dir.path().join("maps/stay.journey"), map(2)).unwrap();
    let output = run(
        &dir.path().join("maps"),
        &[
            "diff",
            "--base",
            "HEAD",
            "stay.journey",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("### Customer experience"), "{text}");
    assert!(
        text.contains("| ▼ | Book | confirm | emotion 4 → 2 |"),
        "{text}"
    );
}

#[test]
fn a_bad_revision_exits_2_with_gits_message() {
    let dir = repository();
    let output = run(dir.path(), &["diff", "--base", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("bad revision `no-such-branch`"), "{err}");
    assert!(err.contains("fatal"), "{err}");
    assert!(output.stdout.is_empty());
    // Outside a repository: git's own message too.
    let plain = tempfile::tempdir().unwrap();
    let output = journey(plain.path())
        .env("GIT_CEILING_DIRECTORIES", plain.path().parent().unwrap())
        .args(["diff", "--base", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a git repository"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_schema_is_printed_and_valid() {
    let schema = schema();
    assert!(jsonschema::meta::is_valid(&schema));
    assert_eq!(schema["title"], "journey diff report");
}

/// The guide's example is real: the same edits to `examples/hotel_stay.journey`
/// in a repository give exactly the report the guide shows.
#[test]
fn the_guides_example_is_what_the_command_prints() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    git(path, &["init", "-q"]);
    std::fs::create_dir(path.join("examples")).unwrap();
    for file in ["hotel_stay.journey", "shared.journey"] {
        std::fs::copy(
            repo().join("examples").join(file),
            path.join("examples").join(file),
        )
        .unwrap();
    }
    git(path, &["add", "."]);
    git(path, &["commit", "-q", "-m", "base"]);
    let map = path.join("examples/hotel_stay.journey");
    let text = std::fs::read_to_string(&map).unwrap();
    let edits = [
        (
            "            channel web\n            emotion 2\n            effort 4\n",
            "            channel web\n            emotion 4\n            effort 4\n",
        ),
        (
            "            owner service\n            emotion 3\n",
            "            owner service\n            emotion 2\n",
        ),
        (
            "            channel kiosk\n            emotion 5\n            effort 1\n",
            "            channel kiosk\n            emotion 5\n            effort 1\n            pain \"The kiosk cannot print a key card for a second guest\" {\n                severity high\n                opportunity \"Let the kiosk print up to four key cards per room\"\n            }\n",
        ),
        ("actual 4.6%", "actual 3.8%"),
    ];
    let mut edited = text.clone();
    for (from, to) in edits {
        assert_eq!(edited.matches(from).count(), 1, "{from}");
        edited = edited.replace(from, to);
    }
    std::fs::write(&map, edited).unwrap();
    let output = run(path, &["diff", "--base", "HEAD", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let guide = std::fs::read_to_string(repo().join("docs/guide.md")).unwrap();
    let shown = format!("```markdown\n{}```\n", stdout(&output));
    assert!(
        guide.contains(&shown),
        "docs/guide.md should show:\n{shown}"
    );
}
