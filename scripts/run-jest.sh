#!/usr/bin/env bash
# Runs Jest with the cached tools on PATH/env and a private TMPDIR that is removed afterwards,
# so cdktf's per-synth outdirs never pile up in the system temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/tools.sh --print-env)"
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/atlas-pl-test.XXXXXX")
trap 'rm -rf "$run_tmp"' EXIT
export ATLAS_PL_TEST_TMP="$run_tmp"
TMPDIR="$run_tmp" npx jest "$@"
