#!/usr/bin/env bash
# The main job: build `journey`, check every example, and compile each one
# that defines a journey to JSON under target/examples/.
#
# On a fresh clone the release build takes a few minutes; cargo's own
# progress is shown so that it never looks stuck.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "Building journey (cargo build --release; a few minutes on a fresh clone, seconds after that)"
cargo build --release --locked -p journey-cli
journey=target/release/journey

# The examples' measurements carry `as_of` dates: check them against a fixed
# "today" so that the output is the same whenever the script runs.
export JOURNEY_TODAY="${JOURNEY_TODAY:-2026-12-01}"

step "Checking every map in examples/ (journey check examples/)"
# Exit status 1 means errors, which the examples must not have; warnings and
# advice do not change it.
"$journey" check examples/

step "Compiling each map that defines a journey to JSON (journey compile FILE -o OUT)"
mkdir -p target/examples
for file in examples/*.journey; do
    grep -q '^journey ' "$file" || continue
    out="target/examples/$(basename "$file" .journey).json"
    "$journey" compile "$file" -o "$out"
    echo "compiled $file -> $out"
done

step "Done"
cat <<'DONE'
The warnings and advice above are expected: the example maps deliberately
contain the kind of findings `journey check` exists to report, so that you can
see them. There were no errors (the check would have stopped this script), and
every journey was compiled to JSON under target/examples/.
`journey explain CODE` tells what a finding means and how to fix it.
DONE
