//! Giving freed memory back while a large file's model is built.
//!
//! A large file is parsed in pieces on rayon's threads, and the model is
//! built on one thread, which frees the tree's stage bodies as it consumes
//! them ([`crate::bodies`]). An allocator with thread-local pages (the
//! binary's mimalloc) only learns of a free made from another thread when
//! the owning thread next looks, and rayon's threads sleep meanwhile: the
//! pages stay resident, and the model's own allocations cannot reuse them.
//! So the binary registers its allocator's collection here, and the build
//! asks every thread to run it now and then.
//!
//! Without a registered collection (tests, other embedders), nothing runs.

use std::sync::OnceLock;

static COLLECT: OnceLock<fn()> = OnceLock::new();

/// Registers the allocator's collection: a function that returns the
/// calling thread's freed memory to the system, including what other
/// threads freed of it. Only the first call counts.
pub fn set_collect(collect: fn()) {
    let _ = COLLECT.set(collect);
}

/// Runs the registered collection on this thread at once, and on each of
/// rayon's threads when it next takes work (without waiting for them).
pub(crate) fn collect_everywhere() {
    if let Some(&collect) = COLLECT.get() {
        collect();
        rayon::spawn_broadcast(move |_| collect());
    }
}
