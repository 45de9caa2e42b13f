//! Peak memory of parsing a generated 100k-line journey, as a multiple of
//! the file's size (Linux: VmRSS before and VmHWM after, from /proc/self/status).
//!
//! `cargo run --release -p journey-syntax --example parse_memory [LINES]` (`WHOLE=1`: one piece)

// An example program reports what it measured.
#![allow(clippy::print_stdout, clippy::print_stderr)]

fn peak_rss_bytes() -> usize {
    status_bytes("VmHWM:")
}

fn rss_bytes() -> usize {
    status_bytes("VmRSS:")
}

/// A memory figure from /proc/self/status (0 elsewhere).
fn status_bytes(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|kb| {
            kb.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<usize>()
                .ok()
        })
        .map_or(0, |kb| kb * 1024)
}

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let text = journey_syntax::testgen::journey(lines);
    if std::env::var_os("PEST_ONLY").is_some() {
        use pest::Parser;
        let t = std::time::Instant::now();
        let pairs = journey_syntax::grammar::JourneyParser::parse(
            journey_syntax::grammar::Rule::file,
            &text,
        )
        .unwrap();
        println!(
            "pest only: {:.1} ms, {} tokens",
            t.elapsed().as_secs_f64() * 1e3,
            pairs.flatten().count()
        );
    }
    // The resident set before the parse, not the high-water mark: memory
    // the generator freed would otherwise hide part of the parse's peak.
    let before = rss_bytes();
    let start = std::time::Instant::now();
    // `WHOLE=1`: in one piece, on one thread (what `parse` does for a
    // small file, or one with a syntax error).
    let parse = match std::env::var_os("WHOLE") {
        Some(_) => journey_syntax::parse_whole(&text),
        None => journey_syntax::parse(&text),
    };
    let elapsed = start.elapsed();
    let after = peak_rss_bytes();
    assert!(parse.errors.is_empty(), "{:?}", parse.errors.first());
    let mb = text.len() as f64 / 1e6;
    println!(
        "{} lines, {:.2} MB: parsed in {:.1} ms ({:.1} MB/s); peak memory grew by {:.1} MB = {:.1}x the file",
        text.lines().count(),
        mb,
        elapsed.as_secs_f64() * 1e3,
        mb / elapsed.as_secs_f64(),
        (after - before) as f64 / 1e6,
        (after - before) as f64 / text.len() as f64
    );
}
