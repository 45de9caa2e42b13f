//! Formatting a 100,000-line journey (target: under 200 ms).
//!
//! `cargo bench -p journey-fmt --bench fmt`. Three measurements on the same
//! kind of text: parsing alone (the floor: the formatter parses first),
//! formatting a file that is already canonical, and formatting a messy one
//! (odd indentation, comments everywhere, blank lines, statements sharing
//! lines).

// A bench binary reports its figures on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/support/generator.rs"]
mod generator;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const LINES: usize = 100_000;

fn bench(c: &mut Criterion) {
    let messy = generator::Generator::big_journey(1, LINES, 30);
    let canonical = journey_fmt::format(&messy).expect("the generated journey formats");
    assert!(journey_syntax::parse(&canonical).errors.is_empty());
    eprintln!(
        "canonical input: {} lines, {} bytes; messy input: {} lines, {} bytes",
        canonical.lines().count(),
        canonical.len(),
        messy.lines().count(),
        messy.len()
    );

    let mut group = c.benchmark_group("fmt_100k_lines");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(canonical.len() as u64));
    group.bench_function("parse_only", |b| {
        b.iter(|| journey_syntax::parse(black_box(&canonical)))
    });
    group.bench_function("format_canonical", |b| {
        b.iter(|| journey_fmt::format(black_box(&canonical)).unwrap())
    });
    group.bench_function("format_messy", |b| {
        b.iter(|| journey_fmt::format(black_box(&messy)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
