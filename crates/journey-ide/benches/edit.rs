//! The IDE layer's share of a keystroke on a 10k-line journey: the parse
//! of the edited text (incremental on a copy of the old tree, incremental in
//! place, and full), the checker's model of it (its rules not run), then
//! completion and hover on it. The language server's end-to-end latency is `journey-lsp`'s bench.
//!
//! `cargo bench -p journey-ide --bench edit`

use std::sync::Arc;

// The allocator of the shipped `journey` binary.
use journey_alloc as _;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use journey_ide::host::{AnalysisHost, Document};
use journey_ide::ParsedFile;
use journey_syntax::reparse::Edit;

fn edit(c: &mut Criterion) {
    let text = journey_syntax::testgen::journey(10_000);
    let before = ParsedFile::new("/bench/big.journey", Arc::from(text.as_str()));
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
            |previous| ParsedFile::edited_from(previous, edited.clone(), edit),
            BatchSize::LargeInput,
        )
    });
    // Start typing a new stage on the blank line between two stages.
    let between = text.find("\n\n    stage s20 ").unwrap() + 1;
    let (between_stages, typed_edit) = typed(&text, between, 's');
    group.bench_function("analysis, incremental in place, between stages", |b| {
        b.iter_batched(
            || copy_of(&before),
            |previous| ParsedFile::edited_from(previous, between_stages.clone(), typed_edit),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("analysis, full", |b| {
        b.iter(|| ParsedFile::new("/bench/big.journey", edited.clone()))
    });
    let after = Arc::new(before.edited(edited.clone(), edit));
    let mut host = AnalysisHost::default();
    let path = std::path::PathBuf::from("/bench/big.journey");
    let document = Arc::new(Document::new("big".into(), path, 2, edited.clone()));
    document.analysis();
    host.insert("big".into(), document.clone());
    group.bench_function("model of the edited version", |b| {
        b.iter(|| {
            // Another file changed: the model is made again, from the
            // version's parse.
            host.disk_changed();
            document.semantics(&host.overlay())
        })
    });
    let analysis = document.semantics(&host.overlay());
    let channel = at + edited[at..].find("channel email").unwrap() + "channel ".len();
    group.bench_function("completion after `channel `", |b| {
        b.iter(|| journey_ide::completion(&analysis, &after, channel))
    });
    group.bench_function("hover on a channel", |b| {
        b.iter(|| journey_ide::hover::hover(&analysis, &after, channel + 2))
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

/// A parse nothing else holds, as the language server hands over the
/// last version's.
fn copy_of(analysis: &ParsedFile) -> Arc<ParsedFile> {
    Arc::new(ParsedFile::from_parse(
        analysis.path.clone(),
        analysis.text.clone(),
        Arc::new((*analysis.parse).clone()),
    ))
}

criterion_group!(benches, edit);
criterion_main!(benches);
