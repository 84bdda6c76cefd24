#!/usr/bin/env bash
# Compiles (tsc -p tsconfig.build.json) when any compiled source, tsconfig or the lock file is newer
# than dist/main.js, so that `cdktf synth/deploy` (cdktf.json "app") and `npm run synth` never run a
# stale build. Runs from the package root whatever the caller's folder; ATLAS_PL_BUILD_CMD replaces
# the compile command (tests).
set -euo pipefail
cd "$(dirname "$0")/.."
stale() {
  [ -f dist/main.js ] || return 0
  [ -n "$(find lib app verify handoff scripts main.ts tsconfig.json tsconfig.build.json package-lock.json \
    -newer dist/main.js \( -name '*.ts' -o -name '*.json' \) -print -quit 2>/dev/null)" ]
}
if stale; then ${ATLAS_PL_BUILD_CMD:-npx tsc -p tsconfig.build.json}; fi
