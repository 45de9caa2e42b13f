//! `journey check` of a generated 100,000-line journey, end to end (the
//! release binary as a process: start-up, reading, parsing, checking,
//! rendering), against Python's `json.load` of the compiled JSON of the same
//! journey, measured in the same run.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-bench cargo bench -p journey-cli --bench check_throughput [-- LINES RUNS] [--pin]
//! # the file alone, for profiling:
//! cargo bench -p journey-cli --bench check_throughput -- --write /tmp/bench100k.journey
//! ```
//!
//! Issue #16's targets: ≥ 40 MB/s end to end; at most 0.7× the time of
//! `json.load` of the compiled model; peak memory at most 10× the file. The
//! processes use both cores (`--pin`: every one pinned to core 0 with
//! `taskset -c 0`, the figures of the first landing). Each round runs
//! `journey check`, `json.load` (timed inside the interpreter, its start-up
//! not counted) and `journey check --format json` in turn, so that a change
//! in the machine's load touches all three; times are the median and the
//! best of `RUNS` rounds (default 15).

// A bench prints what it measured.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Issue #16's targets.
const MB_PER_S: f64 = 40.0;
const JSON_LOAD_RATIO: f64 = 0.7;
const RSS_PER_BYTE: f64 = 10.0;

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<usize> = raw.iter().filter_map(|a| a.parse().ok()).collect();
    let lines = args.first().copied().unwrap_or(100_000);
    let runs = args.get(1).copied().unwrap_or(15).max(1);
    if let Some(at) = raw.iter().position(|a| a == "--write") {
        let path = raw.get(at + 1).expect("`--write PATH`");
        std::fs::write(path, journey_syntax::testgen::journey(lines))
            .expect("the journey is written");
        return;
    }
    let pin = raw.iter().any(|a| a == "--pin");
    if pin && !Path::new("/usr/bin/taskset").exists() {
        panic!("`--pin` needs /usr/bin/taskset");
    }

    let journey = env!("CARGO_BIN_EXE_journey");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let source = dir.path().join("generated.journey");
    let json = dir.path().join("generated.json");
    let text = journey_syntax::testgen::journey(lines);
    std::fs::write(&source, &text).expect("the journey is written");
    let size = text.len();
    println!(
        "input: {} lines, {} bytes; {runs} rounds; {}; load average {}",
        text.lines().count(),
        size,
        if pin {
            "pinned to core 0 (taskset -c 0)"
        } else {
            "both cores"
        },
        load_average()
    );

    let status = command(pin, journey)
        .arg("compile")
        .arg(&source)
        .arg("-o")
        .arg(&json)
        .status()
        .expect("`journey compile` runs");
    assert!(status.success(), "`journey compile` failed");
    let json_size = std::fs::metadata(&json).map_or(0, |m| m.len());

    let script = "import json,sys,time\n\
                  t=time.perf_counter()\n\
                  with open(sys.argv[1],'rb') as f: json.load(f)\n\
                  print(time.perf_counter()-t)";
    let (mut check, mut json_check, mut python) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        check.push(time_check(pin, journey, &source, &[]));
        let output = command(pin, "python3")
            .args(["-c", script])
            .arg(&json)
            .output()
            .expect("python3 runs");
        assert!(output.status.success(), "python3 failed");
        let seconds: f64 = String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .expect("python prints a time");
        python.push(seconds);
        json_check.push(time_check(pin, journey, &source, &["--format", "json"]));
    }
    let ratios: Vec<f64> = check.iter().zip(&python).map(|(c, p)| c / p).collect();
    let (check, json_check, python) = (Times::of(check), Times::of(json_check), Times::of(python));
    let ratio = Times::of(ratios);
    let mb = size as f64 / 1e6;
    let peak = peak_rss(pin, journey, &source);

    println!();
    println!(
        "journey check             median {:7.1} ms  best {:7.1} ms  → {:5.1} MB/s median, {:5.1} MB/s best  (target ≥ {MB_PER_S} MB/s: {})",
        check.median * 1e3,
        check.best * 1e3,
        mb / check.median,
        mb / check.best,
        verdict(mb / check.median >= MB_PER_S)
    );
    println!(
        "journey check --format json median {:5.1} ms  best {:7.1} ms  → {:5.1} MB/s median",
        json_check.median * 1e3,
        json_check.best * 1e3,
        mb / json_check.median,
    );
    println!(
        "python json.load          median {:7.1} ms  best {:7.1} ms  ({json_size} bytes of JSON)",
        python.median * 1e3,
        python.best * 1e3,
    );
    println!(
        "check / json.load         median {:.2} (round by round)  best {:.2}  (target ≤ {JSON_LOAD_RATIO}: {})",
        ratio.median,
        check.best / python.best,
        verdict(ratio.median <= JSON_LOAD_RATIO)
    );
    match peak {
        Some(bytes) => println!(
            "peak memory (max RSS)     {:7.1} MB = {:.1}× the file  (target ≤ {RSS_PER_BYTE}×: {})",
            bytes as f64 / 1e6,
            bytes as f64 / size as f64,
            verdict(bytes as f64 <= RSS_PER_BYTE * size as f64)
        ),
        None => println!("peak memory: /usr/bin/time not found (apt-get install -y time)"),
    }
}

/// One `journey check [ARGS] FILE` as a process, in seconds.
fn time_check(pin: bool, journey: &str, source: &Path, args: &[&str]) -> f64 {
    let started = Instant::now();
    let output = command(pin, journey)
        .arg("check")
        .args(args)
        .arg(source)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("`journey check` runs");
    let elapsed = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "`journey check` found problems:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    elapsed
}

struct Times {
    median: f64,
    best: f64,
}

impl Times {
    fn of(mut times: Vec<f64>) -> Times {
        times.sort_by(f64::total_cmp);
        let n = times.len();
        let median = if n % 2 == 1 {
            times[n / 2]
        } else {
            (times[n / 2 - 1] + times[n / 2]) / 2.0
        };
        Times {
            median,
            best: times[0],
        }
    }
}

fn command(pin: bool, program: &str) -> Command {
    if pin {
        let mut command = Command::new("/usr/bin/taskset");
        command.args(["-c", "0", program]);
        command
    } else {
        Command::new(program)
    }
}

/// The one-minute load average, as the kernel shows it ("?" elsewhere).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

/// "Maximum resident set size" of `/usr/bin/time -v journey check FILE`.
fn peak_rss(pin: bool, journey: &str, source: &Path) -> Option<u64> {
    if !Path::new("/usr/bin/time").exists() {
        return None;
    }
    let mut command = Command::new("/usr/bin/time");
    command.arg("-v");
    if pin {
        command.args(["/usr/bin/taskset", "-c", "0"]);
    }
    let output = command
        .arg(journey)
        .arg("check")
        .arg(source)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}
