#!/bin/sh
# Smoke test of `journey lsp` from headless Neovim (Debian's 0.7.x:
# `apt-get install -y neovim`; 0.8+ takes the vim.lsp.start path): attach,
# diagnostics, hover, definition.
#
#   tests/nvim/run.sh [PATH_TO_JOURNEY_BINARY]
#   NVIM_BIN=/path/to/nvim tests/nvim/run.sh …    another Neovim than `nvim` on PATH
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-"$repo/target/debug/journey"}
case $bin in /*) ;; *) bin="$PWD/$bin" ;; esac
[ -x "$bin" ] || { echo "run.sh: no journey binary at $bin" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/smoke.journey" <<'JOURNEY'
persona traveler { data email }
journey j "Smoke" {
    owner nobody
    for traveler
    goal "Check the editor integration"
    stage s { touchpoint t { channel email emotion 3 } }
}
JOURNEY
JOURNEY_BIN="$bin" JOURNEY_FILE="$dir/smoke.journey" \
    timeout 60 "${NVIM_BIN:-nvim}" --headless --clean -u NONE -i NONE -n -c "luafile $here/smoke.lua"
