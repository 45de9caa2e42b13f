//! The allocator of the `journey` binary (and of the benches that measure
//! what it ships). Linking this crate is enough: it declares the global
//! allocator.
//!
//! Parsing and building the model allocate many small nodes: mimalloc
//! builds the editor's model of a 10k-line journey in about half the time
//! of the system allocator (BENCHMARKS.md). With mimalloc's defaults, a
//! check of a 1.4 MB journey peaked at 82 MB where the system allocator
//! needs 61 MB: its arenas commit memory ahead of use. The binary turns that
//! eager commit off (59 MB). Freed memory is returned to the system after
//! 10 ms (mimalloc v3's default is a second): returning it at once was tried
//! and cost a directory run a quarter of its CPU time in system calls and
//! page faults, for 1–2 MB less at the peak; after a second, a check of one
//! large file peaks 15 % higher (BENCHMARKS.md, issue #16). The language
//! server, which rebuilds a model per keystroke, keeps it for a second
//! ([`keep_freed_memory_longer`]).
//!
//! This is the project's only `unsafe` code.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers (`mi_option_e` in its v3 `mimalloc.h`; the
/// Rust binding does not name these two).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory is kept before it is returned, in ms.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// How long a long-running process (`journey lsp`) keeps freed memory before
/// returning it, in ms: mimalloc's own default. The language server
/// rebuilds a document's model after each keystroke; with 10 ms, the memory
/// the last model freed was mostly returned by the next keystroke, and the
/// new model's build paid about a thousand page faults for a 10k-line
/// document (1.2 ms alone, 2–3 ms with them; BENCHMARKS.md, "Language
/// server").
pub const SERVER_PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// Keeps freed memory [`SERVER_PURGE_DELAY_MS`] before returning it to the
/// system, from now on (mimalloc reads the option whenever it schedules a
/// purge).
pub fn keep_freed_memory_longer() {
    set_option(MI_OPTION_PURGE_DELAY, SERVER_PURGE_DELAY_MS);
}

/// The current purge delay, in ms.
#[allow(unsafe_code)]
pub fn purge_delay_ms() -> std::ffi::c_long {
    // SAFETY: a plain option getter of the allocator, with a valid option
    // number.
    unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }
}

/// Returns the calling thread's freed memory to the system now, including
/// blocks of its pages that other threads freed (mimalloc otherwise learns
/// of those only when this thread next allocates or frees). For
/// `journey_check::memory::set_collect`: a large file's tree is made on
/// rayon's threads and freed, stage by stage, on the thread that builds the
/// model (BENCHMARKS.md, "Peak memory").
#[allow(unsafe_code)]
pub fn collect_freed_memory() {
    // SAFETY: a plain call into the allocator, valid on any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

#[allow(unsafe_code)]
fn set_option(option: libmimalloc_sys::mi_option_t, value: std::ffi::c_long) {
    // SAFETY: a plain option setter of the allocator, with a valid option
    // number; mimalloc reads its options atomically.
    unsafe { libmimalloc_sys::mi_option_set(option, value) }
}

/// Sets the binary's options. They must be set before the allocator
/// reserves its first arena, which the runtime's first allocation does
/// before `main`: so this runs as an ELF initialiser. (Elsewhere mimalloc's
/// defaults stand.)
#[cfg(target_os = "linux")]
extern "C" fn configure() {
    set_option(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    set_option(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
#[used]
#[unsafe(link_section = ".init_array")]
static CONFIGURE: extern "C" fn() = configure;

#[cfg(test)]
mod tests {
    /// The server's delay replaces the binary's from the moment it is set.
    #[test]
    fn a_server_keeps_freed_memory_longer() {
        super::keep_freed_memory_longer();
        assert_eq!(super::purge_delay_ms(), super::SERVER_PURGE_DELAY_MS);
    }
}
