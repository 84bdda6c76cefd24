#!/usr/bin/env bash
# The Go tools' own checks, run by npm test: gofmt, go vet and go test for every module under tools/.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS="${GOFLAGS:--buildvcs=false}"
if schemas="$(bash scripts/tools/replay-provider.sh --schemas 2>/dev/null)"; then export ATLAS_PL_PROVIDER_SCHEMAS="$schemas"; fi
status=0
for mod in tools/*/go.mod; do
  dir="$(dirname "$mod")"
  unformatted="$(cd "$dir" && gofmt -l .)"
  if [ -n "$unformatted" ]; then
    echo "go-check: not gofmt'ed in $dir: $unformatted" >&2
    status=1
  fi
  (cd "$dir" && go vet ./... && go test -count=1 ./...) || status=1
done
exit $status
