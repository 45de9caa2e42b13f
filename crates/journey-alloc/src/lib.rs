//! The allocator of the `journey` binary (and of the benches that measure
//! what it ships). Linking this crate is enough: it declares the global
//! allocator.
//!
//! Parsing and building the model allocate many small nodes: mimalloc
//! builds the editor's model of a 10k-line journey in about half the time
//! of the system allocator (BENCHMARKS.md). With mimalloc's defaults, a
//! check of a 1.4 MB journey peaked at 82 MB where the system allocator
//! needs 61 MB: a command commits arena memory as it is used and returns
//! freed memory at once (59 MB). The language server, which builds a new
//! model on every keystroke, keeps freed memory for mimalloc's usual delay
//! instead ([`keep_freed_memory`]), so as not to fault in the pages of each
//! new model again.
//!
//! This is the project's only `unsafe` code.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers (`mi_option_e` in its v3 `mimalloc.h`; the
/// Rust binding does not name these two).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's default delay before freed memory is returned, in ms.
const DEFAULT_PURGE_DELAY_MS: std::ffi::c_long = 10;

#[allow(unsafe_code)]
fn set_option(option: libmimalloc_sys::mi_option_t, value: std::ffi::c_long) {
    // SAFETY: a plain option setter of the allocator, with a valid option
    // number; mimalloc reads its options atomically.
    unsafe { libmimalloc_sys::mi_option_set(option, value) }
}

/// For a long-running process that allocates and frees the same amounts
/// over and over (the language server): freed memory is returned to the
/// system after mimalloc's usual delay, not at once.
pub fn keep_freed_memory() {
    set_option(MI_OPTION_PURGE_DELAY, DEFAULT_PURGE_DELAY_MS);
}

/// Sets the options of a command. They must be set before the allocator
/// reserves its first arena, which the runtime's first allocation does
/// before `main`: so this runs as an ELF initialiser. (Elsewhere mimalloc's
/// defaults stand.)
#[cfg(target_os = "linux")]
extern "C" fn configure() {
    set_option(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    set_option(MI_OPTION_PURGE_DELAY, 0);
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
#[used]
#[unsafe(link_section = ".init_array")]
static CONFIGURE: extern "C" fn() = configure;
