#!/usr/bin/env bash
# `npm run bench`: compile, then the synth benchmark and (when present) the verifier benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
eval "$(bash scripts/tools.sh --print-env)"
node dist/scripts/bench-synth.js
if [ -f dist/scripts/bench-verify.js ]; then node dist/scripts/bench-verify.js; fi
