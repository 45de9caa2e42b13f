//! A hostile repository: symbolic links out of the project root, links to
//! `.` (loops), a FIFO, a huge sparse file and a link to `/dev/zero`, each
//! named like a journey. `journey check` must answer every case within
//! seconds with a clear diagnostic, read nothing outside the root, and read
//! each file once however many routes lead to it.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::lsp;

/// What the file outside the root says: it must never appear in any output.
const SECRET: &str = "SECRET-OUTSIDE-THE-ROOT";

const MAP: &str = "journey j \"J\" {\n    goal \"g\"\n    owner t\n    stage s {\n        touchpoint tp {\n            channel web\n        }\n    }\n}\n";

struct Tree {
    _dir: tempfile::TempDir,
    /// The project root (holds `.git`).
    project: PathBuf,
    outside: PathBuf,
}

/// Builds the tree; `main.journey` imports every trap.
fn hostile_tree() -> Tree {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    let project = dir.path().join("project");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(project.join(".git")).unwrap();
    std::fs::write(
        outside.join("secret.journey"),
        format!("team secret \"{SECRET}\"\n"),
    )
    .unwrap();
    symlink(
        outside.join("secret.journey"),
        project.join("passwd.journey"),
    )
    .unwrap();
    symlink(&outside, project.join("linked-dir")).unwrap();
    symlink(".", project.join("loop")).unwrap();
    symlink(".", project.join("loop2")).unwrap();
    symlink("/dev/zero", project.join("zero.journey")).unwrap();
    let status = Process::new("mkfifo")
        .arg(project.join("fifo.journey"))
        .status()
        .unwrap();
    assert!(status.success());
    // 2 GB of nothing: a sparse file costs no disk.
    let sparse = std::fs::File::create(project.join("sparse.journey")).unwrap();
    sparse.set_len(2 << 30).unwrap();
    drop(sparse);
    std::fs::write(project.join("shared.journey"), "team t \"T\"\n").unwrap();
    // Each file imports itself twice more through the two loops: without
    // file identity, every route is a new file and the graph explodes.
    std::fs::write(
        project.join("deep.journey"),
        "import \"loop/deep.journey\"\nimport \"loop2/deep.journey\"\nimport \"loop/loop2/shared.journey\"\n",
    )
    .unwrap();
    let outside_abs = outside.join("secret.journey");
    std::fs::write(
        project.join("main.journey"),
        format!(
            "import \"shared.journey\"\n\
             import \"loop/shared.journey\"\n\
             import \"loop/loop2/loop/shared.journey\"\n\
             import \"deep.journey\"\n\
             import \"passwd.journey\"\n\
             import \"linked-dir/secret.journey\"\n\
             import \"../outside/secret.journey\"\n\
             import \"{}\"\n\
             import \"fifo.journey\"\n\
             import \"zero.journey\"\n\
             import \"sparse.journey\"\n\
             {MAP}",
            outside_abs.display()
        ),
    )
    .unwrap();
    Tree {
        _dir: dir,
        project,
        outside,
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn journey(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("journey")
        .unwrap()
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_ne!(run.code, -1, "killed (timeout?): {}", run.stderr);
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "read outside the root:\n{}{}",
        run.stdout,
        run.stderr
    );
    run
}

/// `(code, line)` of each diagnostic of `main.journey`.
fn main_diagnostics(run: &Run) -> Vec<(String, u64)> {
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut out: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with("main.journey"))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort_by_key(|(_, line)| *line);
    out
}

fn expected_main_diagnostics() -> Vec<(String, u64)> {
    [
        ("import-outside-root", 5),
        ("import-outside-root", 6),
        ("import-outside-root", 7),
        ("import-outside-root", 8),
        ("import-not-found", 9),
        // `/dev/zero` lies outside the root too.
        ("import-outside-root", 10),
        ("import-not-found", 11),
        // The map names no persona (an advice of language 1.1).
        ("missing-audience", 12),
    ]
    .into_iter()
    .map(|(code, line)| (code.to_string(), line))
    .collect()
}

#[test]
fn every_escape_and_trap_is_a_diagnostic_however_the_file_is_named() {
    let tree = hostile_tree();
    let absolute = tree.project.join("main.journey");
    let absolute = absolute.to_str().unwrap();
    let sub = tree.project.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    for (cwd, name) in [
        (&tree.project, "main.journey"),
        (&tree.project, absolute),
        (&sub, "../main.journey"),
        (&tree.outside, absolute),
    ] {
        let started = std::time::Instant::now();
        let run = journey(cwd, &["check", name, "--format", "json"]);
        assert!(started.elapsed() < Duration::from_secs(20));
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(
            main_diagnostics(&run),
            expected_main_diagnostics(),
            "checked as {name} from {}",
            cwd.display()
        );
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        // main, shared and deep: each read once, whatever the route.
        assert_eq!(report["summary"]["files"], 3, "{}", run.stdout);
        assert!(!run.stdout.contains("duplicate-definition"));
    }
}

#[test]
fn traps_say_why_they_cannot_be_read() {
    let tree = hostile_tree();
    let run = journey(
        &tree.project,
        &["check", "main.journey", "--format", "json"],
    );
    for reason in [
        "through a symbolic link",
        "outside the project root",
        "not a regular file: it is a named pipe",
        "over the size limit of 64 MiB",
    ] {
        assert!(run.stdout.contains(reason), "{reason}:\n{}", run.stdout);
    }
}

#[test]
fn a_named_fifo_or_device_is_an_unreadable_input() {
    let tree = hostile_tree();
    for name in ["fifo.journey", "zero.journey"] {
        let run = journey(&tree.project, &["check", name]);
        assert_eq!(run.code, 2, "{name}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    }
    let run = journey(&tree.project, &["check", "sparse.journey"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("over the size limit"), "{}", run.stderr);
}

#[test]
fn the_size_limit_is_set_in_journey_toml() {
    let tree = hostile_tree();
    std::fs::write(
        tree.project.join("journey.toml"),
        "[limits]\nmax-file-size = \"1 KiB\"\n",
    )
    .unwrap();
    let big = format!("{}{MAP}", "// padding\n".repeat(200));
    std::fs::write(tree.project.join("big.journey"), big).unwrap();
    let run = journey(&tree.project, &["check", "big.journey"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("over the size limit of 1 KiB"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_directory_walk_stays_inside_and_ends() {
    let tree = hostile_tree();
    let run = journey(&tree.project, &["check", ".", "--format", "json"]);
    // The FIFO and the sparse file are unreadable inputs; the link to
    // `/dev/zero` leads outside the directory and is not taken.
    assert_eq!(run.code, 2, "{}", run.stderr);
    for name in ["fifo.journey", "sparse.journey"] {
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("zero.journey"), "{}", run.stderr);
    // Nothing was walked twice through the loops, nor through the links out.
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(files.iter().all(|f| !f.contains("loop")), "{files:?}");
    assert!(files.iter().all(|f| !f.contains("secret")), "{files:?}");
}

#[test]
fn the_language_server_reads_nothing_outside_the_root_either() {
    use serde_json::json;
    let tree = hostile_tree();
    let path = tree.project.join("main.journey");
    let uri = lsp::uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut server = lsp::Server::start(&tree.project);
    server.initialize(&tree.project);
    let diagnostics = server.open(&path, &text);
    let mut codes: Vec<(String, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
            )
        })
        .collect();
    codes.sort_by_key(|(_, line)| *line);
    assert_eq!(codes, expected_main_diagnostics());
    // Go to definition on the linked import, and on the `..` one.
    for (id, line) in [(2, 4), (3, 6)] {
        let answer = server.request(
            id,
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 10}}),
        );
        let result = &answer["result"];
        assert!(
            result.is_null() || result.as_array().is_some_and(Vec::is_empty),
            "{answer}"
        );
    }
    // Hover over the whole file: nothing from outside shows up.
    for line in 0..12u64 {
        server.request(
            100 + line,
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 9}}),
        );
    }
    assert!(!server.transcript.contains(SECRET), "{}", server.transcript);
}
