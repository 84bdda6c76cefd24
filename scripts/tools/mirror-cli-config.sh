#!/usr/bin/env bash
# Writes a Terraform/OpenTofu CLI config that installs providers from one filesystem mirror only
# (never a registry). The file is replaced only when its text changes.
#   mirror-cli-config.sh <mirror dir> <config file> <what the mirror holds>
set -euo pipefail
mirror="$1" config="$2" what="$3"
mkdir -p "$(dirname "$config")"
tmp="$config.tmp.$$"
cat > "$tmp" <<CONFIG
# Written by scripts/tools: $what, from this filesystem mirror only.
disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*", "registry.opentofu.org/*/*"]
  }
  direct {
    exclude = ["*/*/*"]
  }
}
CONFIG
if cmp -s "$tmp" "$config"; then rm -f "$tmp"; else mv -f "$tmp" "$config"; fi
