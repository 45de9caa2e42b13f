//! What the language server's latency benches share: the edit they make and
//! how they report. Included by `latency.rs` here and by `journey-cli`'s
//! `lsp_stdio.rs`.

use std::time::Duration;

/// Where both benches type: the digit after `Touchpoint ` in the label of
/// touchpoint 400 of `testgen::lsp_journey`, as a zero-based (line, column);
/// the line after it is `channel email`, where they ask for completion and
/// hover.
pub(crate) fn edit_point(text: &str) -> (u32, u32) {
    let line = text
        .lines()
        .position(|l| l.contains("Touchpoint 400\""))
        .expect("the generated journey has touchpoint 400");
    let col = text
        .lines()
        .nth(line)
        .and_then(|l| l.find("400"))
        .expect("the label holds 400");
    (line as u32, col as u32)
}

fn percentile(samples: &[Duration], p: usize) -> Duration {
    let mut samples = samples.to_vec();
    samples.sort();
    samples[(samples.len() * p / 100).min(samples.len() - 1)]
}

/// Prints p50, p95 and p99 of completion, hover and diagnostics with PASS or
/// FAIL against their budgets (10, 10 and 50 ms at p95); returns whether
/// every budget was met.
pub(crate) fn report(
    completion: &[Duration],
    hover: &[Duration],
    diagnostics: &[Duration],
) -> bool {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut all_ok = true;
    for (name, samples, budget, note) in [
        ("completion", completion, 10, ""),
        ("hover", hover, 10, ""),
        ("diagnostics", diagnostics, 50, " (didChange to publish)"),
    ] {
        let [p50, p95, p99] = [50, 95, 99].map(|p| percentile(samples, p));
        let ok = p95 <= Duration::from_millis(budget);
        all_ok &= ok;
        println!(
            "  {name:<12} p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms  budget (p95) {budget} ms  {}{note}",
            ms(p50),
            ms(p95),
            ms(p99),
            if ok { "PASS" } else { "FAIL" },
        );
    }
    all_ok
}
