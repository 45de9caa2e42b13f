//! The allocator of the `journey` binary (and of the benches that measure
//! what it ships). Linking this crate is enough: it declares the global
//! allocator.
//!
//! Parsing and building the model allocate many small nodes: mimalloc
//! builds the editor's model of a 10k-line journey in about half the time
//! of the system allocator (BENCHMARKS.md). With mimalloc's defaults, a
//! check of a 1.4 MB journey peaked at 82 MB where the system allocator
//! needs 61 MB; committing memory as it is used and returning freed memory
//! at once brings it to 59 MB.
//!
//! This is the project's only `unsafe` code.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers (`mi_option_e` in its v3 `mimalloc.h`; the
/// Rust binding does not name these two).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets the options. They must be set before the allocator reserves its
/// first arena, which the runtime's first allocation does before `main`: so
/// this runs as an ELF initialiser. (Elsewhere the defaults stand.)
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
extern "C" fn configure() {
    // SAFETY: plain option setters of the allocator, with valid option
    // numbers, called before any thread is started.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
#[used]
#[unsafe(link_section = ".init_array")]
static CONFIGURE: extern "C" fn() = configure;
