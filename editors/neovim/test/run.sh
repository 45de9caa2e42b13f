#!/usr/bin/env bash
# Headless Neovim smoke test of editors/neovim: filetype detection, ftplugin, syntax and, when a
# `journey` with an `lsp` subcommand is available, the language-server client (attach +
# diagnostics on a file with a deliberate error).
#
#   editors/neovim/test/run.sh                 LSP checks when `journey lsp` is available
#   editors/neovim/test/run.sh --require-lsp   fail when it is not
#   editors/neovim/test/run.sh --mock-server   LSP checks against the VS Code e2e mock server
#                                              (harness self-test only)
#   JOURNEY_BIN=/path/to/journey               the server binary (else `journey` on PATH,
#                                              else target/{release,debug}/journey)
#   NVIM_BIN=/path/to/nvim                     the Neovim to test (else `nvim` on PATH): 0.11+
#                                              takes the vim.lsp.config path, older ones
#                                              vim.lsp.start_client
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
plugin="$(cd "$here/.." && pwd)"
repo="$(cd "$plugin/../.." && pwd)"
mode="${1:-auto}"

nvim="${NVIM_BIN:-nvim}"
command -v "$nvim" >/dev/null || { echo "$nvim not found (apt-get install -y neovim)" >&2; exit 1; }
"$nvim" --version | sed -n 1p
work="$(mktemp -d "${TMPDIR:-/tmp}/journey-nvim.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The server: put it on PATH as `journey`, which is what the shipped config starts.
bin="${JOURNEY_BIN:-}"
if [[ "$mode" == --mock-server ]]; then
  bin="$repo/editors/vscode/e2e/mock-server/journey"
  echo "using the mock language server (harness self-test, not the real server)"
fi
if [[ -z "$bin" ]]; then
  bin="$(command -v journey || true)"
fi
if [[ -z "$bin" ]]; then
  for p in release debug; do
    [[ -x "$repo/target/$p/journey" ]] && { bin="$repo/target/$p/journey"; break; }
  done
fi
lsp=0
if [[ -n "$bin" ]] && timeout 10 "$bin" lsp --help >/dev/null 2>&1; then
  lsp=1
  mkdir -p "$work/bin"
  ln -s "$(readlink -f "$bin")" "$work/bin/journey"
  export PATH="$work/bin:$PATH"
  echo "server: $bin"
elif [[ "$mode" == --require-lsp || "$mode" == --mock-server ]]; then
  echo "FAIL: no journey with an \`lsp\` subcommand (tried JOURNEY_BIN, PATH, target/*/journey)" >&2
  exit 1
else
  echo "no journey with an \`lsp\` subcommand: language-server checks are skipped"
fi

# A project with an example and a copy that has a deliberate error in a touchpoint.
example="$repo/examples/hotel_stay.journey"
[[ -f "$example" ]] || example="$repo/editors/vscode/e2e/fixtures/hotel_stay.journey"
cp "$repo"/examples/*.journey "$work/" 2>/dev/null || true
cp "$example" "$work/"
touch "$work/journey.toml"
awk '{ print } /^[[:space:]]*touchpoint .*\{[[:space:]]*$/ && !done { print "            emotoin 3"; done = 1 }' \
  "$example" >"$work/broken.journey"
grep -q emotoin "$work/broken.journey"

status=0
(cd "$work" && JOURNEY_NVIM_LSP=$lsp timeout 90 "$nvim" --headless --clean \
  --cmd "set runtimepath^=$plugin" \
  -c "luafile $here/smoke.lua" broken.journey) || status=$?
exit "$status"
