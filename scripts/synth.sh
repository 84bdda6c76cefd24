#!/usr/bin/env bash
# `npm run synth`: the example app's synthesis, offline, with the layout `cdktf synth` writes
# (<output>/manifest.json, <output>/stacks/<stack>/cdk.tf.json), which `cdktf deploy` keeps
# using through cdktf.json. It runs the app in-process instead of through the cdktf CLI (which
# adds ~3.5 s of its own), and compiles only when a source is newer than the build.
#
#   npm run synth [-- --hcl] [-- --output <dir>]      ATLAS_PL_CONFIG picks the config
#   (relative paths are read from the folder npm run was called in); prints one line: what it wrote
set -euo pipefail
# Relative paths (--output, ATLAS_PL_CONFIG) are the caller's: npm runs scripts from the package
# root and says where it was called from in INIT_CWD.
caller=$PWD
if [ "${npm_lifecycle_event:-}" = synth ] && [ -n "${INIT_CWD:-}" ]; then caller=$INIT_CWD; fi
cd "$(dirname "$0")/.."
root=$PWD

out="$root/cdktf.out" hcl=false
while [ $# -gt 0 ]; do
  case "$1" in
    --hcl) hcl=true ;;
    --output|-o)
      [ $# -ge 2 ] && [ -n "$2" ] && [ "${2#-}" = "$2" ] || { echo "synth: $1: expected a directory" >&2; exit 2; }
      out="$2"; shift ;;
    --output=*) out="${1#--output=}"; [ -n "$out" ] || { echo "synth: --output: expected a directory" >&2; exit 2; } ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "synth: unknown argument '$1' (use --hcl, --output <dir>)" >&2; exit 2 ;;
  esac
  shift
done

# Stale when any compiled source, tsconfig or the lock file is newer than the last build.
stale() {
  [ -f dist/main.js ] || return 0
  [ -n "$(find lib app verify handoff scripts main.ts tsconfig.json tsconfig.build.json package-lock.json \
    -newer dist/main.js \( -name '*.ts' -o -name '*.json' \) -print -quit 2>/dev/null)" ]
}
if stale; then npx tsc -p tsconfig.build.json; fi

export CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1 CDKTF_OUTDIR="$out" SYNTH_HCL_OUTPUT="$hcl" ATLAS_PL_SYNTH_SUMMARY=1
export ATLAS_PL_CONFIG="${ATLAS_PL_CONFIG:-$root/config/example.json}"
cd "$caller"
exec node "$root/dist/main.js"
