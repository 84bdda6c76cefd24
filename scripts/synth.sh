#!/usr/bin/env bash
# `npm run synth`: compile, then `cdktf synth` offline (no telemetry, no version check, no credentials).
# Extra arguments go to cdktf (e.g. `npm run synth -- --hcl`); ATLAS_PL_CONFIG picks the config.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
export CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1 CDKTF_DISABLE_PLUGIN_CACHE_ENV=1
npx cdktf synth "$@"
