#!/usr/bin/env bash
# End-to-end test of the Journey extension in a real VS Code: code-server 4.139 (VS Code 1.139)
# on 127.0.0.1 with --auth none, driven by puppeteer-core in Debian's headless chromium.
#
#   editors/vscode/e2e/run.sh
#
# Environment:
#   JOURNEY_E2E_VSIX   the .vsix to test (default: editors/vscode/journey-*.vsix, packaged
#                      here when missing)
#   JOURNEY_BIN        the journey binary the extension should start (journey.server.path);
#                      default: the vsix's bundled server, else `journey` on PATH
#   JOURNEY_E2E_LSP    auto (default) | 1 | 0: also check the language server's diagnostics,
#                      hover and completion. `auto` turns them on when `$JOURNEY_BIN lsp --help`
#                      (or `journey lsp --help` on PATH) succeeds.
#   JOURNEY_E2E_CACHE  where install.sh keeps node 24 and code-server
#                      (default ~/.cache/journey-vscode-e2e)
#   JOURNEY_E2E_KEEP=1 keep the temporary work directory (logs, user data)
#
#   run.sh --mock-server   checks the harness's language-server steps against
#                          e2e/mock-server/journey, a test double of `journey lsp` (not the
#                          real server: for developing this test only)
#
# Every process this script starts (code-server and its children, chromium) is ended by PID
# when it exits.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ext_dir="$(cd "$here/.." && pwd)"
repo="$(cd "$ext_dir/../.." && pwd)"
log() { printf '[e2e] %s\n' "$*" >&2; }

if [[ "${1:-}" == --mock-server ]]; then
  export JOURNEY_BIN="$here/mock-server/journey" JOURNEY_E2E_LSP=1 JOURNEY_E2E_MOCK=1
  log "using the mock language server (harness self-test, not the real server)"
fi

# --- tools ----------------------------------------------------------------------------------
bash "$here/install.sh"
cache="${JOURNEY_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/journey-vscode-e2e}"
# shellcheck source=/dev/null
source "$cache/env.sh"
node24="$JOURNEY_E2E_NODE24"
code_server=("$node24" "$JOURNEY_E2E_CODE_SERVER")

# --- the extension --------------------------------------------------------------------------
vsix="${JOURNEY_E2E_VSIX:-}"
if [[ -z "$vsix" ]]; then
  vsix="$(ls -t "$ext_dir"/journey-*.vsix 2>/dev/null | head -1 || true)"
fi
if [[ -z "$vsix" ]]; then
  log "no .vsix found: packaging one"
  (cd "$ext_dir" && { [[ -d node_modules ]] || npm ci --ignore-scripts --no-audit --no-fund; } \
    && npx --no-install vsce package --no-dependencies --out journey-e2e.vsix >/dev/null)
  vsix="$ext_dir/journey-e2e.vsix"
fi
log "extension: $vsix"

work="$(mktemp -d "${TMPDIR:-/tmp}/journey-e2e.XXXXXX")"

# --- process bookkeeping --------------------------------------------------------------------
pids=()
descendants() {
  local p
  for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$p"
    echo "$p"
  done
}
cleanup() {
  local rc=$?
  local all=() p
  for p in "${pids[@]}"; do
    all+=($(descendants "$p") "$p")
  done
  if [[ -f "$work/chromium.pid" ]]; then
    p="$(cat "$work/chromium.pid")"
    all+=($(descendants "$p") "$p")
  fi
  if ((${#all[@]})); then
    kill "${all[@]}" 2>/dev/null || true
    sleep 1
    kill -9 "${all[@]}" 2>/dev/null || true
  fi
  if [[ "${JOURNEY_E2E_KEEP:-0}" == 1 || $rc -ne 0 ]]; then
    log "work directory kept: $work (code-server log: $work/code-server.log)"
  else
    rm -rf "$work"
  fi
  exit $rc
}
trap cleanup EXIT

# --- the language server (optional) ---------------------------------------------------------
server_bin="${JOURNEY_BIN:-}"
lsp_mode="${JOURNEY_E2E_LSP:-auto}"
# With no journey anywhere (setting, bundled, PATH), the extension must show its error.
expect_no_server=0
if [[ -z "$server_bin" ]] && ! command -v journey >/dev/null \
  && ! unzip -l "$vsix" extension/server/journey >/dev/null 2>&1; then
  expect_no_server=1
fi
if [[ "$lsp_mode" == auto ]]; then
  probe="${server_bin:-$(command -v journey || true)}"
  if [[ -z "$probe" ]] && unzip -l "$vsix" extension/server/journey >/dev/null 2>&1; then
    probe="$work/bundled-journey"
    unzip -p "$vsix" extension/server/journey >"$probe"
    chmod +x "$probe"
  fi
  if [[ -n "$probe" ]] && timeout 10 "$probe" lsp --help >/dev/null 2>&1; then
    lsp_mode=1
  else
    lsp_mode=0
  fi
fi
log "language server checks: $([[ $lsp_mode == 1 ]] && echo on || echo 'off (no journey with an `lsp` subcommand)')"

# --- a fresh VS Code profile and workspace --------------------------------------------------
user_data="$work/user-data"
extensions="$work/extensions"
workspace="$work/workspace"
mkdir -p "$user_data/User" "$extensions" "$workspace"

# The example to open: examples/hotel_stay.journey, else any example, else the fixture here.
example="$repo/examples/hotel_stay.journey"
[[ -f "$example" ]] || example="$(ls "$repo"/examples/*.journey 2>/dev/null | head -1 || true)"
[[ -f "$example" ]] || example="$here/fixtures/hotel_stay.journey"
cp "$example" "$workspace/"
# Examples may import shared definitions: copy the rest of examples/ too.
for f in "$repo"/examples/*.journey "$repo"/examples/journey.toml; do
  [[ -f "$f" && ! -e "$workspace/$(basename "$f")" ]] && cp "$f" "$workspace/"
done
example_name="$(basename "$example")"
log "example: $example_name"

mkdir -p "$user_data/Machine"
# In a remote window (code-server is one), machine-scoped settings such as journey.server.path
# are read from the remote machine's settings, not the user's.
if [[ -n "$server_bin" ]]; then
  printf '{ "journey.server.path": "%s" }\n' "$server_bin" >"$user_data/Machine/settings.json"
fi
cat >"$user_data/User/settings.json" <<JSON
{
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "editor.semanticHighlighting.enabled": false,
  "editor.minimap.enabled": false,
  "editor.fontSize": 14,
  "editor.hover.delay": 100,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "git.enabled": false
}
JSON


# --- install the extension and start code-server --------------------------------------------
log "installing the extension into code-server"
"${code_server[@]}" --user-data-dir "$user_data" --extensions-dir "$extensions" \
  --install-extension "$vsix" --force >"$work/install-extension.log" 2>&1 || {
    cat "$work/install-extension.log" >&2; exit 1; }
"${code_server[@]}" --user-data-dir "$user_data" --extensions-dir "$extensions" --list-extensions \
  --show-versions 2>/dev/null | tee "$work/extensions.txt" >&2
grep -q '^journey-lang.journey@' "$work/extensions.txt" || { log "extension not installed"; exit 1; }

port="$("$node24" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
log "starting code-server on 127.0.0.1:$port"
"${code_server[@]}" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$user_data" --extensions-dir "$extensions" --ignore-last-opened \
  "$workspace" >"$work/code-server.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[0]}" 2>/dev/null; then cat "$work/code-server.log" >&2; log "code-server exited"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { log "code-server did not come up"; exit 1; }

# --- drive it -------------------------------------------------------------------------------
log "running the browser test"
JOURNEY_E2E_URL="http://127.0.0.1:$port/?folder=$workspace" \
JOURNEY_E2E_WORKSPACE="$workspace" \
JOURNEY_E2E_EXAMPLE="$example_name" \
JOURNEY_E2E_LSP="$lsp_mode" \
JOURNEY_E2E_EXPECT_NO_SERVER="$expect_no_server" \
JOURNEY_E2E_SCREENSHOT="$here/screenshot.png" \
JOURNEY_E2E_CHROMIUM_PID_FILE="$work/chromium.pid" \
JOURNEY_E2E_PROFILE="$work/chromium-profile" \
JOURNEY_E2E_FAILSHOTS="$work" \
  "$node24" "$here/test.mjs"
