#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ with the repository's journeys: every
# examples/*.journey and tests/fixtures/**/*.journey. Run at fuzzing time
# (scripts/fuzz.sh does), so that no corpus is committed.
#   parse, fmt:   each file as it is;
#   check:        each file followed by the files it imports and the
#                 `journey.toml` of its directory, as `=== NAME` sections;
#   incremental_edits: each file, a NUL, and an edit script (the file's SHA-256).
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t journeys < <(find examples tests/fixtures -name '*.journey' -type f | sort)
for target in parse check fmt incremental_edits; do
    mkdir -p "fuzz/corpus/$target"
done

# A seed's name: its path with `/` turned into `_` (stable across runs, so
# re-seeding overwrites instead of piling up).
seed_name() { printf '%s' "${1//\//_}"; }

# The files a journey imports (paths as written, relative to its
# directory), when they exist.
imports_of() {
    local file=$1 dir
    dir=$(dirname "$file")
    grep -o '^[[:space:]]*import[[:space:]]*"[^"]*"' "$file" 2>/dev/null |
        sed 's/.*"\(.*\)"/\1/' |
        while read -r path; do
            [ -f "$dir/$path" ] && printf '%s\n' "$path"
        done || true
}

for file in "${journeys[@]}"; do
    name=$(seed_name "$file")
    cp "$file" "fuzz/corpus/parse/$name"
    cp "$file" "fuzz/corpus/fmt/$name"

    dir=$(dirname "$file")
    {
        cat "$file"
        while read -r path; do
            printf '\n=== %s\n' "$path"
            cat "$dir/$path"
        done < <(imports_of "$file")
        if [ -f "$dir/journey.toml" ]; then
            printf '\n=== journey.toml\n'
            cat "$dir/journey.toml"
        fi
    } > "fuzz/corpus/check/$name"

    {
        cat "$file"
        printf '\0'
        # 32 bytes of edit script, the same for the same file.
        hex=$(sha256sum "$file" | cut -c1-64)
        printf '%b' "$(printf '%s' "$hex" | sed 's/../\\x&/g')"
    } > "fuzz/corpus/incremental_edits/$name"
done
echo "seeded fuzz/corpus/{parse,check,fmt,incremental_edits} with ${#journeys[@]} journeys"
