#!/usr/bin/env bash
# Builds and tests every editor and CI integration under editors/ (what .ci/run calls).
#
#   editors/test-all.sh [--e2e] [--require-lsp]
#
#   --e2e          also run the VS Code end-to-end test in code-server + headless chromium
#                  (installs node 24, code-server and Debian packages the first time: ~4 min)
#   --require-lsp  fail, instead of skipping, the language-server checks (Neovim, VS Code e2e)
#                  when no `journey` with an `lsp` subcommand is available
#
# Needs: node ≥ 20 + npm, python3, nvim (Debian `neovim`), and for the integrations test PyYAML
# (+ pre-commit for the hook tests, skipped without it). Uses target/{release,debug}/journey
# when built.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
e2e=0
require_lsp=0
for arg in "$@"; do
  case "$arg" in
    --e2e) e2e=1 ;;
    --require-lsp) require_lsp=1 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

echo "=== VS Code extension: build, test, package"
bash "$here/vscode/ci.sh"

echo "=== Neovim"
if [[ $require_lsp == 1 ]]; then
  bash "$here/neovim/test/run.sh" --require-lsp
else
  bash "$here/neovim/test/run.sh"
fi

echo "=== Helix"
python3 "$here/helix/test/check_languages.py"

echo "=== GitHub Action and pre-commit hooks"
python3 "$here/integrations/test_integrations.py"

if [[ $e2e == 1 ]]; then
  echo "=== VS Code end-to-end (code-server)"
  if [[ $require_lsp == 1 ]]; then
    JOURNEY_E2E_LSP=1 bash "$here/vscode/e2e/run.sh"
  else
    bash "$here/vscode/e2e/run.sh"
  fi
fi
echo "=== editors: all passed"
