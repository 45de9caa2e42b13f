//! Drawing the map of a 10,000-line journey (target: well under a second).
//!
//! `cargo bench -p journey-map --bench render`. The generated journey
//! (`journey_syntax::testgen::journey`) is checked and compiled once; the
//! bench times each renderer on the compiled model and its findings, and,
//! for the whole command's share, check + compile + HTML together.

// A bench binary reports its figures on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use journey_check::{check_file, compile, MemoryFileSystem};
use journey_map::{findings, render, Format};

const LINES: usize = 10_000;

fn bench(c: &mut Criterion) {
    let text = journey_syntax::testgen::journey(LINES);
    let mut fs = MemoryFileSystem::default();
    let path = Path::new("/bench/map.journey");
    fs.insert(path, text.as_str());
    let check = check_file(&fs, path);
    let model = compile::compile(&check.analysis);
    let found = findings(&check.analysis);
    let html = render(&model, &found, Format::Html, None);
    eprintln!(
        "input: {} lines, {} bytes, {} findings; HTML map: {} bytes",
        text.lines().count(),
        text.len(),
        found.len(),
        html.len()
    );

    let mut group = c.benchmark_group("render_10k_lines");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Bytes(text.len() as u64));
    for (name, format) in [
        ("html", Format::Html),
        ("svg", Format::Svg),
        ("mermaid", Format::Mermaid),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| render(black_box(&model), black_box(&found), format, None))
        });
    }
    group.bench_function("check_compile_html", |b| {
        b.iter(|| {
            let check = check_file(&fs, black_box(path));
            let model = compile::compile(&check.analysis);
            let found = findings(&check.analysis);
            render(&model, &found, Format::Html, None)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
