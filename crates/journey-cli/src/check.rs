//! `journey check`.
//!
//! Reports are rendered as the checker hands them out (sorted by path) and
//! dropped at once, and a directory's files are found as they are checked
//! (a lazy walk): a directory of 160 000 files needs the memory of one
//! batch of files, not of all of them. When the walk names each file once
//! (no links, no overlapping arguments) the checker keeps nothing of a file
//! after its batch unless another file imports it.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use journey_check::{
    check_files_streaming, check_sorted_streaming, FileReport, RealFileSystem, StreamOrder,
};

use rayon::prelude::*;

use crate::render::{self, shown_path, Renderer, Summary};
use crate::{paths, Format, EXIT_FOUND, EXIT_OK, EXIT_USAGE};

/// Reports rendered at a time (in parallel), then written in order: 16 to
/// 256 were measured, and 64 was the fastest on both cores and on one.
const CHUNK: usize = 64;

/// A file with more diagnostics than this is rendered straight to the
/// output in its turn, not in memory beforehand: its rendering would
/// double what its report holds.
const RENDERED_AHEAD_UP_TO: usize = 1_000;

/// Renders the parts of a chunk of files on every core (rendering took a
/// fifth of a directory run's time on the one thread that writes), each in
/// memory; `None` for a file rendered in its turn: a chunk of one, or a
/// file past [`RENDERED_AHEAD_UP_TO`].
fn render_in_parallel(renderer: &dyn Renderer, chunk: &[FileReport]) -> Vec<Option<Vec<u8>>> {
    if chunk.len() < 2 {
        return vec![None; chunk.len()];
    }
    chunk
        .par_iter()
        .map(|report| {
            (report.diagnostics.len() <= RENDERED_AHEAD_UP_TO).then(|| renderer.part(report))
        })
        .collect()
}

pub(crate) fn run(paths: &[PathBuf], format: Format, deny_warnings: bool) -> u8 {
    let files = match paths::stream(paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut summary = Summary::default();
    // A closed pipe (`journey check | head`) is not an error worth a panic:
    // rendering stops, checking goes on for the exit status.
    let mut written: io::Result<()> = Ok(());
    let renderer = render::renderer(format);
    let mut output = render::Output::new(&*renderer, &mut out);
    // The checker hands reports out on this thread, in order; they are
    // rendered (on rayon's threads) and written here a chunk at a time,
    // while the checker's own thread reads and analyses the next batch. A
    // thread of its own for the output, fed reports over a channel, cost a
    // directory run 3–4 % of its time on two cores in hand-overs between
    // threads (BENCHMARKS.md).
    let mut chunk: Vec<FileReport> = Vec::with_capacity(CHUNK);
    let mut hand_out = |chunk: &mut Vec<FileReport>| {
        let mut parts = if written.is_ok() {
            render_in_parallel(&*renderer, chunk)
        } else {
            Vec::new()
        }
        .into_iter();
        for report in chunk.drain(..) {
            if report.continued {
                summary.add_continued(&report);
            } else {
                summary.add(&report);
            }
            if written.is_ok() {
                written = match parts.next().flatten() {
                    Some(part) => output.write(&part),
                    None => output.file(&report),
                };
            }
        }
    };
    let mut each = |report| {
        chunk.push(report);
        if chunk.len() == CHUNK {
            hand_out(&mut chunk);
        }
    };
    let (unreadable, walk_error) = match files {
        paths::Files::Listed(files) => (
            check_files_streaming(&RealFileSystem, &files, &mut each),
            None,
        ),
        paths::Files::Sorted(mut files) => {
            let order = files.take_order();
            let path_of = |key: &Path| order.as_ref()?.path_of(key);
            let order: Option<StreamOrder<'_>> = order.is_some().then_some(&path_of);
            let unreadable = check_sorted_streaming(&RealFileSystem, &mut files, order, &mut each);
            (unreadable, files.error().map(str::to_string))
        }
    };
    hand_out(&mut chunk);
    if written.is_ok() {
        let _ = output.finish(&summary);
    }
    let _ = out.flush();
    drop(out);
    for file in &unreadable {
        eprintln!(
            "error: cannot read `{}`: {}",
            shown_path(&file.path),
            file.reason
        );
    }
    // A directory that became unreadable after it was first walked: the
    // files found before it were checked.
    if let Some(message) = &walk_error {
        eprintln!("error: {message}");
    }
    if !unreadable.is_empty() || walk_error.is_some() {
        EXIT_USAGE
    } else if summary.errors > 0 || (deny_warnings && summary.warnings > 0) {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}
