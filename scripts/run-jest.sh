#!/usr/bin/env bash
# Runs Jest with the cached tools on PATH/env and a private TMPDIR that is removed afterwards,
# so cdktf's per-synth outdirs never pile up in the system temp folder; then checks that
# nothing was left behind in the real temp folder either.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/tools.sh --print-env)"
system_tmp="${TMPDIR:-/tmp}"
leftovers() { find "$system_tmp" -maxdepth 1 -newer "$marker" \( -name 'cdktf.outdir.*' -o -name '.synth-*' \) ! -path "$run_tmp" 2>/dev/null; }
run_tmp=$(mktemp -d "$system_tmp/atlas-pl-test.XXXXXX")
marker="$run_tmp/.started"
touch "$marker"
cleanup() { rm -rf "$run_tmp"; }
trap cleanup EXIT
export ATLAS_PL_TEST_TMP="$run_tmp"
status=0
TMPDIR="$run_tmp" npx jest "$@" || status=$?
left=$(leftovers)
if [ -n "$left" ]; then
  echo "run-jest: the tests left temporary folders behind:" >&2
  echo "$left" >&2
  status=1
fi
exit $status
