#!/usr/bin/env bash
# Builds, tests and packages the VS Code extension from a clean checkout:
#   npm ci → build → npm test → vsce package (journey-<version>.vsix in this directory).
# When the repository has a built `journey` (JOURNEY_SERVER_BIN, else target/release, else
# target/debug), it is bundled as server/journey and the package is marked for this platform
# (e.g. linux-x64).
# Needs node ≥ 20 and npm; nothing else.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"

# The extension is licensed like the repository; LICENSE (packaged into the .vsix) is both
# texts from the root, rewritten here so that it cannot drift from them.
write_license() {
  {
    printf 'The journey extension is licensed under either of\n\n'
    printf '  * the MIT license (below, first), or\n'
    printf '  * the Apache License, Version 2.0 (below, second)\n\n'
    printf 'at your option.\n\n'
    cat "$repo/LICENSE-MIT"
    printf '\n\n'
    cat "$repo/LICENSE-APACHE"
  } >LICENSE
}
write_license

echo "== editors/vscode: npm ci"
# Install scripts are not needed (esbuild ships its binary as a dependency; keytar, a vsce
# dependency for publishing, is never used here), and skipping them keeps CI offline-safe.
npm ci --ignore-scripts --no-audit --no-fund

rm -rf server
# JOURNEY_SERVER_BIN: bundle this binary (scripts/release.sh passes the one it packages).
server_bin="${JOURNEY_SERVER_BIN:-}"
if [[ -z "$server_bin" ]]; then
  for profile in release debug; do
    if [[ -x "$repo/target/$profile/journey" ]]; then
      server_bin="$repo/target/$profile/journey"
      break
    fi
  done
fi
target_args=()
if [[ -n "$server_bin" ]]; then
  echo "== bundling $server_bin as server/journey"
  mkdir -p server
  cp "$server_bin" server/journey
  chmod +x server/journey
  # The release profile keeps line tables for profiling; users need none of it
  # (34 of the binary's 42 MB).
  if [[ "$(uname -s)" == Linux ]] && command -v strip >/dev/null; then
    strip --strip-debug server/journey
  fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target_args=(--target linux-x64) ;;
    Linux-aarch64) target_args=(--target linux-arm64) ;;
    Darwin-arm64) target_args=(--target darwin-arm64) ;;
    Darwin-x86_64) target_args=(--target darwin-x64) ;;
  esac
  export JOURNEY_BIN="$server_bin"
else
  echo "== no target/{release,debug}/journey: packaging without a bundled server"
fi

echo "== build"
npm run build

echo "== npm test"
npm test

echo "== vsce package"
version="$(node -p 'require("./package.json").version')"
rm -f ./*.vsix
# `vsce package` runs the vscode:prepublish script (the build) again; it is quick.
npx --no-install vsce package --no-dependencies --allow-missing-repository "${target_args[@]}" --out "journey-$version.vsix"
ls -l "journey-$version.vsix"
