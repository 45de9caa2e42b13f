//! End-to-end tests of `journey check`: exit codes and every output format.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `journey` run from the repository root, without colour.
fn journey() -> Command {
    let mut cmd = Command::cargo_bin("journey").unwrap();
    cmd.current_dir(repo())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = journey().args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

const BROKEN: &str = "tests/fixtures/syntax/err/three_broken_stages.journey";
const CLEAN: &str = "tests/fixtures/syntax/ok/lexical.journey";

#[test]
fn exit_code_is_zero_without_errors() {
    let run = run(&["check", CLEAN]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.ends_with("0 errors, 0 warnings in 1 file\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn exit_code_is_one_with_errors() {
    assert_eq!(run(&["check", BROKEN]).code, 1);
}

#[test]
fn exit_code_is_two_for_a_missing_path() {
    let run = run(&["check", "no/such/file.journey"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("cannot read `no/such/file.journey`: no such file or directory"));
    assert!(run.stdout.is_empty());
}

#[test]
fn exit_code_is_two_for_a_directory_without_journeys() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no `.journey` files in"),
        "{}",
        run.stderr
    );
}

#[test]
fn exit_code_is_two_for_a_usage_error() {
    assert_eq!(run(&["check", "--format", "xml", CLEAN]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
}

#[test]
fn help_and_version() {
    let help = run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("check"));
    let version = run(&["--version"]);
    assert_eq!(version.code, 0);
    assert!(version.stdout.starts_with("journey "));
}

#[test]
fn directories_are_searched_recursively_in_a_stable_order() {
    let run = run(&["check", "--format", "json", "tests/fixtures/syntax"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    // Syntax errors only in the broken files (the files under `ok/` parse,
    // though some have semantic findings).
    assert!(report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "syntax-error")
        .all(|d| d["file"]
            .as_str()
            .unwrap()
            .starts_with("tests/fixtures/syntax/err/")));
    assert!(report["summary"]["files"].as_u64().unwrap() >= 10);
}

#[test]
fn invalid_utf8_is_one_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.journey");
    std::fs::write(&path, b"team a \"caf\xE9\"\n").unwrap();
    let run = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["code"], "invalid-utf8");
    assert_eq!(diagnostics[0]["range"]["start"]["column"], 12);
}

#[test]
fn human_format_snapshots() {
    insta::glob!("../../../tests/fixtures/syntax", "err/*.journey", |path| {
        let relative = path.strip_prefix(repo().canonicalize().unwrap()).unwrap();
        let run = run(&["check", relative.to_str().unwrap()]);
        assert_eq!(run.code, 1);
        insta::assert_snapshot!(run.stdout);
    });
}

#[test]
fn json_format() {
    let run = run(&["check", "--format", "json", BROKEN]);
    assert_eq!(run.code, 1);
    validate("tests/fixtures/report.schema.json", &run.stdout);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn github_format() {
    let run = run(&["check", "--format", "github", BROKEN]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn sarif_format_is_valid_sarif() {
    let run = run(&["check", "--format", "sarif", BROKEN, CLEAN]);
    assert_eq!(run.code, 1);
    validate("tests/fixtures/sarif-2.1.0.schema.json", &run.stdout);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // Three syntax errors and two `missing-owner` advice.
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 5);
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn sarif_rules_carry_their_docs_inline_and_no_dead_links() {
    let run = run(&["check", "--format", "sarif", BROKEN]);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let driver = &log["runs"][0]["tool"]["driver"];
    // Built without `JOURNEY_PROJECT_URL`: the project has no public home.
    assert!(driver.get("informationUri").is_none(), "{driver}");
    for rule in driver["rules"].as_array().unwrap() {
        let code = rule["id"].as_str().unwrap();
        let docs = journey_check::rules::rule(code).unwrap().docs;
        assert!(rule.get("helpUri").is_none(), "{rule}");
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(markdown.contains(docs.trim()), "{code}: {markdown}");
        assert!(rule["help"]["text"].as_str().unwrap().contains(docs.trim()));
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
    }
    assert!(!run.stdout.contains("Uri\""), "no links: {}", run.stdout);
}

#[test]
fn deny_warnings_is_accepted() {
    assert_eq!(run(&["check", "--deny", "warnings", CLEAN]).code, 0);
}

fn validate(schema: &str, output: &str) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join(schema)).unwrap()).unwrap();
    let instance: serde_json::Value = serde_json::from_str(output).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{output}\n{}", errors.join("\n"));
}

#[test]
fn lsp_accepts_the_stdio_flag_that_vscode_languageclient_passes() {
    // With stdin closed before `shutdown`, the server exits with 1; a usage
    // error would be 2.
    let output = journey()
        .args(["lsp", "--stdio"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_directory_larger_than_a_batch_is_reported_in_order_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let count = 2 * journey_check::BATCH + 7;
    for i in 0..count {
        let sub = dir.path().join(format!("d{}", i % 3));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("m{i:04}.journey")),
            format!("import \"../lib.journey\"\nteam t{i} \"T\" bogus\n"),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("lib.journey"),
        "team x \"X\"\nteam x \"X\"\n",
    )
    .unwrap();
    let run = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    // One syntax error per checked file, the library's duplicate once.
    assert_eq!(files.len(), count + 1);
    assert_eq!(report["summary"]["files"], count + 1);
}

/// The files `journey check --format json ARGS` reports on, in order.
fn reported_files(cwd: &Path, args: &[&str]) -> Vec<String> {
    let output = journey()
        .current_dir(cwd)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn overlapping_and_unsorted_arguments_report_each_file_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["a.journey", "d/b.journey", "d/e/c.journey", "f.journey"] {
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "team t \"T\" bogus\n").unwrap();
    }
    let all = ["a.journey", "d/b.journey", "d/e/c.journey", "f.journey"];
    for args in [
        &["."][..],
        &["a.journey", "d", "f.journey"],
        &["f.journey", "d", "a.journey"],
        &["d", "d/e", "a.journey", "f.journey", "d/b.journey"],
        &["d/e/c.journey", ".", "a.journey"],
    ] {
        assert_eq!(reported_files(dir.path(), args), all, "{args:?}");
    }
    // Two names of one file: the first argument's name is kept, whether
    // the arguments come sorted or not.
    assert_eq!(
        reported_files(dir.path(), &["./a.journey", "a.journey"]),
        ["./a.journey"]
    );
    assert_eq!(
        reported_files(dir.path(), &["a.journey", "./a.journey"]),
        ["a.journey"]
    );
}

/// A file handed out in an early batch and imported by a file of a later
/// one (more than a batch of files apart): it and each of its findings are
/// reported once, and a clash that only the importer reveals comes once.
#[test]
fn a_file_imported_batches_later_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    let write = |name: &str, text: &str| std::fs::write(root.join(name), text).unwrap();
    write("a.journey", "team x \"X\"\nteam x \"Again\"\n");
    write("b1.journey", "team y \"Y\"\n");
    write("b2.journey", "team y \"Y again\"\n");
    for i in 0..300 {
        write(&format!("m{i:03}.journey"), &format!("team t{i} \"T\"\n"));
    }
    write(
        "z.journey",
        "import \"a.journey\"\nimport \"b1.journey\"\nimport \"b2.journey\"\nteam z \"Z\"\n",
    );
    let run = run(&["check", "--format", "json", root.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let duplicates = |file: &str| {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "duplicate-definition")
            .filter(|d| d["file"].as_str().unwrap().ends_with(file))
            .count()
    };
    assert_eq!(duplicates("/a.journey"), 1, "{}", run.stdout);
    assert_eq!(duplicates("/b2.journey"), 1, "{}", run.stdout);
}

/// A directory's report is each file's own report in turn, in every format,
/// whether a file is rendered ahead on another thread (a chunk of small
/// files) or in its turn (a file with more than a thousand diagnostics), and
/// whether it has diagnostics or none.
#[test]
fn a_directory_reports_each_file_as_it_would_alone_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string(repo().join(CLEAN)).unwrap();
    let many: String = (0..1_100).map(|i| format!("team a{i}\n@\n")).collect();
    let files = [
        ("a.journey", clean.clone()),
        ("b.journey", "team t \"T\" bogus\n".to_string()),
        ("c.journey", many),
        ("d.journey", clean),
        ("e.journey", "team u\nteam u\n".to_string()),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let root = dir.path().to_str().unwrap();
    let alone = |format: &str, name: &str| {
        let path = dir.path().join(name);
        run(&["check", "--format", format, path.to_str().unwrap()]).stdout
    };
    for format in ["human", "github"] {
        let whole = run(&["check", "--format", format, root]).stdout;
        let (body, summary) = whole.trim_end().rsplit_once('\n').unwrap();
        let expected: String = files
            .iter()
            .map(|(name, _)| {
                let own = alone(format, name);
                let (own_body, _) = own.trim_end().rsplit_once('\n').unwrap_or(("", ""));
                if own_body.is_empty() {
                    String::new()
                } else {
                    format!("{own_body}\n")
                }
            })
            .collect();
        assert_eq!(format!("{body}\n"), expected, "{format}");
        assert!(summary.ends_with("in 5 files"), "{summary}");
    }
    for (format, list) in [("json", "/diagnostics"), ("sarif", "/runs/0/results")] {
        let whole: serde_json::Value =
            serde_json::from_str(&run(&["check", "--format", format, root]).stdout).unwrap();
        let expected: Vec<serde_json::Value> = files
            .iter()
            .flat_map(|(name, _)| {
                let own: serde_json::Value = serde_json::from_str(&alone(format, name)).unwrap();
                own.pointer(list).unwrap().as_array().unwrap().clone()
            })
            .collect();
        let found = whole.pointer(list).unwrap().as_array().unwrap();
        assert!(found.len() > 1_100, "{format}");
        assert_eq!(found, &expected, "{format}");
    }
}
