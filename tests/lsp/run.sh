#!/bin/sh
# End-to-end tests of `journey lsp` with a real third-party client
# (pytest-lsp 1.0 + pygls 2, with VS Code's client capabilities).
#
#   tests/lsp/run.sh [PATH_TO_JOURNEY_BINARY] [pytest args…]
#
# The venv is created once under the repository's target/ (or $LSP_VENV).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-"$repo/target/debug/journey"}
[ $# -gt 0 ] && shift
case $bin in /*) ;; *) bin="$PWD/$bin" ;; esac
if [ ! -x "$bin" ]; then
    echo "run.sh: no journey binary at $bin (cargo build -p journey-cli)" >&2
    exit 2
fi
venv=${LSP_VENV:-"$repo/target/lsp-venv"}
if [ ! -x "$venv/bin/pytest" ] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$venv/requirements.txt"
fi
cd "$here"
JOURNEY_BIN="$bin" JOURNEY_EXAMPLES="$repo/examples" exec "$venv/bin/pytest" -q -p no:cacheprovider "$@"
