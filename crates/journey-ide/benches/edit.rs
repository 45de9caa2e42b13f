//! The IDE layer's share of a keystroke on a 10k-line journey: the analysis
//! of the edited text (incremental on a copy of the old tree, incremental in
//! place, and full), then completion and hover on it. The language server's end-to-end latency is `journey-lsp`'s bench.
//!
//! `cargo bench -p journey-ide --bench edit`

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use journey_check::MemoryFileSystem;
use journey_ide::{AnalysisCache, FileAnalysis, World};
use journey_syntax::reparse::Edit;

fn edit(c: &mut Criterion) {
    let text = journey_syntax::testgen::journey(10_000);
    let before = FileAnalysis::new("/bench/big.journey", Arc::from(text.as_str()));
    // Type one character into a label in the middle of the file.
    let at = text.find("\"Touchpoint 200\"").unwrap() + 11;
    let (edited, edit) = typed(&text, at, 'x');

    let mut group = c.benchmark_group("keystroke 10k lines");
    group.bench_function("analysis, incremental", |b| {
        b.iter(|| before.edited(edited.clone(), edit))
    });
    group.bench_function("analysis, incremental in place", |b| {
        b.iter_batched(
            || copy_of(&before),
            |previous| FileAnalysis::edited_from(previous, edited.clone(), edit),
            BatchSize::LargeInput,
        )
    });
    // Start typing a new stage on the blank line between two stages.
    let between = text.find("\n\n    stage s20 ").unwrap() + 1;
    let (between_stages, typed_edit) = typed(&text, between, 's');
    group.bench_function("analysis, incremental in place, between stages", |b| {
        b.iter_batched(
            || copy_of(&before),
            |previous| FileAnalysis::edited_from(previous, between_stages.clone(), typed_edit),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("analysis, full", |b| {
        b.iter(|| FileAnalysis::new("/bench/big.journey", edited.clone()))
    });
    let after = Arc::new(before.edited(edited.clone(), edit));
    let fs = MemoryFileSystem::new();
    let cache = AnalysisCache::default();
    let world = World::new(&fs, &cache);
    let channel = at + edited[at..].find("channel email").unwrap() + "channel ".len();
    group.bench_function("completion after `channel `", |b| {
        b.iter(|| journey_ide::completion(&world, &after, channel))
    });
    group.bench_function("hover on a channel", |b| {
        b.iter(|| journey_ide::hover::hover(&world, &after, channel + 2))
    });
    group.finish();
}

/// `text` with `c` typed at byte `at`, and that edit.
fn typed(text: &str, at: usize, c: char) -> (Arc<str>, Edit) {
    let mut new = text.to_string();
    new.insert(at, c);
    let edit = Edit {
        start: at,
        old_end: at,
        new_len: c.len_utf8(),
    };
    (Arc::from(new), edit)
}

/// An analysis nothing else holds, as the language server hands over the
/// last version's.
fn copy_of(analysis: &FileAnalysis) -> Arc<FileAnalysis> {
    Arc::new(FileAnalysis::from_parse(
        analysis.path.clone(),
        analysis.text.clone(),
        Arc::new((*analysis.parse).clone()),
    ))
}

criterion_group!(benches, edit);
criterion_main!(benches);
