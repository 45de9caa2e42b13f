//! Heap bytes of one file's check, part by part, as multiples of the file:
//! its tree, the model, the diagnostics, the peak of the whole analysis (as
//! the editor, `compile` and `render` make it) and the peak of a check run
//! (`journey check`, which frees the tree as it builds the model).
//! Counted at the allocator (sizes asked for, not what an allocator rounds
//! them to); "as built" against "a copy" shows room reserved but unused.
//!
//! `cargo run --release -p journey-check --example check_memory -- FILE`

#![allow(clippy::print_stdout, unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

fn grew(by: isize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    if by > 0 {
        PEAK.fetch_max(now.max(0) as usize, Ordering::Relaxed);
        COUNT.fetch_add(1, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        grew(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        grew(new as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

fn allocations() -> usize {
    COUNT.load(Ordering::Relaxed)
}

/// The bytes and allocations `make` leaves alive.
fn measure<T>(make: impl FnOnce() -> T) -> (T, isize, usize) {
    let (bytes, count) = (live(), allocations());
    let made = make();
    (made, live() - bytes, allocations() - count)
}

/// The bytes `value` held (freed when it is dropped).
fn held<T>(value: T) -> isize {
    let before = live();
    drop(value);
    before - live()
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: check_memory FILE");
    let text = std::fs::read_to_string(&path).unwrap();
    let len = text.len() as f64;
    let show = |what: &str, bytes: isize, count: usize| {
        println!(
            "{what:<26} {:>8.2} MB {:>6.1}x the file {count:>9} allocations",
            bytes as f64 / 1e6,
            bytes as f64 / len
        )
    };
    let (parse, bytes, count) = measure(|| journey_syntax::parse(&text));
    show("tree as built", bytes, count);
    let (copy, bytes, count) = measure(|| parse.file.clone());
    show("tree, a copy", bytes, count);
    drop((copy, parse, text));

    PEAK.store(0, Ordering::Relaxed);
    let base = live();
    let (mut analysis, bytes, count) = measure(|| {
        journey_check::analyse_file(&journey_check::RealFileSystem, std::path::Path::new(&path))
    });
    show("text + tree + model", bytes, count);
    let (n, bytes, count) = measure(|| analysis.diagnostics().len());
    show(&format!("{n} diagnostics"), bytes, count);
    show(
        "peak of the analysis",
        PEAK.load(Ordering::Relaxed) as isize - base,
        0,
    );
    let model = &analysis.model;
    let (copy, bytes, count) = measure(|| model.clone());
    show("model, a copy", bytes, count);
    show(
        "  definitions",
        held(copy.definitions),
        model.definitions.len(),
    );
    show(
        "  references",
        held(copy.references),
        model.references.len(),
    );
    show("  journeys", held(copy.journeys), model.journeys.len());
    show("  scopes", held(copy.scopes), model.scopes.len());
    show(
        "model as built",
        held(std::mem::take(&mut analysis.model)),
        0,
    );
    // Last: a check run frees its files on rayon's threads without waiting,
    // which would blur the counts above.
    //
    // A check run (`journey check`): the file's stage bodies are consumed
    // by the build (`crate::bodies`), so tree and model are never whole at
    // once; the report is what the CLI renders.
    PEAK.store(0, Ordering::Relaxed);
    let base = live();
    let paths = [std::path::PathBuf::from(&path)];
    let (reports, _, _) =
        measure(|| journey_check::check_files(&journey_check::RealFileSystem, &paths));
    show(
        "peak of a check run",
        PEAK.load(Ordering::Relaxed) as isize - base,
        0,
    );
    drop(reports);
    print_sizes();
}

/// The size of each node type (the counts above are the lists' lengths).
fn print_sizes() {
    use journey_check::model::{Definition, Reference, Stage, Touchpoint};
    use journey_syntax::ast::{Stmt, Str};
    use std::mem::size_of;
    println!(
        "bytes: Stmt {}, Str {}, Definition {}, Reference {}, Touchpoint {}, Stage {}",
        size_of::<Stmt>(),
        size_of::<Str>(),
        size_of::<Definition>(),
        size_of::<Reference>(),
        size_of::<Touchpoint>(),
        size_of::<Stage>()
    );
}
