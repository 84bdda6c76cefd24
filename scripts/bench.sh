#!/usr/bin/env bash
# `npm run bench`: compile, then the synth benchmark and (when present) the verifier benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
eval "$(bash scripts/tools.sh --print-env)"
node dist/scripts/bench-synth.js
if [ -f dist/scripts/bench-verify.js ]; then node dist/scripts/bench-verify.js; fi
# Replay provider start-up (tools/replay-provider/bench_test.go), per recorded version: a process
# that serves the whole schema (every process did before the schema was decoded lazily; now the
# first of each engine command) and one that serves a single type (every later process).
if command -v go >/dev/null 2>&1; then
  (cd tools/replay-provider && GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS="${GOFLAGS:--buildvcs=false}" \
    go test -run '^$' -bench '^BenchmarkStartup$' -benchtime 5x .) | awk '
    /^BenchmarkStartup\// { split($1, p, "/"); sub(/-[0-9]+$/, "", p[3]); ms[p[2], p[3]] = $3 / 1e6; if (!(p[2] in seen)) { seen[p[2]] = 1; order[++n] = p[2] } }
    END { for (i = 1; i <= n; i++) { v = order[i]; printf "replay start-up %-20s whole schema %6.1f ms, one type %6.1f ms (%.1fx)\n", v, ms[v, "whole-schema"], ms[v, "one-type"], ms[v, "whole-schema"] / ms[v, "one-type"] } }'
else
  echo "replay start-up: skipped (no go command)"
fi
