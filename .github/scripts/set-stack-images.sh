#!/usr/bin/env bash
# Usage: set-stack-images.sh <org/stack> <digests-dir>
# Sets eshop:images.<service> for every catalog service; fails when one has no digest.
set -euo pipefail
stack="$1" digests_dir="$2"
for service in $(jq -r '.services[].name' services/catalog.json); do
  file="$digests_dir/$service"
  [[ -s "$file" ]] || { echo "::error::no image digest for $service in $digests_dir" >&2; exit 1; }
  ref="$(<"$file")"
  [[ "$ref" =~ ^[a-z0-9./_-]+(:[0-9]+)?/[a-z0-9./_-]+@sha256:[0-9a-f]{64}$ ]] \
    || { echo "::error::$service: '$ref' is not repository@sha256:<digest>" >&2; exit 1; }
  pulumi config set --stack "$stack" --path "eshop:images.$service" "$ref"
  echo "$stack  $service = $ref"
done
