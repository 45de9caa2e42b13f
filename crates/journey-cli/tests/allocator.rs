//! The binary's allocator is configured as `journey-alloc` says: mimalloc
//! reports its options when asked to be verbose, which also proves that the
//! option numbers written there name the options meant.

use std::process::Command;

#[test]
#[cfg(target_os = "linux")]
fn the_binary_commits_memory_as_used_and_returns_it_after_the_usual_delay() {
    let output = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let report = String::from_utf8_lossy(&output.stderr);
    for option in ["option 'arena_eager_commit': 0", "option 'purge_delay': 10"] {
        assert!(
            report.lines().any(|line| line.trim_end() == option),
            "{option} not in:\n{report}"
        );
    }
}
