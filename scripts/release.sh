#!/usr/bin/env bash
# Builds the release artefacts of `journey` into dist/ (gitignored):
#
#   journey-<version>-<target-triple>.tar.gz          the stripped binary, README, both licenses,
#   journey-<version>-<target-triple>.tar.gz.sha256   shell completions and the man page; its SHA-256
#   journey-<version>-<target-triple>.vsix (+.sha256) the VS Code extension with the binary bundled
#
#   scripts/release.sh [--binary PATH] [--target TRIPLE] [--no-vsix] [--out DIR]
#
#   --binary PATH    package this already-built `journey` instead of building one (CI reuses
#                    target/release/journey); its --version must be the workspace's version
#   --target TRIPLE  cargo build --target TRIPLE (default: the host, as `rustc -vV` says)
#   --no-vsix        do not build the VS Code extension (it needs node and npm)
#   --out DIR        write there instead of dist/
#
# Runs the same on a laptop, in .ci/run and in .github/workflows/release.yml (Linux, macOS and
# Windows' Git Bash). On Linux with GNU tar the archive is reproducible: entries sorted, owned by
# 0:0, dated at the last commit (SOURCE_DATE_EPOCH), gzip without a timestamp.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
target=""
vsix=1
out="dist"
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
    --target) target="${2:?--target needs a target triple}"; shift 2 ;;
    --no-vsix) vsix=0; shift ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "release.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

step() { printf '\n==> %s\n' "$*"; }

# The workspace version: the first `version = "…"` of Cargo.toml ([workspace.package]).
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
[[ -n "$version" ]] || { echo "release.sh: no version in Cargo.toml" >&2; exit 1; }
if [[ -z "$target" ]]; then
  target="$(rustc -vV | sed -n 's/^host: //p')"
fi
exe=""
[[ "$target" == *windows* ]] && exe=".exe"

if [[ -z "$binary" ]]; then
  step "Building journey $version for $target (cargo build --release)"
  target_args=()
  built="target/release/journey$exe"
  if [[ "$target" != "$(rustc -vV | sed -n 's/^host: //p')" ]]; then
    target_args=(--target "$target")
    built="target/$target/release/journey$exe"
  fi
  cargo build --release --locked -p journey-cli "${target_args[@]}"
  binary="$built"
else
  step "Packaging the existing binary $binary for $target"
fi
[[ -x "$binary" ]] || { echo "release.sh: $binary is not an executable" >&2; exit 1; }
reported="$("$binary" --version)"
if [[ "$reported" != "journey $version" ]]; then
  echo "release.sh: $binary says '$reported', but Cargo.toml's version is $version (rebuild it)" >&2
  exit 1
fi

name="journey-$version-$target"
stage="$out/$name"
rm -rf "$stage" "$out/$name.tar.gz" "$out/$name.tar.gz.sha256"
mkdir -p "$stage/completions" "$stage/man"

step "Staging $stage"
cp "$binary" "$stage/journey$exe"
# The release profile keeps line tables for profiling (most of the binary's size); users need
# none of it. MSVC binaries keep their debug information in a separate .pdb already.
if [[ -z "$exe" ]]; then
  if command -v strip >/dev/null; then
    strip "$stage/journey"
  else
    echo "warning: no strip on PATH: the binary is not stripped" >&2
  fi
fi
cp README.md LICENSE-MIT LICENSE-APACHE "$stage/"
# Completions and the man page come from the packaged binary itself, so they match it.
"$stage/journey$exe" completions bash >"$stage/completions/journey.bash"
"$stage/journey$exe" completions zsh >"$stage/completions/_journey"
"$stage/journey$exe" completions fish >"$stage/completions/journey.fish"
"$stage/journey$exe" completions powershell >"$stage/completions/_journey.ps1"
"$stage/journey$exe" completions elvish >"$stage/completions/journey.elv"
"$stage/journey$exe" man -o "$stage/man/journey.1"

# SHA-256 in the `sha256sum` format (`<hash>  <file>`), which `sha256sum -c` and
# `shasum -a 256 -c` both read.
checksum() {
  local dir file
  dir="$(dirname "$1")"
  file="$(basename "$1")"
  if command -v sha256sum >/dev/null; then
    (cd "$dir" && sha256sum "$file") >"$1.sha256"
  else
    (cd "$dir" && shasum -a 256 "$file") >"$1.sha256"
  fi
}

step "Archiving $out/$name.tar.gz"
if tar --version 2>/dev/null | grep 'GNU tar' >/dev/null; then
  epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mode=u+rwX,go=rX --mtime="@$epoch" \
    -C "$out" -cf - "$name" | gzip -9 -n >"$out/$name.tar.gz"
else
  tar -C "$out" -czf "$out/$name.tar.gz" "$name"
fi
checksum "$out/$name.tar.gz"
rm -rf "$stage"

if ((vsix)); then
  step "VS Code extension (editors/vscode/ci.sh)"
  if ! command -v npm >/dev/null; then
    echo "no npm on PATH: the .vsix is skipped (install node and npm, or pass --no-vsix)"
  else
    # The extension bundles the binary packaged above (absolute: ci.sh runs in its directory).
    JOURNEY_SERVER_BIN="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")" \
      bash editors/vscode/ci.sh
    mv "editors/vscode/journey-$version.vsix" "$out/$name.vsix"
    checksum "$out/$name.vsix"
  fi
else
  echo "the .vsix is skipped (--no-vsix)"
fi

step "Done"
ls -l "$out/$name".*
cat "$out/$name.tar.gz.sha256"
