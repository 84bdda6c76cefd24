#!/usr/bin/env bash
# Node.js 22 for the CDK Terrain (cdktn 0.24) path, taken from the npm registry and cached outside
# the repository. The registry's `node-<os>-<arch>` packages carry the official binary in their
# tarball (bin/node); `npm pack` fetches one through npm's own cache and checks its integrity
# against the registry, so a second run works offline. (The `node` package itself is not used:
# its preinstall script runs another `npm install`, which needs the registry every time.)
#
#   node22.sh --ensure     fetch when the cached binary is missing (default)
#   node22.sh --path       print the cached binary's path when it is there, else exit 1
#   node22.sh --print-env  print `export ATLAS_PL_NODE22_BIN=...` when it is there (never fetches)
#
# Env: ATLAS_PL_TOOLS_CACHE (default $HOME/.cache/atlas-pl-tools), NODE22_VERSION (default 22.23.5).
set -euo pipefail

version="${NODE22_VERSION:-22.23.5}"
cache="${ATLAS_PL_TOOLS_CACHE:-$HOME/.cache/atlas-pl-tools}"
bin="$cache/node/$version/bin/node"

package() {
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  echo "node-$os-$arch"
}

usable() { [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "v$version" ]; }

ensure() {
  usable && return 0
  command -v npm >/dev/null || { echo "node22.sh: npm is required to fetch Node $version" >&2; return 1; }
  local pkg
  # Global, not local: the EXIT trap runs after this function's scope is gone.
  pkg="$(package)@$version"
  work="$(mktemp -d "${TMPDIR:-/tmp}/atlas-pl-node22.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "node22.sh: fetching $pkg from the npm registry (a 30 MB download; cached in $cache/node)" >&2
  (cd "$work" && npm pack --prefer-offline --silent "$pkg" >/dev/null) || { echo "node22.sh: npm pack $pkg failed" >&2; return 1; }
  tar -xzf "$work"/*.tgz -C "$work" package/bin/node || { echo "node22.sh: $pkg has no bin/node" >&2; return 1; }
  mkdir -p "$(dirname "$bin")"
  mv -f "$work/package/bin/node" "$bin.tmp.$$" && chmod +x "$bin.tmp.$$" && mv -f "$bin.tmp.$$" "$bin"
  usable || { echo "node22.sh: $bin does not report v$version" >&2; rm -f "$bin"; return 1; }
}

case "${1:---ensure}" in
  --ensure) ensure ;;
  --path) usable && echo "$bin" ;;
  --print-env) if usable; then printf 'export ATLAS_PL_NODE22_BIN=%q\n' "$bin"; fi ;;
  *) echo "usage: $0 [--ensure|--path|--print-env]" >&2; exit 2 ;;
esac
