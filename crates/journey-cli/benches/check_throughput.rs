//! `journey check` of a generated 100,000-line journey, end to end (the
//! release binary as a process: start-up, reading, parsing, checking,
//! rendering), against Python's `json.load` of the compiled JSON of the same
//! journey, measured in the same run.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-bench cargo bench -p journey-cli --bench check_throughput
//! ```
//!
//! Targets: ≥ 30 MB/s on one core; no slower than `json.load`; peak memory
//! under 20× the source size. Every process is pinned to core 0 with
//! `taskset -c 0` (when installed). Times are the median of `RUNS` runs (the
//! minimum is printed too: on a machine shared with other builds it is the
//! best estimate of the idle cost). Peak memory is `/usr/bin/time -v`'s
//! "Maximum resident set size" of one more run. Arguments: `LINES` and `RUNS`
//! (defaults 100000 and 15); cargo's `--bench` flag is ignored. With
//! `--write PATH` it only writes the generated journey to `PATH` (for
//! profiling `journey check PATH` by hand).

// A bench binary reports its figures on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

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

    let journey = env!("CARGO_BIN_EXE_journey");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let source = dir.path().join("generated.journey");
    let json = dir.path().join("generated.json");
    let text = journey_syntax::testgen::journey(lines);
    std::fs::write(&source, &text).expect("the journey is written");
    let size = text.len();
    let pin = Path::new("/usr/bin/taskset").exists();
    println!(
        "input: {} lines, {} bytes; {runs} runs each{}",
        text.lines().count(),
        size,
        if pin {
            ", pinned to core 0 (taskset -c 0)"
        } else {
            " (taskset not found: not pinned)"
        }
    );

    // The compiled JSON, which also proves that the journey is valid.
    let status = command(pin, journey)
        .arg("compile")
        .arg(&source)
        .arg("-o")
        .arg(&json)
        .status()
        .expect("`journey compile` runs");
    assert!(status.success(), "`journey compile` failed");
    let json_size = std::fs::metadata(&json).map_or(0, |m| m.len());

    // `journey check`, end to end.
    let mut check = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let output = command(pin, journey)
            .arg("check")
            .arg(&source)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("`journey check` runs");
        check.push(started.elapsed().as_secs_f64());
        assert!(
            output.status.success(),
            "`journey check` found problems:\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    let check_median = median(&mut check);
    let check_min = check[0];

    // The same with `--format json`: checking without the human renderer.
    let mut json_check = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let output = command(pin, journey)
            .args(["check", "--format", "json"])
            .arg(&source)
            .output()
            .expect("`journey check --format json` runs");
        json_check.push(started.elapsed().as_secs_f64());
        assert!(
            output.status.success(),
            "`journey check --format json` failed"
        );
    }
    let json_check_median = median(&mut json_check);
    let json_check_min = json_check[0];
    let mb = size as f64 / 1e6;

    // Peak memory.
    let peak = peak_rss(pin, journey, &source);

    // Python: `json.load` alone (timed inside the interpreter, so start-up
    // is not counted against Python), each run in a fresh process.
    let script = "import json,sys,time\n\
                  t=time.perf_counter()\n\
                  with open(sys.argv[1],'rb') as f: json.load(f)\n\
                  print(time.perf_counter()-t)";
    let mut python = Vec::with_capacity(runs);
    let mut python_process = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let output = command(pin, "python3")
            .args(["-c", script])
            .arg(&json)
            .output()
            .expect("python3 runs");
        python_process.push(started.elapsed().as_secs_f64());
        assert!(output.status.success(), "python3 failed");
        let seconds: f64 = String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .expect("python prints a time");
        python.push(seconds);
    }
    let python_median = median(&mut python);
    let python_min = python[0];
    let python_process_median = median(&mut python_process);

    println!();
    println!(
        "journey check (process)   median {:8.1} ms  min {:8.1} ms  → {:6.1} MB/s median, {:6.1} MB/s best  (target ≥ 30 MB/s: {})",
        check_median * 1e3,
        check_min * 1e3,
        mb / check_median,
        mb / check_min,
        verdict(mb / check_median >= 30.0)
    );
    println!(
        "journey check --format json median {:8.1} ms  min {:8.1} ms  → {:6.1} MB/s median, {:6.1} MB/s best",
        json_check_median * 1e3,
        json_check_min * 1e3,
        mb / json_check_median,
        mb / json_check_min
    );
    match peak {
        Some(bytes) => println!(
            "peak memory (max RSS)     {:8.1} MB = {:.1}× the source size  (target < 20×: {})",
            bytes as f64 / 1e6,
            bytes as f64 / size as f64,
            verdict((bytes as f64) < 20.0 * size as f64)
        ),
        None => println!("peak memory: /usr/bin/time not found (apt-get install -y time)"),
    }
    println!(
        "python json.load          median {:8.1} ms  min {:8.1} ms  ({} bytes of JSON; whole python3 process: median {:.1} ms)",
        python_median * 1e3,
        python_min * 1e3,
        json_size,
        python_process_median * 1e3
    );
    println!(
        "ratio check / json.load   median {:.2}  best {:.2}  (target ≤ 1: {})",
        check_median / python_median,
        check_min / python_min,
        verdict(check_median <= python_median)
    );
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

/// Sorts `times` and returns the median.
fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    let n = times.len();
    if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2.0
    }
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
