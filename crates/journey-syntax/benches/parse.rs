//! Parse throughput on generated journeys of 1k, 10k and 100k lines.
//!
//! `cargo bench -p journey-syntax --bench parse`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for lines in [1_000, 10_000, 100_000] {
        let text = journey_syntax::testgen::journey(lines);
        group.throughput(Throughput::Bytes(text.len() as u64));
        if lines == 100_000 {
            group.sample_size(20);
        }
        group.bench_with_input(BenchmarkId::from_parameter(lines), &text, |b, text| {
            b.iter(|| journey_syntax::parse(text))
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
