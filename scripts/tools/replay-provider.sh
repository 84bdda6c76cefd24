#!/usr/bin/env bash
# Builds the replay provider (tools/replay-provider) and lays it out as a filesystem mirror that
# stands in for mongodb/mongodbatlas 1.41.1 and hashicorp/azurerm 4.55.0: the same binary under
# both real addresses and versions, with each provider's recorded schema beside it.
#
#   replay-provider.sh --ensure   build when the source changed, lay out the mirror (default)
#   replay-provider.sh --path     print the replay CLI config's path when the mirror is complete
#   replay-provider.sh --schemas  print the folder the recorded schemas are read from
#
# Env: ATLAS_PL_TOOLS_CACHE (default $HOME/.cache/atlas-pl-tools); ATLAS_PL_PROVIDER_SCHEMAS
# (default: ../shared/provider-schemas beside the repository when it exists, else the schemas
# tools.sh recorded from real binaries into <cache>/provider-schemas).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
src="$repo/tools/replay-provider"
cache="${ATLAS_PL_TOOLS_CACHE:-$HOME/.cache/atlas-pl-tools}"
mirror="$cache/replay-mirror"
cli_config="$cache/replay-cli.tfrc"
# type|namespace|version: the providers the cdktf bindings were generated from.
PROVIDERS=("mongodbatlas|mongodb|1.41.1" "azurerm|hashicorp|4.55.0")
HOSTS=(registry.terraform.io registry.opentofu.org)

platform() {
  local arch
  case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  echo "$(uname -s | tr '[:upper:]' '[:lower:]')_$arch"
}

# The first folder that holds both recorded schemas.
schemas_dir() {
  local dir entry type ns ver ok
  for dir in "${ATLAS_PL_PROVIDER_SCHEMAS:-}" "$repo/../shared/provider-schemas" "$cache/provider-schemas"; do
    [ -n "$dir" ] && [ -d "$dir" ] || continue
    ok=1
    for entry in "${PROVIDERS[@]}"; do
      IFS='|' read -r type ns ver <<<"$entry"
      [ -s "$dir/$type-$ver.json" ] || ok=0
    done
    if [ "$ok" = 1 ]; then (cd "$dir" && pwd); return 0; fi
    if [ "$dir" = "${ATLAS_PL_PROVIDER_SCHEMAS:-}" ]; then
      echo "replay-provider.sh: ATLAS_PL_PROVIDER_SCHEMAS=$dir lacks mongodbatlas-1.41.1.json or azurerm-4.55.0.json" >&2
      return 1
    fi
  done
  echo "replay-provider.sh: no recorded provider schemas: set ATLAS_PL_PROVIDER_SCHEMAS to a folder with mongodbatlas-1.41.1.json and azurerm-4.55.0.json (see docs/engine-tests.md)" >&2
  return 1
}

# Keyed on the source and the Go version, so an edit rebuilds and an unchanged tree reuses.
source_key() {
  (cd "$src" && cat go.mod go.sum ./*.go && go version) | sha256sum | cut -c1-16
}

build() { # -> prints the binary's path
  local key bin log
  command -v go >/dev/null || { echo "replay-provider.sh: the go command is required to build the replay provider" >&2; return 1; }
  key="$(source_key)"
  bin="$cache/replay-provider/$key/terraform-provider-replay"
  if [ ! -x "$bin" ]; then
    log="$cache/build-logs/replay-provider.log"
    mkdir -p "$(dirname "$bin")" "$(dirname "$log")"
    echo "replay-provider.sh: building the replay provider (log: $log)" >&2
    if ! (cd "$src" && GOFLAGS="-mod=mod -buildvcs=false" GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0 \
        go build -trimpath -ldflags "-s -w" -o "$bin.tmp.$$" .) >"$log" 2>&1; then
      echo "replay-provider.sh: build failed (last lines of $log):" >&2
      tail -n 15 "$log" >&2
      rm -f "$bin.tmp.$$"
      return 1
    fi
    mv -f "$bin.tmp.$$" "$bin"
  fi
  echo "$bin"
}

# Same content in place leaves the file (and the engine's lock-file hashes) untouched.
install_file() { # source target
  if ! cmp -s "$1" "$2"; then
    ln -f "$1" "$2.tmp.$$" 2>/dev/null || cp -f "$1" "$2.tmp.$$"
    mv -f "$2.tmp.$$" "$2"
  fi
}

ensure() {
  local bin schemas entry type ns ver host dir plat
  bin="$(build)" || return 1
  schemas="$(schemas_dir)" || return 1
  plat="$(platform)"
  for entry in "${PROVIDERS[@]}"; do
    IFS='|' read -r type ns ver <<<"$entry"
    for host in "${HOSTS[@]}"; do
      dir="$mirror/$host/$ns/$type/$ver/$plat"
      mkdir -p "$dir"
      install_file "$bin" "$dir/terraform-provider-${type}_v$ver"
      install_file "$schemas/$type-$ver.json" "$dir/$type-$ver.json"
    done
  done
  bash "$here/mirror-cli-config.sh" "$mirror" "$cli_config" "the replay provider"
  echo "$schemas" > "$cache/replay-schemas-source"
}

complete() {
  local entry type ns ver plat
  plat="$(platform)"
  [ -f "$cli_config" ] || return 1
  for entry in "${PROVIDERS[@]}"; do
    IFS='|' read -r type ns ver <<<"$entry"
    [ -x "$mirror/registry.terraform.io/$ns/$type/$ver/$plat/terraform-provider-${type}_v$ver" ] || return 1
  done
}

case "${1:---ensure}" in
  --ensure) ensure ;;
  --path) complete && echo "$cli_config" ;;
  --schemas) schemas_dir ;;
  *) echo "usage: $0 [--ensure|--path|--schemas]" >&2; exit 2 ;;
esac
