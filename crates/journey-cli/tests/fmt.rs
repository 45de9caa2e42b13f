//! End-to-end tests of `journey fmt`: rewriting, `--check`, standard input,
//! and never losing data (broken, non-UTF-8, read-only and linked files).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `journey` without colour, run in `dir`.
fn journey(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("journey").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8(self.stdout.clone()).unwrap()
    }
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = journey(dir);
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

const MESSY: &str = "team a \"A\"\n  team   b\npersona p{segment b2c // who\n}\n";
const MESSY_FORMATTED: &str = "team a \"A\"\nteam b\n\npersona p {\n    segment b2c // who\n}\n";
const CLEAN: &str = "team a \"A\"\n";
const BROKEN: &str = "journey j {\n  goal \"never closed\n}\n";

/// Every file of a directory and its bytes, sorted by name.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = if path.is_file() {
                fs::read(&path).unwrap()
            } else {
                Vec::new()
            };
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn check_lists_unformatted_files_and_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("messy.journey"), MESSY).unwrap();
    fs::write(dir.path().join("clean.journey"), CLEAN).unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub/deep.journey"), MESSY).unwrap();
    let before = snapshot(dir.path());
    let modified = fs::metadata(dir.path().join("messy.journey"))
        .unwrap()
        .modified()
        .unwrap();

    let run = run_in(dir.path(), &["fmt", "--check", "."], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout(), "messy.journey\nsub/deep.journey\n");
    assert!(
        run.stderr.contains("2 of 3 files are not formatted"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(dir.path()), before, "--check wrote something");
    let after = fs::metadata(dir.path().join("messy.journey"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(modified, after);

    let run = run_in(dir.path(), &["fmt", "--check", "clean.journey"], None);
    assert_eq!((run.code, run.stdout()), (0, String::new()));
}

#[test]
fn fmt_rewrites_files_in_place_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("messy.journey"), MESSY).unwrap();
    fs::write(dir.path().join("clean.journey"), CLEAN).unwrap();

    let run = run_in(dir.path(), &["fmt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout(), "");
    assert_eq!(
        fs::read_to_string(dir.path().join("messy.journey")).unwrap(),
        MESSY_FORMATTED
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("clean.journey")).unwrap(),
        CLEAN
    );
    // No temporary file is left behind.
    let names: Vec<_> = snapshot(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["clean.journey", "messy.journey"]);

    let run = run_in(dir.path(), &["fmt", "--check"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn the_atomic_replace_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.journey");
    fs::write(&path, MESSY).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();

    let run = run_in(dir.path(), &["fmt", "map.journey"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), MESSY_FORMATTED);
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_followed_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    let target = dir.path().join("real/map.journey");
    fs::write(&target, MESSY).unwrap();
    let link = dir.path().join("link.journey");
    std::os::unix::fs::symlink("real/map.journey", &link).unwrap();

    let run = run_in(dir.path(), &["fmt", "link.journey"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap(), MESSY_FORMATTED);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_reported_and_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.journey");
    fs::write(&path, MESSY).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();

    let run = run_in(dir.path(), &["fmt", "locked.journey"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), MESSY);
}

#[test]
fn a_file_with_syntax_errors_is_left_untouched_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    // CRLF, a BOM and trailing spaces: nothing of it may change.
    let broken = format!("\u{FEFF}  {}   \r\n", BROKEN.replace('\n', "\r\n"));
    fs::write(dir.path().join("broken.journey"), &broken).unwrap();
    fs::write(dir.path().join("messy.journey"), MESSY).unwrap();

    let run = run_in(dir.path(), &["fmt", "."], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("syntax-error"), "{}", run.stderr);
    assert!(run.stderr.contains("unterminated string"), "{}", run.stderr);
    assert!(run.stderr.contains("broken.journey"), "{}", run.stderr);
    assert_eq!(
        fs::read(dir.path().join("broken.journey")).unwrap(),
        broken.as_bytes()
    );
    // The other files are still formatted.
    assert_eq!(
        fs::read_to_string(dir.path().join("messy.journey")).unwrap(),
        MESSY_FORMATTED
    );

    let run = run_in(dir.path(), &["fmt", "--check", "broken.journey"], None);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout(), "");
}

#[test]
fn a_file_that_is_not_utf8_is_reported_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"team caf\xe9   \"Caf\xe9\"\n  team b\n".to_vec();
    fs::write(dir.path().join("latin1.journey"), &bytes).unwrap();

    let run = run_in(dir.path(), &["fmt", "latin1.journey"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("invalid-utf8"), "{}", run.stderr);
    assert_eq!(fs::read(dir.path().join("latin1.journey")).unwrap(), bytes);
}

#[test]
fn a_missing_path_is_a_usage_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("messy.journey"), MESSY).unwrap();
    let run = run_in(
        dir.path(),
        &["fmt", "messy.journey", "missing.journey"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("missing.journey"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("messy.journey")).unwrap(),
        MESSY
    );
}

#[test]
fn stdin_is_formatted_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["fmt", "-"], Some(MESSY.as_bytes()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout(), MESSY_FORMATTED);
    assert_eq!(run.stderr, "");

    let run = run_in(dir.path(), &["fmt", "--check", "-"], Some(MESSY.as_bytes()));
    assert_eq!((run.code, run.stdout()), (1, "<stdin>\n".to_string()));
    let run = run_in(
        dir.path(),
        &["fmt", "--check", "-"],
        Some(MESSY_FORMATTED.as_bytes()),
    );
    assert_eq!((run.code, run.stdout()), (0, String::new()));
}

#[test]
fn broken_stdin_is_reported_and_echoed_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["fmt", "-"], Some(BROKEN.as_bytes()));
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, BROKEN.as_bytes());
    assert!(run.stderr.contains("<stdin>"), "{}", run.stderr);
    assert!(run.stderr.contains("syntax-error"), "{}", run.stderr);

    let latin1 = b"team caf\xe9\n";
    let run = run_in(dir.path(), &["fmt", "-"], Some(latin1));
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, latin1);
    assert!(run.stderr.contains("invalid-utf8"), "{}", run.stderr);
}

#[test]
fn stdin_cannot_be_mixed_with_paths() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("messy.journey"), MESSY).unwrap();
    let run = run_in(dir.path(), &["fmt", "-", "messy.journey"], Some(b""));
    assert_eq!(run.code, 2);
    assert_eq!(
        fs::read_to_string(dir.path().join("messy.journey")).unwrap(),
        MESSY
    );
}

#[test]
fn the_examples_are_formatted() {
    let run = run_in(&repo(), &["fmt", "--check", "examples/"], None);
    assert_eq!(
        run.code,
        0,
        "unformatted examples:\n{}{}",
        run.stdout(),
        run.stderr
    );
}
