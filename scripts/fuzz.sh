#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 60 s each; parse check fmt incremental_edits)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`); runs on the stable
# toolchain through RUSTC_BOOTSTRAP=1. The corpora are seeded from the
# repository's journeys first (fuzz/seed-corpus.sh) and grow in
# fuzz/corpus/<target>/ between runs (not committed). Exits non-zero when a
# target crashes, hangs, runs out of memory or breaks a property; the input
# is left in fuzz/artifacts/<target>/ (minimise it with
# `RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none <target> <file>` in fuzz/).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse check fmt incremental_edits)

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2
    exit 2
fi
export RUSTC_BOOTSTRAP=1
# One thread for the checker's rayon pool: the fuzzer runs one input at a
# time, and the machine is shared.
export RAYON_NUM_THREADS=1

bash fuzz/seed-corpus.sh
cd fuzz
# `-s none`: the code under test is safe Rust (`unsafe_code = forbid`), so
# AddressSanitizer finds nothing there and halves the speed; the release
# profile keeps debug assertions and overflow checks (fuzz/Cargo.toml).
build=(--sanitizer none --release --debug-assertions)
cargo fuzz build "${build[@]}"
failed=()
for target in "${targets[@]}"; do
    echo "==> fuzz $target for ${seconds}s"
    log="artifacts/$target.log"
    mkdir -p "artifacts/$target"
    # 16 KiB inputs reach every construct; -timeout catches a hang (a
    # quadratic path) and -rss_limit_mb a memory blow-up. An edit script
    # re-parses its text several times per edit: 4 KiB keep it quick.
    # A fixed seed (FUZZ_SEED, default 1) makes a CI run repeatable: the
    # same corpus and seed explore the same inputs first.
    max_len=16384
    [ "$target" = incremental_edits ] && max_len=4096
    if cargo fuzz run "${build[@]}" "$target" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -seed="${FUZZ_SEED:-1}" \
        -dict=journey.dict -print_final_stats=1 2>"$log"; then
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
    else
        failed+=("$target")
        tail -n 40 "$log"
        echo "!! $target failed; input in fuzz/artifacts/$target/, log in fuzz/$log"
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzzing passed: ${targets[*]} (${seconds}s each)"
