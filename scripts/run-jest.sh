#!/usr/bin/env bash
# Runs Jest with the cached tools on PATH/env and a private TMPDIR that is removed afterwards,
# so cdktf's per-synth outdirs never pile up in the system temp folder. Before removing it, checks
# that the tests left none of the product's own staging folders behind (a synth's `.synth-*`, a
# handoff's `.<out>.handoff-*` / `atlas-pl-handoff-*`): those are leaks even in a throw-away
# folder. Only this run's folder is looked at: what other processes keep in the system temp folder
# (another run's `cdktf.outdir.*`) is none of this run's business.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/tools.sh --print-env)"
system_tmp="${TMPDIR:-/tmp}"
run_tmp=$(mktemp -d "$system_tmp/atlas-pl-test.XXXXXX")
cleanup() { rm -rf "$run_tmp"; }
trap cleanup EXIT
leftovers() {
  find "$run_tmp" -maxdepth 6 -type d \( -name '.synth-*' -o -name '.*.handoff-*' -o -name 'atlas-pl-handoff-*' \) 2>/dev/null
}
export ATLAS_PL_TEST_TMP="$run_tmp"
status=0
TMPDIR="$run_tmp" TMP="$run_tmp" TEMP="$run_tmp" npx jest "$@" || status=$?
left=$(leftovers)
if [ -n "$left" ]; then
  echo "run-jest: the tests left staging folders behind:" >&2
  echo "$left" >&2
  status=1
fi
exit $status
