//! Checking stays linear: a map ten times larger takes about ten times as
//! long. A quick form runs with the test suite (400 and 4 000 touchpoints,
//! the best of three runs each, so that a noisy machine cannot fail it: a
//! quadratic step would take about 100× as long); the full one with
//! `cargo test --release -p journey-check --test scaling -- --ignored --nocapture`.

// Tests print what they skipped or measured.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::time::Instant;

use journey_check::{check_file, MemoryFileSystem};

/// A journey with `stages × 100` touchpoints using every kind of statement,
/// including `next` chains, promises, completions and unknown names.
fn big(stages: usize) -> String {
    let mut out = String::from(
        "team t \"T\"\npersona p \"P\" { data email }\njourney big \"Big\" {\n    goal \"g\"\n    owner t\n    for p\n",
    );
    let mut n: usize = 0;
    for s in 0..stages {
        out.push_str(&format!("    stage s{s} \"S\" {{\n"));
        for _ in 0..100 {
            n += 1;
            out.push_str(&format!(
                "        touchpoint tp{n} \"T\" {{ channel sms emotion {} next tp{}, tpx{n} moment_of_truth \"m\" }}\n",
                n % 5 + 1,
                n + 1
            ));
            out.push_str(&format!("        desired d{n} \"D\" {{ target 30% }}\n"));
            out.push_str(&format!("        completed d{n} {} of 100\n", n % 100));
            out.push_str(&format!("        promise pr{n} \"P\"\n"));
            out.push_str(&format!("        keeps pr{}\n", n.saturating_sub(5).max(1)));
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

fn time(stages: usize) -> (f64, usize) {
    let text = big(stages);
    let fs = MemoryFileSystem::new().with("/big/big.journey", text);
    let start = Instant::now();
    let check = check_file(&fs, Path::new("/big/big.journey"));
    (
        start.elapsed().as_secs_f64(),
        check.analysis.diagnostics().len(),
    )
}

/// The best of three runs: noise only ever adds time.
fn best_of_three(stages: usize) -> f64 {
    (0..3).map(|_| time(stages).0).fold(f64::INFINITY, f64::min)
}

#[test]
fn checking_scales_linearly_quick() {
    let small = best_of_three(4);
    let large = best_of_three(40);
    assert!(
        large < small * 25.0,
        "10× the input took {:.1}× the time ({small:.3}s, {large:.3}s)",
        large / small
    );
}

#[test]
#[ignore = "a timing experiment, run on demand in release mode"]
fn checking_scales_linearly() {
    let (small, small_count) = time(40);
    let (large, large_count) = time(400);
    println!(
        "4k touchpoints: {small:.3}s ({small_count} diagnostics); 40k: {large:.3}s ({large_count})"
    );
    assert!(
        large < small * 25.0,
        "10× the input took {:.1}× the time",
        large / small
    );
}
