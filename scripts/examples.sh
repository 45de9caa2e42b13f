#!/usr/bin/env bash
# The main job: build `journey`, check every example, and compile each one
# that defines a journey to JSON under target/examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p journey-cli
journey=target/release/journey
"$journey" check examples/
if "$journey" compile --help >/dev/null 2>&1; then
    mkdir -p target/examples
    for file in examples/*.journey; do
        grep -q '^journey ' "$file" || continue
        out="target/examples/$(basename "$file" .journey).json"
        "$journey" compile "$file" -o "$out"
        echo "compiled $file -> $out"
    done
fi
