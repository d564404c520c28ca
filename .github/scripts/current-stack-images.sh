#!/usr/bin/env bash
# Usage: current-stack-images.sh <org/stack> <digests-dir>
# Writes the images a stack runs now (its `images` output: service -> repository@sha256:digest) as one file
# per service, the layout set-stack-images.sh reads. Exit 3: the stack has no such output yet (never deployed).
set -euo pipefail
stack="$1" digests_dir="$2"
images="$(pulumi stack output images --json --stack "$stack" 2>/dev/null || true)"
if [[ -z "$images" || "$images" == "null" || "$images" == "{}" ]]; then
  echo "::notice::$stack has no 'images' output yet (never deployed)" >&2
  exit 3
fi
mkdir -p "$digests_dir"
jq -r 'to_entries[] | "\(.key)\t\(.value)"' <<<"$images" | while IFS=$'\t' read -r service ref; do
  [[ "$service" =~ ^[a-z0-9-]+$ ]] || { echo "::error::unexpected service name '$service' in $stack's images output" >&2; exit 1; }
  printf '%s' "$ref" > "$digests_dir/$service"
done
