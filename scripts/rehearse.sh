#!/usr/bin/env bash
# npm run rehearse: loads the cached tools' environment (never builds or fetches anything; run
# `npm run tools` once) and runs the compiled rehearsal, compiling first when a source is newer.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/tools.sh --print-env 2>/dev/null)"
entry=dist/rehearse/cli.js
if [ ! -f "$entry" ] || [ -n "$(find rehearse verify app lib -name '*.ts' -newer "$entry" -print -quit)" ]; then
  npx tsc -p tsconfig.build.json >&2
fi
exec node "$entry" "$@"
