#!/usr/bin/env bash
# Runs ONE Terraform/OpenTofu command on the replay provider, the offline SIMULATOR of
# mongodbatlas and azurerm (tools/replay-provider): nothing it "creates" exists in Azure or Atlas.
#
#   bash scripts/offline-terraform.sh init
#   bash scripts/offline-terraform.sh apply -auto-approve
#
# Only this command sees the replay mirror (TF_CLI_CONFIG_FILE is set for it alone); the shell
# keeps deploying with the real providers. The replay provider refuses to run while the real
# providers' credentials are in the environment (ATLAS_PL_REPLAY_ACCEPT_CREDENTIALS=1 overrides)
# and warns on every plan and apply. A .terraform.lock.hcl written here holds the replay binary's
# hashes: never commit it (docs/engine-tests.md, "Lock files").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
eval "$(bash "$here/tools.sh" --print-env 2>/dev/null)"
if [ -z "${ATLAS_PL_REPLAY_CLI_CONFIG:-}" ] || [ -z "${ATLAS_PL_TF_BINARY:-}" ]; then
  echo "offline-terraform.sh: no engine or no replay mirror yet: run 'npm run tools' first" >&2
  exit 2
fi
lock=".terraform.lock.hcl"
before="$(sha256sum "$lock" 2>/dev/null || true)"
echo "offline-terraform.sh: SIMULATION: $(basename "$ATLAS_PL_TF_BINARY") $* on the replay provider ($ATLAS_PL_REPLAY_VERSIONS); nothing real is created" >&2
status=0
TF_CLI_CONFIG_FILE="$ATLAS_PL_REPLAY_CLI_CONFIG" "$ATLAS_PL_TF_BINARY" "$@" || status=$?
if [ -f "$lock" ] && [ "$(sha256sum "$lock")" != "$before" ]; then
  echo "offline-terraform.sh: $PWD/$lock now holds the REPLAY provider's hashes: do not commit it." >&2
  echo "  Before a real deployment: rm $lock && terraform providers lock -platform=linux_amd64 -platform=darwin_arm64 -platform=windows_amd64" >&2
fi
exit $status
