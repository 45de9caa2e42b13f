//! `journey completions SHELL` and `journey man`: the scripts are valid for
//! their shell and complete what the command line accepts; the manual page
//! names every subcommand and renders with `man`.
//!
//! The list of subcommands is read from `journey --help`, not from the
//! generators under test.

// Tests print what they skipped or measured.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;

fn journey() -> Command {
    let mut command = Command::cargo_bin("journey").unwrap();
    command.env("NO_COLOR", "1");
    command
}

fn stdout_of(args: &[&str]) -> String {
    let output = journey().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "journey {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "journey {args:?} wrote to stderr");
    String::from_utf8(output.stdout).unwrap()
}

/// The subcommands `journey --help` lists (clap's `help` included).
fn subcommands() -> Vec<String> {
    let help = stdout_of(&["--help"]);
    let names: Vec<String> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect();
    for expected in ["check", "compile", "fmt", "completions", "man"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    names
}

fn has(program: &str) -> bool {
    Process::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Runs `program args…` with `input` on stdin; returns (success, stdout, stderr).
fn run_with_input(program: &str, args: &[&str], input: &[u8]) -> (bool, String, String) {
    let mut child = Process::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn write_temp(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn bash_completion_is_valid_bash_and_mentions_every_subcommand() {
    let script = stdout_of(&["completions", "bash"]);
    for name in subcommands() {
        assert!(
            script.contains(&name),
            "the bash script never mentions `{name}`"
        );
    }
    let (ok, _, stderr) = run_with_input("bash", &["-n"], script.as_bytes());
    assert!(ok, "bash -n rejects the script: {stderr}");
}

/// What bash offers after `words` (the last one being completed).
fn bash_complete(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n_journey journey '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let (ok, stdout, stderr) = run_with_input("bash", &["--norc", "-s"], program.as_bytes());
    assert!(ok, "completing {words:?} failed: {stderr}");
    stdout.lines().map(str::to_string).collect()
}

#[test]
fn bash_completes_subcommands_options_and_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let script = write_temp(
        dir.path(),
        "journey.bash",
        &stdout_of(&["completions", "bash"]),
    );
    let offered = bash_complete(&script, &["journey", ""]);
    for name in subcommands() {
        assert!(offered.contains(&name), "`{name}` not offered: {offered:?}");
    }
    assert_eq!(
        bash_complete(&script, &["journey", "comp"]),
        ["compile", "completions"]
    );
    assert_eq!(
        bash_complete(&script, &["journey", "check", "--format", ""]),
        ["human", "json", "github", "sarif"]
    );
    let shells = bash_complete(&script, &["journey", "completions", ""]);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(shells.iter().any(|s| s == shell), "{shell} in {shells:?}");
    }
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    let names = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell}: no `{name}`");
        }
    }
}

#[test]
fn zsh_and_fish_scripts_parse_when_those_shells_are_installed() {
    for (shell, args) in [("zsh", &["-n"][..]), ("fish", &["--no-execute"][..])] {
        if !has(shell) {
            eprintln!("skipped: {shell} is not installed");
            continue;
        }
        let script = stdout_of(&["completions", shell]);
        let (ok, _, stderr) = run_with_input(shell, args, script.as_bytes());
        assert!(ok, "{shell} rejects its script: {stderr}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = journey().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("possible values"));
}

#[test]
fn the_man_page_is_roff_and_names_every_subcommand_with_its_options() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH journey 1"), "no title line");
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "COMMANDS",
        "\"EXIT STATUS\"",
    ] {
        assert!(
            page.contains(&format!("\n.SH {section}\n")),
            "no {section} section"
        );
    }
    for name in subcommands() {
        assert!(
            page.contains(&format!(".SS \"journey {name}\"")),
            "no subsection for `journey {name}`"
        );
    }
    // Options of subcommands are documented, not only their names.
    for option in ["\\-\\-format", "\\-\\-deny", "\\-\\-schema", "\\-\\-check"] {
        assert!(page.contains(option), "the page never documents {option}");
    }
    // One page: no references to per-subcommand pages that are not shipped.
    assert!(!page.contains("journey\\-check(1)"));
}

#[test]
fn man_writes_a_file_with_dash_o_and_stdout_with_dash_o_dash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("man1/journey.1");
    let output = journey().args(["man", "-o"]).arg(&path).output().unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, stdout_of(&["man"]));
    assert_eq!(stdout_of(&["man", "-o", "-"]), written);
    let dash = journey()
        .current_dir(dir.path())
        .args(["man", "-o", "-"])
        .output()
        .unwrap();
    assert!(dash.status.success());
    assert!(
        !dir.path().join("-").exists(),
        "`-o -` wrote a file named -"
    );
}

#[test]
fn man_renders_the_page_when_man_is_installed() {
    if !has("man") {
        eprintln!("skipped: man is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(dir.path(), "journey.1", &stdout_of(&["man"]));
    let output = Process::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MAN_KEEP_FORMATTING", "")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "man -l failed: {stderr}");
    assert!(stderr.trim().is_empty(), "man warns: {stderr}");
    let text = String::from_utf8_lossy(&output.stdout);
    // Rendered text, without roff requests or escapes.
    assert!(text.contains("EXIT STATUS"), "{text}");
    assert!(text.contains("journey check"), "{text}");
    assert!(text.contains("--deny"), "{text}");
    assert!(!text.contains(".SH"), "{text}");
    // Examples keep their alignment (unfilled).
    assert!(
        text.contains("journey fmt --check examples/      list the files"),
        "{text}"
    );
}
