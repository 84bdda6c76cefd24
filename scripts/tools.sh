#!/usr/bin/env bash
# Provisions the heavy tools the integration tests need, cached OUTSIDE the work tree:
#   - a Terraform engine with mock-provider support (terraform >= 1.7 or tofu >= 1.8 from PATH,
#     else OpenTofu built with the go command into the cache);
#   - the providers at exactly the versions the prebuilt cdktf bindings target
#     (mongodbatlas 1.41.1, azurerm 4.55.0), in one of two modes:
#       real    the real binaries (cache, ATLAS_PL_PROVIDER_MIRROR, or the registry when it
#               answers), laid out as a filesystem mirror with a mirror-only CLI config; their
#               schemas are recorded into <cache>/provider-schemas;
#       replay  the replay provider (tools/replay-provider), a SIMULATOR serving the schemas
#               recorded in tools/replay-provider/schemas (every version found there), when no
#               real binaries can be had (the Go module proxy here refuses both modules);
#     the replay mirror is built in both modes: offline applies always run on it;
#   - FerretDB, through scripts/tools/ferretdb.sh when that script exists;
#   - Node.js 22 from the npm registry (scripts/tools/node22.sh) for the CDK Terrain path;
#   - Knot DNS (knotd) for npm run rehearse: the Debian package, installed with apt-get only
#     when knotd is missing (root only; the rehearsal needs root anyway);
#   - nft (Debian package nftables) for the fault catalogue's packet filtering
#     (npm run rehearse -- --scenario all), installed the same way when missing.
#
#   tools.sh              ensure everything, short summary on stderr          (npm run tools)
#   tools.sh --ensure     same, quiet unless something is built               (npm pretest)
#   tools.sh --print-env  print ONLY `export` lines on stdout, never builds:
#                           eval "$(bash scripts/tools.sh --print-env)"
#                         It never sets TF_CLI_CONFIG_FILE: the mirrors' CLI configs are in
#                         ATLAS_PL_ENGINE_CLI_CONFIG / ATLAS_PL_REPLAY_CLI_CONFIG, and only the
#                         test runs and scripts/offline-terraform.sh hand them to the engine, so a
#                         shell that loads this env still deploys with the real providers.
#
# Requirements: Linux (x86_64 or arm64), bash, the go command (Go >= 1.25) to build the replay
# provider (and OpenTofu when no engine is on PATH); root only for npm run rehearse (network
# namespaces) and for installing Knot DNS.
#
# Inputs (env):
#   ATLAS_PL_TOOLS_CACHE      cache root (default $HOME/.cache/atlas-pl-tools)
#   ATLAS_PL_TF_BINARY        use this engine binary instead of searching PATH / the cache
#   ATLAS_PL_PROVIDER_MIRROR  a directory that already holds the provider binaries, either as a
#                             filesystem mirror (<host>/<ns>/<type>/<ver>/<os>_<arch>/terraform-provider-<type>_v<ver>)
#                             or flat (terraform-provider-<type>_v<ver>)
#   ATLAS_PL_TF_PROVIDERS=registry
#                             skip the mirror: the engine's own CLI config (TF_CLI_CONFIG_FILE or
#                             ~/.terraformrc) and registry access provide the providers
#   ATLAS_PL_PROVIDER_MODE    real|replay: force a mode (default: real when real binaries can be had)
#   ATLAS_PL_PROVIDER_SCHEMAS folder of recorded schemas the replay provider serves
#                             (default tools/replay-provider/schemas, in the repository)
#   OPENTOFU_VERSION          OpenTofu version built when no engine is found (default v1.10.10)
# See docs/engine-tests.md.
set -uo pipefail

cache="${ATLAS_PL_TOOLS_CACHE:-$HOME/.cache/atlas-pl-tools}"
tofu_version="${OPENTOFU_VERSION:-v1.10.10}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1

# type|namespace|version|module|module version for `go` (tag or commit)|package to build
PROVIDERS=(
  "mongodbatlas|mongodb|1.41.1|github.com/mongodb/terraform-provider-mongodbatlas|v1.41.1|github.com/mongodb/terraform-provider-mongodbatlas"
  # v4 tags of azurerm are not valid Go module versions for its path (no /v4 suffix):
  # request the v4.55.0 tag's commit, which resolves to a pseudo-version.
  "azurerm|hashicorp|4.55.0|github.com/hashicorp/terraform-provider-azurerm|37bf7f03b661b804a59fd62fd6f6e6b8ee4a69df|github.com/hashicorp/terraform-provider-azurerm"
)
# Replace directives of the provider modules, used when their go.mod cannot be read
# (the wrapper module must repeat them: replace lines only apply in the main module).
declare -A KNOWN_REPLACES=(
  [github.com/mongodb/terraform-provider-mongodbatlas]="github.com/go-jose/go-jose/v4 v4.0.4 => github.com/go-jose/go-jose/v4 v4.0.5"
)
HOSTS=(registry.terraform.io registry.opentofu.org)

mode="summary"
case "${1:-}" in
  "") ;;
  --ensure) mode="ensure" ;;
  --print-env) mode="print-env" ;;
  -h|--help) sed -n '2,/^# See docs/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
  *) echo "tools.sh: unknown option '$1' (use --ensure, --print-env or --help)" >&2; exit 2 ;;
esac

say() { [ "$mode" = "summary" ] && echo "$*" >&2; return 0; }
note() { echo "tools.sh: $*" >&2; }

os_arch() {
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in
    x86_64|amd64) arch=amd64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) arch="$(uname -m)" ;;
  esac
  echo "${os}_${arch}"
}
platform="$(os_arch)"

# ---------------------------------------------------------------- engine
# Prints "<engine> <version>" for a binary (engine = terraform|tofu), nothing if unusable.
engine_info() {
  local first
  first="$(TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null | head -n 1)" || true
  case "$first" in
    "Terraform v"*) echo "terraform ${first#Terraform v}" ;;
    "OpenTofu v"*) echo "tofu ${first#OpenTofu v}" ;;
  esac
}

# version_ge 1.11.4 1.7 -> true
version_ge() { [ "$(printf '%s\n%s\n' "$2" "${1%%-*}" | sort -V | head -n 1)" = "$2" ]; }

engine_ok() { # engine version
  case "$1" in
    terraform) version_ge "$2" 1.7 ;;
    tofu) version_ge "$2" 1.8 ;;
    *) return 1 ;;
  esac
}

tofu_cached="$cache/opentofu/$tofu_version/tofu"
engine_bin="" engine_kind="" engine_version="" engine_source=""

find_engine() {
  local cand info src
  local -a cands=()
  if [ -n "${ATLAS_PL_TF_BINARY:-}" ]; then
    cands+=("$ATLAS_PL_TF_BINARY|ATLAS_PL_TF_BINARY")
  fi
  for cand in terraform tofu; do
    if command -v "$cand" >/dev/null 2>&1; then cands+=("$(command -v "$cand")|PATH"); fi
  done
  cands+=("$tofu_cached|cache")
  for cand in "${cands[@]}"; do
    src="${cand##*|}"; cand="${cand%|*}"
    if [ ! -x "$cand" ]; then
      [ "$src" = "ATLAS_PL_TF_BINARY" ] && note "ignoring ATLAS_PL_TF_BINARY=$cand: not an executable file"
      continue
    fi
    info="$(engine_info "$cand")"
    [ -n "$info" ] || continue
    if engine_ok ${info}; then
      engine_bin="$cand" engine_kind="${info%% *}" engine_version="${info#* }" engine_source="$src"
      return 0
    fi
    [ "$src" = "ATLAS_PL_TF_BINARY" ] && note "ignoring ATLAS_PL_TF_BINARY=$cand ($info): mock providers need terraform >= 1.7 or tofu >= 1.8"
  done
  return 1
}

# Builds a Go main package that lives in a dependency module, from a throwaway wrapper module.
# The wrapper repeats the dependency's own `replace` directives (read from its go.mod through
# the module proxy; KNOWN_REPLACES when that go.mod cannot be read).
go_wrapper_build() { # module version package output log [extra -ldflags]
  local module="$1" version="$2" package="$3" out="$4" log="$5" ldextra="${6:-}" work gomod rc
  command -v go >/dev/null 2>&1 || { echo "the go command is not installed" >"$log"; return 1; }
  mkdir -p "$(dirname "$out")" "$(dirname "$log")"
  work="$(mktemp -d "${TMPDIR:-/tmp}/atlas-pl-gobuild.XXXXXX")"
  (
    # Explicit checks: `set -e` is ignored here because callers run this inside `if`.
    cd "$work" || exit 1
    export GOFLAGS="-mod=mod -buildvcs=false" GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0
    printf 'module atlas-pl.local/tool-wrapper\n\ngo 1.24\n' > go.mod || exit 1
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$package" > tools.go || exit 1
    echo "== resolving $module@$version"
    go get "$module@$version" || exit 1
    resolved="$(go list -m -f '{{.Version}}' "$module")" || exit 1
    case "$version" in # a commit must resolve to a pseudo-version of that very commit
      ????????????????????????????????????????) [ "${resolved##*-}" = "${version:0:12}" ] \
        || { echo "== $module@$version resolved to $resolved: refusing to build"; exit 1; } ;;
    esac
    gomod="$(go list -m -f '{{.GoMod}}' "$module")" || exit 1
    # Copy the dependency's replace directives (single-line and block form), skipping local paths.
    awk '
      /^replace[ \t]*\(/ { inblock = 1; next }
      inblock && /^\)/ { inblock = 0; next }
      inblock { print; next }
      /^replace[ \t]/ { sub(/^replace[ \t]+/, ""); print }
    ' "$gomod" | grep -vE '=>[[:space:]]*\.{1,2}/' | sed 's/^[[:space:]]*/replace /' > replaces.txt
    if [ ! -s replaces.txt ] && [ -n "${KNOWN_REPLACES[$module]:-}" ]; then
      echo "replace ${KNOWN_REPLACES[$module]}" > replaces.txt
    fi
    if [ -s replaces.txt ]; then echo "== replace directives:"; cat replaces.txt; cat replaces.txt >> go.mod; fi
    go mod tidy || exit 1
    # Never build another version than the one asked for (tidy must not move it).
    now="$(go list -m -f '{{.Version}}' "$module")" || exit 1
    if [ "$now" != "$resolved" ]; then echo "== $module moved from $resolved to $now: refusing to build"; exit 1; fi
    echo "== building $package ($module $resolved)"
    go build -trimpath -ldflags "-s -w $ldextra" -o "$out.tmp.$$" "$package" || exit 1
    mv -f "$out.tmp.$$" "$out" || exit 1
  ) >"$log" 2>&1
  rc=$?
  rm -rf "$work" "$out.tmp.$$" 2>/dev/null
  return $rc
}

build_tofu() {
  local log="$cache/build-logs/tools-opentofu-$tofu_version.log"
  note "no terraform >= 1.7 / tofu >= 1.8 on PATH: building OpenTofu $tofu_version into $cache (several minutes on 2 cores; log: $log)"
  local t0=$SECONDS
  if go_wrapper_build github.com/opentofu/opentofu "$tofu_version" github.com/opentofu/opentofu/cmd/tofu "$tofu_cached" "$log" \
    "-X github.com/opentofu/opentofu/version.dev=no"; then # a release build, not "-dev"
    note "built OpenTofu $tofu_version in $((SECONDS - t0)) s"
    return 0
  fi
  note "building OpenTofu failed (last lines of $log):"
  tail -n 15 "$log" >&2
  return 1
}

# ---------------------------------------------------------------- providers
mirror="$cache/mirror"
cli_config="$cache/terraform-cli.tfrc"
declare -A provider_src=()

# A provider binary is usable when it runs and says it is a plugin. The check runs once per
# binary (keyed on its path, size and mtime) so cached runs stay fast.
provider_usable() { # path type
  local bin="$1" stamp="$mirror/.checked-$2" key
  [ -f "$bin" ] && [ -x "$bin" ] || return 1
  key="$(readlink -f "$bin") $(stat -L -c '%s %Y' "$bin")"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && return 0
  local said
  said="$("$bin" </dev/null 2>&1 | head -c 4096)" # exits non-zero by design
  if [[ "$said" == *"is a plugin"* ]]; then
    mkdir -p "$mirror" && echo "$key" > "$stamp"
    return 0
  fi
  return 1
}

# Finds a provider binary: the cache, then ATLAS_PL_PROVIDER_MIRROR (mirror or flat layout).
find_provider() { # type ns ver -> echoes path
  local type="$1" ns="$2" ver="$3" file="terraform-provider-$1_v$3" cand host
  local -a cands=("$cache/providers/$file")
  if [ -n "${ATLAS_PL_PROVIDER_MIRROR:-}" ]; then
    for host in "${HOSTS[@]}"; do cands+=("$ATLAS_PL_PROVIDER_MIRROR/$host/$ns/$type/$ver/$platform/$file"); done
    cands+=("$ATLAS_PL_PROVIDER_MIRROR/$file")
  fi
  for cand in "${cands[@]}"; do
    if provider_usable "$cand" "$type"; then echo "$cand"; return 0; fi
  done
  return 1
}

link_provider() { # type ns ver source
  local type="$1" ns="$2" ver="$3" src="$4" file="terraform-provider-$1_v$3" host dir target
  target="$(readlink -f "$src")"
  for host in "${HOSTS[@]}"; do
    dir="$mirror/$host/$ns/$type/$ver/$platform"
    mkdir -p "$dir"
    [ "$(readlink "$dir/$file" 2>/dev/null)" = "$target" ] || ln -sfn "$target" "$dir/$file"
  done
}

write_cli_config() {
  bash "$here/tools/mirror-cli-config.sh" "$mirror" "$cli_config" "the real providers"
}

# Lays out every provider that is already present; with $1=build, builds the missing ones.
# Sets provider_src[type] and returns 1 when any is still missing.
ensure_providers() {
  local build="${1:-}" entry type ns ver module modver package src missing=0 log t0
  for entry in "${PROVIDERS[@]}"; do
    IFS='|' read -r type ns ver module modver package <<<"$entry"
    if src="$(find_provider "$type" "$ns" "$ver")"; then
      # Binaries from ATLAS_PL_PROVIDER_MIRROR are copied into the cache once, so the mirror
      # keeps working when that directory goes away.
      local cached="$cache/providers/terraform-provider-${type}_v$ver"
      if [ "$(readlink -f "$src")" != "$(readlink -f "$cached" 2>/dev/null)" ]; then
        mkdir -p "$cache/providers"
        cp -f "$(readlink -f "$src")" "$cached.tmp.$$" && chmod +x "$cached.tmp.$$" && mv -f "$cached.tmp.$$" "$cached" \
          && provider_usable "$cached" "$type" && src="$cached"
      fi
      link_provider "$type" "$ns" "$ver" "$src"; provider_src[$type]="$src"; continue
    fi
    if [ "$build" = "build" ]; then
      log="$cache/build-logs/tools-provider-$type.log"
      note "provider $type $ver not found: trying to build it with the go command (log: $log)"
      t0=$SECONDS
      if go_wrapper_build "$module" "$modver" "$package" "$cache/providers/terraform-provider-${type}_v$ver" "$log" \
         && src="$(find_provider "$type" "$ns" "$ver")"; then
        note "built provider $type $ver in $((SECONDS - t0)) s"
        link_provider "$type" "$ns" "$ver" "$src"; provider_src[$type]="$src"; continue
      fi
      note "building provider $type $ver failed: $(grep -m1 -iE 'forbidden|not available|error|cannot' "$log" || tail -n 1 "$log")"
    fi
    missing=1
  done
  return $missing
}

providers_missing_message() {
  local entry type ns ver rest list=""
  for entry in "${PROVIDERS[@]}"; do
    IFS='|' read -r type ns ver rest <<<"$entry"
    [ -n "${provider_src[$type]:-}" ] || list+="  - $ns/$type $ver (terraform-provider-${type}_v$ver)"$'\n'
  done
  cat >&2 <<EOF
tools.sh: ERROR: provider binaries missing for $platform:
$list
The Go module proxy reachable here does not serve these provider modules, so they cannot be
built automatically on this machine. Without them the replay provider (built with the go
command from tools/replay-provider, serving the recorded schemas) stands in; to use the real
ones, supply them in one of two ways:
  1. Put the binaries in a directory and point ATLAS_PL_PROVIDER_MIRROR at it, either flat
     (<dir>/terraform-provider-<type>_v<ver>) or as a filesystem mirror
     (<dir>/registry.terraform.io/<ns>/<type>/<ver>/$platform/terraform-provider-<type>_v<ver>),
     or copy them into $cache/providers/; then run 'npm run tools' again.
     A mirror can be produced on a machine with registry access with
     'terraform providers mirror <dir>' (unpack the zips), or built with the go command on a
     machine whose Go module proxy serves github.com/mongodb/terraform-provider-mongodbatlas
     v1.41.1 and github.com/hashicorp/terraform-provider-azurerm (v4.55.0 = commit 37bf7f03b661).
  2. On a machine with registry access, set ATLAS_PL_TF_PROVIDERS=registry: the engine's
     normal 'terraform init' then downloads them (see docs/engine-tests.md).
EOF
}

# ---------------------------------------------------------------- replay provider, schemas
ferretdb_script="$here/tools/ferretdb.sh"
replay_script="$here/tools/replay-provider.sh"
mode_file="$cache/provider-mode"
# When the Go module proxy refused the provider modules, asking again within a day is pointless.
refused_marker="$cache/build-logs/providers-refused"
recently_refused() { [ -n "$(find "$refused_marker" -mmin -1440 2>/dev/null)" ]; }

# The registry counts as reachable when its name resolves and it answers within 5 s; a machine
# without internet fails the name lookup at once and sends nothing.
registry_reachable() {
  command -v getent >/dev/null 2>&1 && command -v curl >/dev/null 2>&1 || return 1
  timeout 3 getent hosts registry.terraform.io >/dev/null 2>&1 || return 1
  curl -sf -m 5 -o /dev/null https://registry.terraform.io/v1/providers/mongodb/mongodbatlas/versions
}

# Records `providers schema -json` of the real providers into <cache>/provider-schemas, one file
# per provider as in ../shared/provider-schemas, so the replay provider can serve them.
record_schemas() { # cli-config-or-empty
  local work out rc
  work="$(mktemp -d "${TMPDIR:-/tmp}/atlas-pl-schemas.XXXXXX")"
  printf '%s\n' '{"terraform": {"required_providers": {' \
    '  "mongodbatlas": {"source": "mongodb/mongodbatlas", "version": "1.41.1"},' \
    '  "azurerm": {"source": "hashicorp/azurerm", "version": "4.55.0"}}}}' > "$work/main.tf.json"
  out="$cache/provider-schemas"
  mkdir -p "$out"
  (
    cd "$work" || exit 1
    if [ -n "$1" ]; then export TF_CLI_CONFIG_FILE="$1"; else export TF_PLUGIN_CACHE_DIR="$cache/plugin-cache"; mkdir -p "$TF_PLUGIN_CACHE_DIR"; fi
    "$engine_bin" init -backend=false -input=false -no-color || exit 1
    "$engine_bin" providers schema -json > schema.json || exit 1
    node "$here/tools/split-schemas.js" schema.json "$out" || exit 1
  ) >"$cache/build-logs/record-schemas.log" 2>&1
  rc=$?
  rm -rf "$work"
  return $rc
}

# ---------------------------------------------------------------- Knot DNS (npm run rehearse)
knotd_path() {
  local cand
  for cand in "${ATLAS_PL_KNOTD_BIN:-}" "$(command -v knotd 2>/dev/null)" /usr/sbin/knotd; do
    if [ -n "$cand" ] && [ -x "$cand" ]; then echo "$cand"; return 0; fi
  done
  return 1
}

ensure_knot() { ensure_apt_binary knotd_path knot "knotd (Knot DNS)" "npm run rehearse"; }

# ---------------------------------------------------------------- nftables (rehearse --scenario all)
nft_path() {
  local cand
  for cand in "$(command -v nft 2>/dev/null)" /usr/sbin/nft /sbin/nft; do
    if [ -n "$cand" ] && [ -x "$cand" ]; then echo "$cand"; return 0; fi
  done
  return 1
}

# The fault catalogue drops packets inside the rehearsal's own namespace with nft.
ensure_nft() { ensure_apt_binary nft_path nftables "nft (nftables)" "the rehearsal's packet-filter scenarios"; }

# Installs a Debian package only when its binary is missing (root and apt-get only; otherwise a
# note says how). Only the binary is wanted: where systemd runs, the package's own service is
# stopped and disabled again (rehearse runs its own Knot; nftables' service would load
# /etc/nftables.conf into the host's own ruleset).
#   ensure_apt_binary <function that prints the binary's path> <package> <what it is> <what needs it>
ensure_apt_binary() {
  local finder="$1" pkg="$2" what="$3" need="$4"
  "$finder" >/dev/null && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    note "$what is missing: $need needs it (Debian/Ubuntu: apt-get install $pkg, as root)"
    return 0
  fi
  local log="$cache/build-logs/apt-$pkg.log"
  note "installing $what for $need (apt-get install $pkg; log: $log)"
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$pkg"; } >"$log" 2>&1; then
    note "ERROR: apt-get install $pkg failed (last lines of $log):"
    tail -n 5 "$log" >&2
    return 1
  fi
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now "$pkg" >>"$log" 2>&1 || true
  fi
  "$finder" >/dev/null
}

# ---------------------------------------------------------------- modes
# (a function, so that editing this file while it runs cannot break the running copy)
main() {
  registry_mode=0
  [ "${ATLAS_PL_TF_PROVIDERS:-}" = "registry" ] && registry_mode=1
  forced="${ATLAS_PL_PROVIDER_MODE:-}"
  case "$forced" in ""|real|replay) ;; *) note "ATLAS_PL_PROVIDER_MODE=$forced: expected real or replay"; exit 2 ;; esac

  if [ "$mode" = "print-env" ]; then
    q() { printf '%q' "$1"; }
    if find_engine; then
      echo "export ATLAS_PL_TF_BINARY=$(q "$engine_bin")"
      echo "export ATLAS_PL_TF_ENGINE=$engine_kind"
      echo "export TERRAFORM_BINARY_NAME=$(q "$engine_bin")"
    else
      note "no usable Terraform engine (run 'npm run tools')"
    fi
    replay_config="$(bash "$replay_script" --path 2>/dev/null)" || replay_config=""
    if [ -n "$replay_config" ]; then
      echo "export ATLAS_PL_REPLAY_CLI_CONFIG=$(q "$replay_config")"
      echo "export ATLAS_PL_REPLAY_VERSIONS=$(q "$(bash "$replay_script" --versions 2>/dev/null | tr '\n' ' ' | sed 's/ $//')")"
    fi
    if schemas="$(bash "$replay_script" --schemas 2>/dev/null)"; then echo "export ATLAS_PL_PROVIDER_SCHEMAS=$(q "$schemas")"; fi
    # The mode npm run tools chose; without one, real when real binaries are present (no network here).
    chosen="$forced"
    if [ -z "$chosen" ] && [ -f "$mode_file" ]; then chosen="$(cat "$mode_file")"; fi
    if [ "$registry_mode" = 1 ] && [ "$chosen" != "replay" ]; then
      echo "export ATLAS_PL_PROVIDER_MODE=real"
      echo "export ATLAS_PL_TF_PROVIDERS=registry"
    elif [ "$chosen" != "replay" ] && ensure_providers 2>/dev/null; then
      write_cli_config
      echo "export ATLAS_PL_PROVIDER_MODE=real"
      echo "export ATLAS_PL_ENGINE_CLI_CONFIG=$(q "$cli_config")"
      echo "export ATLAS_PL_TF_PROVIDERS=$(q "$mirror")"
    elif [ "$chosen" = "registry" ]; then
      echo "export ATLAS_PL_PROVIDER_MODE=real"
      echo "export ATLAS_PL_TF_PROVIDERS=registry"
    elif [ -n "$replay_config" ]; then
      echo "export ATLAS_PL_PROVIDER_MODE=replay"
      echo "export ATLAS_PL_ENGINE_CLI_CONFIG=$(q "$replay_config")"
      echo "export ATLAS_PL_TF_PROVIDERS=$(q "$cache/replay-mirror")"
    else
      note "no provider mirror, real or replay (run 'npm run tools')"
      # Still keep the test runs' engine off the network.
      write_cli_config
      echo "export ATLAS_PL_ENGINE_CLI_CONFIG=$(q "$cli_config")"
    fi
    if [ -f "$ferretdb_script" ]; then
      fbin="$(bash "$ferretdb_script" --path 2>/dev/null)"
      if [ -n "$fbin" ] && [ -x "$fbin" ]; then echo "export ATLAS_PL_FERRETDB_BIN=$(q "$fbin")"; fi
    fi
    if kbin="$(knotd_path)"; then echo "export ATLAS_PL_KNOTD_BIN=$(q "$kbin")"; fi
    bash "$here/tools/node22.sh" --print-env
    echo "export CHECKPOINT_DISABLE=1"
    echo "export DISABLE_VERSION_CHECK=1"
    exit 0
  fi

  # ensure / summary
  t_start=$SECONDS
  if [ "$(uname -s)" != Linux ]; then
    note "this toolchain is built and tested on Linux only (found $(uname -s)): expect failures"
  fi
  status=0
  mkdir -p "$cache" "$cache/build-logs"
  exec 9>"$cache/.tools.lock"
  command -v flock >/dev/null 2>&1 && flock 9

  if ! find_engine; then
    if build_tofu && find_engine; then :; else
      note "ERROR: no Terraform engine: install terraform >= 1.7 or tofu >= 1.8 on PATH, set ATLAS_PL_TF_BINARY, or make the go command and the Go module proxy available"
      status=1
    fi
  fi
  [ -n "$engine_bin" ] && say "engine:     $engine_kind $engine_version ($engine_bin, from $engine_source)"

  # The replay mirror is always there: offline applies run on it in both modes.
  if bash "$replay_script" --ensure; then
    say "replay:     $(bash "$replay_script" --path) (schemas: $(bash "$replay_script" --schemas); serves $(bash "$replay_script" --versions | paste -sd ' '))"
  else
    note "ERROR: scripts/tools/replay-provider.sh --ensure failed"
    status=1
  fi

  chosen="" why=""
  if [ "$forced" = "replay" ]; then
    chosen=replay why="ATLAS_PL_PROVIDER_MODE=replay"
  elif [ "$registry_mode" = 1 ]; then
    chosen=registry why="ATLAS_PL_TF_PROVIDERS=registry: terraform init downloads them"
  elif ensure_providers; then
    chosen=real why="real binaries in the cache or ATLAS_PL_PROVIDER_MIRROR"
  elif registry_reachable; then
    chosen=registry why="registry.terraform.io answers: terraform init downloads them"
  elif ! recently_refused && { ensure_providers build || { touch "$refused_marker"; false; }; }; then
    chosen=real why="built with the go command"
  elif [ "$forced" = "real" ]; then
    write_cli_config
    providers_missing_message
    status=1
  else
    chosen=replay why="no real provider binaries: none in the cache or ATLAS_PL_PROVIDER_MIRROR, registry.terraform.io is out of reach, and the Go module proxy does not serve the provider modules"
  fi
  if [ "$chosen" = replay ] && ! bash "$replay_script" --path >/dev/null; then
    note "ERROR: neither the real providers nor the replay provider are available"
    providers_missing_message
    chosen="" status=1
  fi
  [ -n "$chosen" ] && echo "$chosen" > "$mode_file"

  if [ "$chosen" = real ]; then
    write_cli_config
    for entry in "${PROVIDERS[@]}"; do
      IFS='|' read -r type ns ver rest <<<"$entry"
      say "provider:   $ns/$type $ver <- ${provider_src[$type]}"
    done
    say "mirror:     $mirror"
  fi
  if [ "$chosen" = real ] || [ "$chosen" = registry ]; then
    local_config=""
    [ "$chosen" = real ] && local_config="$cli_config"
    if [ -n "$engine_bin" ] && record_schemas "$local_config"; then
      say "schemas:    recorded from the real providers into $cache/provider-schemas"
    else
      note "recording the real providers' schemas failed (log: $cache/build-logs/record-schemas.log)"
    fi
  fi
  [ -n "$chosen" ] && note "provider mode: ${chosen/registry/real (registry)} ($why)"

  if [ -f "$ferretdb_script" ]; then
    if bash "$ferretdb_script" --ensure; then
      say "ferretdb:   $(bash "$ferretdb_script" --path)"
    else
      note "ERROR: scripts/tools/ferretdb.sh --ensure failed"
      status=1
    fi
  fi

  if ensure_knot; then
    say "knot:       $(knotd_path || echo 'missing (npm run rehearse needs it)')"
  else
    status=1
  fi
  if ensure_nft; then
    say "nft:        $(nft_path || echo 'missing (npm run rehearse -- --scenario all needs it)')"
  else
    status=1
  fi

  # Last, and only when the rest is there: a 30 MB download is pointless on a machine that cannot test.
  [ "$status" = 0 ] && if bash "$here/tools/node22.sh" --ensure; then say "node 22:    $(bash "$here/tools/node22.sh" --path) (npm run test:cdktn)"; else note "ERROR: scripts/tools/node22.sh --ensure failed"; status=1; fi
  say "cache:      $cache ($((SECONDS - t_start)) s)"
  say "use:        eval \"\$(bash scripts/tools.sh --print-env)\"   (tests; never points the shell at the replay mirror)"
  say "offline:    bash scripts/offline-terraform.sh <terraform args>   (one engine command on the replay provider, a simulator)"
  exit $status
}

main "$@"
