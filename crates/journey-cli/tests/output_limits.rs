//! What `journey check` prints stays proportionate and safe, whatever the
//! input: time and memory linear in the diagnostics in every format, long
//! lines clipped in excerpts, control characters escaped, columns counted
//! in characters.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The built binary, without colour.
fn journey() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("journey"));
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

struct Measured {
    code: i32,
    /// Bytes written to stdout.
    len: usize,
    /// The last 64 KiB of stdout.
    tail: String,
    /// CPU time of the child (user + system, from `/proc/PID/stat`, last
    /// seen before exit), or the elapsed time without `/proc`: the machine
    /// may be shared by other builds, which inflates elapsed time only.
    elapsed: Duration,
    /// Peak resident memory of the child (KiB), as last seen in
    /// `/proc/PID/status` (`VmHWM` only grows, so the last reading is the
    /// peak up to a few milliseconds before exit); `None` without `/proc`.
    peak_kib: Option<u64>,
}

/// Runs the binary, counting its output instead of keeping it, and watches
/// its peak memory.
fn measure(args: &[&str]) -> Measured {
    let start = Instant::now();
    let mut child = journey()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut len = 0;
        let mut tail: Vec<u8> = Vec::new();
        let mut buffer = vec![0; 1 << 16];
        loop {
            let n = stdout.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            len += n;
            tail.extend_from_slice(&buffer[..n]);
            if tail.len() > 1 << 17 {
                tail.drain(..tail.len() - (1 << 16));
            }
        }
        (len, String::from_utf8_lossy(&tail).into_owned())
    });
    let status_file = format!("/proc/{}/status", child.id());
    let stat_file = format!("/proc/{}/stat", child.id());
    let mut peak_kib = None;
    let mut cpu = None;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if let Some(kib) = vm_hwm(&status_file) {
            peak_kib = Some(kib);
        }
        if let Some(time) = cpu_time(&stat_file) {
            cpu = Some(time);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let (len, tail) = reader.join().unwrap();
    Measured {
        code: status.code().unwrap_or(-1),
        len,
        tail,
        elapsed: cpu.unwrap_or_else(|| start.elapsed()),
        peak_kib,
    }
}

/// User plus system time from `/proc/PID/stat` (fields 14 and 15, in
/// ticks of 1/100 s, Linux's fixed `USER_HZ`).
fn cpu_time(stat_file: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(stat_file).ok()?;
    // The command name (field 2) may hold spaces: count from its `)`.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn vm_hwm(status_file: &str) -> Option<u64> {
    let status = std::fs::read_to_string(status_file).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// 200 000 syntax errors (in a 2.9 MB file) under `cargo test --release`;
/// an eighth of that in a debug build, whose serde is some ten times slower
/// (the bounds below scale with the count).
fn error_count() -> usize {
    if cfg!(debug_assertions) {
        25_000
    } else {
        200_000
    }
}

#[test]
fn every_format_renders_many_syntax_errors_in_linear_time_and_memory() {
    let n = error_count();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.journey");
    // A valid line between two broken ones: one diagnostic each.
    let text: String = (0..n).map(|i| format!("team t{i}\n@\n")).collect();
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    for format in ["human", "json", "github", "sarif"] {
        let run = measure(&["check", "--format", format, path]);
        assert_eq!(run.code, 1, "{format}");
        assert!(
            run.elapsed < Duration::from_secs(10),
            "{format}: {:?} for {n} errors",
            run.elapsed
        );
        if let Some(peak) = run.peak_kib {
            // The checker holds each diagnostic (about 1.3 KB with its
            // message and help); a renderer that built the whole output in
            // memory first (SARIF took 7 KB per diagnostic) fails this.
            let bound = 40 * 1024 + 2 * n as u64;
            assert!(
                peak < bound,
                "{format}: {peak} KiB > {bound} KiB for {n} errors"
            );
        }
        let summary = format!("{n} errors, 0 warnings in 1 file");
        match format {
            "human" => {
                // The first hundred, then a count: not 200 000 excerpts.
                assert!(run.len < 100_000, "{} bytes", run.len);
                assert!(
                    run.tail.contains(&format!(
                        "… and {} more `syntax-error` in {path} (`--format json` lists them all)",
                        n - 100
                    )),
                    "{}",
                    run.tail
                );
                assert!(run.tail.ends_with(&format!("{summary}\n")));
            }
            "github" => assert!(run.tail.ends_with(&format!("{summary}\n"))),
            "json" => assert!(run.tail.contains(&format!("\"errors\": {n},"))),
            _ => assert!(run.tail.ends_with("\n  ]\n}\n")),
        }
    }
}

#[test]
fn machine_formats_keep_every_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.journey");
    let text: String = (0..150).map(|i| format!("team t{i}\n@\n")).collect();
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    let output = journey()
        .args(["check", "--format", "json", path])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 150);
    let output = journey()
        .args(["check", "--format", "sarif", path])
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 150);
    // Rules are described once; results point at them.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let index = results[0]["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "syntax-error");
}

fn human(path: &Path) -> String {
    let output = journey().arg("check").arg(path).output().unwrap();
    assert!(
        output.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_diagnostic_far_along_a_long_line_is_shown_clipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.journey");
    let label = "x".repeat(200_000);
    std::fs::write(&path, format!("team a \"{label}\" bogus\n")).unwrap();
    let out = human(&path);
    // `team a "` is 8 characters, the label 200 000, `" ` 2 more.
    assert!(
        out.contains(&format!("long.journey:1:{}]", 8 + 200_000 + 2 + 1)),
        "{out}"
    );
    assert!(out.contains("…x"), "{out}");
    assert!(out.contains("\" bogus"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
}

#[test]
fn invalid_utf8_far_along_a_long_line_is_shown_clipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.journey");
    let mut bytes = b"team a \"".to_vec();
    bytes.extend(std::iter::repeat_n(b'y', 100_000));
    bytes.extend(b"caf\xE9\"\n");
    std::fs::write(&path, bytes).unwrap();
    let out = human(&path);
    assert!(out.contains("invalid-utf8"), "{out}");
    assert!(out.contains(&format!("latin1.journey:1:{}]", 8 + 100_000 + 3 + 1)));
    assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
}

#[test]
fn human_columns_count_characters_like_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("polish.journey");
    std::fs::write(&path, "team a \"żółw 😀\" x\n").unwrap();
    let out = human(&path);
    // Bytes would say 22; characters (JSON, SARIF, GitHub) say 17.
    assert!(out.contains("polish.journey:1:17]"), "{out}");
    let json = journey()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["range"]["start"]["column"], 17);
}

/// No byte of a terminal control sequence survives in human output.
fn assert_no_controls(out: &str) {
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{7f}', '\r'] {
        assert!(!out.contains(c), "{c:?} in\n{out}");
    }
}

#[test]
fn human_output_escapes_control_characters_from_the_input() {
    let dir = tempfile::tempdir().unwrap();
    // In a label, quoted in a message (an unknown id), in an import path.
    let path = dir.path().join("evil.journey");
    std::fs::write(
        &path,
        "team a \"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\" bogus\n\
         import \"\u{1b}[31mmissing.journey\"\n",
    )
    .unwrap();
    let out = human(&path);
    assert_no_controls(&out);
    assert!(out.contains("\\u{1b}]0;pwned\\u{7}"), "{out}");
    assert!(out.contains("\\u{1b}[31mmissing.journey"), "{out}");

    // In `journey.toml`, echoed in its excerpt and its message.
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("journey.toml"),
        "[lints]\n\"\u{1b}[2Jbad\u{1b}\" = \"deny\"\n",
    )
    .unwrap();
    std::fs::write(project.path().join("ok.journey"), "team a \"A\"\n").unwrap();
    let output = journey().arg("check").arg(project.path()).output().unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains("invalid-config"), "{out}");
    assert!(out.contains("\\u{1b}[2Jbad"), "{out}");
    assert_no_controls(&out);
}

#[cfg(unix)]
#[test]
fn human_output_escapes_control_characters_in_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("\u{1b}[2Jevil.journey");
    std::fs::write(&path, "team a \"A\" bogus\n").unwrap();
    let out = human(&path);
    assert!(out.contains("\\u{1b}[2Jevil.journey:1:12]"), "{out}");
    assert_no_controls(&out);
    // And in a usage error on stderr.
    let missing = dir.path().join("\u{1b}]0;x\u{7}.journey");
    let output = journey().arg("check").arg(&missing).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("\\u{1b}]0;x\\u{7}.journey"), "{err}");
    assert_no_controls(&err);
}
