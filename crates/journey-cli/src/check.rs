//! `journey check`.
//!
//! Reports are rendered by the checker ahead of their turn (on rayon's
//! threads), written as it hands them out (sorted by path) and dropped at
//! once, and a directory's files are found as they are checked
//! (a lazy walk): a directory of 160 000 files needs the memory of one
//! batch of files, not of all of them. When the walk names each file once
//! (no links, no overlapping arguments) the checker keeps nothing of a file
//! after its batch unless another file imports it.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use journey_check::{
    check_files_streaming, check_sorted_streaming, FileReport, RealFileSystem, Render, StreamOrder,
};

use crate::render::{self, shown_path, Renderer, Summary};
use crate::{paths, Format, EXIT_FOUND, EXIT_OK, EXIT_USAGE};

/// A file with more diagnostics than this is rendered straight to the
/// output in its turn, not in memory beforehand: its rendering would
/// double what its report holds.
const RENDERED_AHEAD_UP_TO: usize = 1_000;

/// A file's part of the output rendered ahead of its turn, in memory (the
/// checker renders a batch's reports on every core: rendering took a fifth
/// of a directory run's time on the one thread that writes); `None` for a
/// file rendered in its turn, past [`RENDERED_AHEAD_UP_TO`].
fn render_ahead(renderer: &dyn Renderer, report: &FileReport) -> Option<Vec<u8>> {
    (report.diagnostics.len() <= RENDERED_AHEAD_UP_TO).then(|| renderer.part(report))
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
    // The checker hands reports out on this thread, in order, each
    // rendered ahead of its turn (on rayon's threads, beside the analyses
    // of the next batch) unless it is large: this thread only writes.
    let mut each = |mut report: FileReport| {
        if report.continued {
            summary.add_continued(&report);
        } else {
            summary.add(&report);
        }
        if written.is_ok() {
            written = match report.prepared.take() {
                Some(part) => output.write(&part),
                None => output.file(&report),
            };
        }
    };
    let ahead = |report: &FileReport| render_ahead(&*renderer, report);
    let render: Option<Render<'_>> = Some(&ahead);
    let (unreadable, walk_error) = match files {
        paths::Files::Listed(files) => (
            check_files_streaming(&RealFileSystem, &files, render, &mut each),
            None,
        ),
        paths::Files::Sorted(mut files) => {
            let order = files.take_order();
            let path_of = |key: &Path| order.as_ref()?.path_of(key);
            let order: Option<StreamOrder<'_>> = order.is_some().then_some(&path_of);
            let unreadable =
                check_sorted_streaming(&RealFileSystem, &mut files, order, render, &mut each);
            (unreadable, files.error().map(str::to_string))
        }
    };
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
