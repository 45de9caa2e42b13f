#!/bin/sh
# Checks `journey render` with real renderers: Mermaid's own parser (mermaid@11
# in node with jsdom) and headless Chromium (Debian's `chromium`, driven by
# puppeteer-core) with axe-core.
#
#   tests/render/run.sh [PATH_TO_JOURNEY_BINARY] [node --test args…]
#
# Needs node ≥ 20 and /usr/bin/chromium (or $CHROMIUM). Screenshots of each
# example's map go to $SCREENSHOT_DIR (default: docs/maps/).
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
cd "$here"
# No lockfile: npm resolves the ranges in package.json; puppeteer-core never
# downloads a browser.
if [ ! -d node_modules/mermaid ] || [ ! -d node_modules/puppeteer-core ] \
    || [ ! -d node_modules/jsdom ] || [ ! -d node_modules/axe-core ]; then
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-package-lock --no-audit --no-fund --loglevel=error
fi
JOURNEY_BIN="$bin" exec node --test "$@" mermaid.test.mjs browser.test.mjs
