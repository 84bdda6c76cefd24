#!/usr/bin/env bash
# Builds the replay provider (tools/replay-provider) and lays it out as a filesystem mirror that
# stands in for mongodb/mongodbatlas and hashicorp/azurerm at EVERY recorded version found in the
# schemas folder (mongodbatlas 1.41.1 and 2.16.0, azurerm 4.55.0 and 4.81.0 in the repository):
# the same binary under each real address and version, with that version's schema beside it.
#
#   replay-provider.sh --ensure    build when the source changed, lay out the mirror (default)
#   replay-provider.sh --path      print the replay CLI config's path when the mirror is complete
#   replay-provider.sh --schemas   print the folder the recorded schemas are read from
#   replay-provider.sh --versions  print the served <type>@<version>, one a line
#
# Env: ATLAS_PL_TOOLS_CACHE (default $HOME/.cache/atlas-pl-tools); ATLAS_PL_PROVIDER_SCHEMAS
# (default: the repository's own tools/replay-provider/schemas, gzip-compressed; a folder given
# here may hold <type>-<version>.json or .json.gz). Needs the go command, Go >= 1.25.
# Never commit a .terraform.lock.hcl written against this mirror: it holds the replay binary's
# hashes (docs/engine-tests.md says how to write a real one).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
src="$repo/tools/replay-provider"
cache="${ATLAS_PL_TOOLS_CACHE:-$HOME/.cache/atlas-pl-tools}"
mirror="$cache/replay-mirror"
cli_config="$cache/replay-cli.tfrc"
# The versions the prebuilt cdktf bindings target: the mirror is incomplete without them.
REQUIRED=("mongodbatlas@1.41.1" "azurerm@4.55.0")
declare -A NAMESPACE=([mongodbatlas]=mongodb [azurerm]=hashicorp)
HOSTS=(registry.terraform.io registry.opentofu.org)
GO_MIN=1.25

platform() {
  local arch
  case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  echo "$(uname -s | tr '[:upper:]' '[:lower:]')_$arch"
}

# The folder of recorded schemas: ATLAS_PL_PROVIDER_SCHEMAS, else the repository's own.
schemas_dir() {
  local dir="${ATLAS_PL_PROVIDER_SCHEMAS:-$src/schemas}" v
  if [ ! -d "$dir" ]; then
    echo "replay-provider.sh: ATLAS_PL_PROVIDER_SCHEMAS=$dir is not a folder" >&2
    return 1
  fi
  for v in "${REQUIRED[@]}"; do
    if [ ! -s "$dir/${v/@/-}.json" ] && [ ! -s "$dir/${v/@/-}.json.gz" ]; then
      echo "replay-provider.sh: $dir lacks ${v/@/-}.json(.gz): set ATLAS_PL_PROVIDER_SCHEMAS to a folder of recorded schemas (see docs/engine-tests.md)" >&2
      return 1
    fi
  done
  (cd "$dir" && pwd)
}

# Every <type>@<version> with a recorded schema of a provider the replay knows, sorted.
versions() { # dir
  local f base
  for f in "$1"/*.json "$1"/*.json.gz; do
    [ -e "$f" ] || continue
    base="$(basename "$f")"; base="${base%.gz}"; base="${base%.json}"
    [[ "$base" =~ ^(mongodbatlas|azurerm)-([0-9]+\.[0-9]+\.[0-9]+)$ ]] || continue
    echo "${BASH_REMATCH[1]}@${BASH_REMATCH[2]}"
  done | sort -u -V
}

# The go command must be there and at least Go 1.25 (tools/replay-provider/go.mod).
check_go() {
  local have
  if ! command -v go >/dev/null 2>&1; then
    echo "replay-provider.sh: the go command is required to build the replay provider (Go >= $GO_MIN, https://go.dev/dl/; Linux)" >&2
    return 1
  fi
  have="$(go env GOVERSION 2>/dev/null)"; have="${have#go}"
  if [ "$(printf '%s\n%s\n' "$GO_MIN" "${have%%[-+ ]*}" | sort -V | head -n 1)" != "$GO_MIN" ]; then
    echo "replay-provider.sh: Go $have is too old: the replay provider needs Go >= $GO_MIN (https://go.dev/dl/)" >&2
    return 1
  fi
}

# Keyed on the source and the Go version, so an edit rebuilds and an unchanged tree reuses.
source_key() {
  (cd "$src" && cat go.mod go.sum ./*.go && go version) | sha256sum | cut -c1-16
}

build() { # -> prints the binary's path
  local key bin log
  check_go || return 1
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
  local bin schemas v type ver ns host dir plat file
  bin="$(build)" || return 1
  schemas="$(schemas_dir)" || return 1
  plat="$(platform)"
  for v in $(versions "$schemas"); do
    type="${v%@*}" ver="${v#*@}" ns="${NAMESPACE[${v%@*}]}"
    file="$schemas/$type-$ver.json"
    [ -s "$file" ] || file="$file.gz"
    for host in "${HOSTS[@]}"; do
      dir="$mirror/$host/$ns/$type/$ver/$plat"
      mkdir -p "$dir"
      install_file "$bin" "$dir/terraform-provider-${type}_v$ver"
      # One schema beside the binary: the provider reads .json first, then .json.gz.
      if [ "$file" = "${file%.gz}" ]; then rm -f "$dir/$type-$ver.json.gz"; else rm -f "$dir/$type-$ver.json"; fi
      install_file "$file" "$dir/$(basename "$file")"
    done
  done
  bash "$here/mirror-cli-config.sh" "$mirror" "$cli_config" "the replay provider"
  echo "$schemas" > "$cache/replay-schemas-source"
}

complete() {
  local v plat schemas
  plat="$(platform)"
  [ -f "$cli_config" ] || return 1
  schemas="$(schemas_dir 2>/dev/null)" || return 1
  for v in "${REQUIRED[@]}" $(versions "$schemas"); do
    [ -x "$mirror/registry.terraform.io/${NAMESPACE[${v%@*}]}/${v%@*}/${v#*@}/$plat/terraform-provider-${v%@*}_v${v#*@}" ] || return 1
  done
}

case "${1:---ensure}" in
  --ensure) ensure ;;
  --path) complete && echo "$cli_config" ;;
  --schemas) schemas_dir ;;
  --versions) schemas="$(schemas_dir)" && versions "$schemas" ;;
  *) echo "usage: $0 [--ensure|--path|--schemas|--versions]" >&2; exit 2 ;;
esac
