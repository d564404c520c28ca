#!/usr/bin/env bash
# Prints the service images as a JSON matrix list, one entry per image that services/Dockerfile builds:
# [{"name":"db-service","dir":"services/DbService","folder":"DbService","target":"aot|framework-dependent"}, ...]
# The deployable services of services/catalog.json; with --include-local also the vendor simulator (local and tests only).
# target: aot when the project sets <PublishAot>true</PublishAot>, else framework-dependent (the Dockerfile's stages).
set -euo pipefail
cd "$(dirname "$0")/../.."
services=$(jq -c '[.services[] | {name, dir: (.project | split("/") | .[:-1] | join("/"))}]' services/catalog.json)
if [ "${1:-}" = "--include-local" ]; then
  services=$(jq -c '. + [{name: "vendor-simulator", dir: "services/VendorSimulator"}]' <<<"$services")
fi
jq -c '.[]' <<<"$services" | while read -r service; do
  dir=$(jq -r .dir <<<"$service")
  folder=${dir##*/}
  target=framework-dependent
  grep -q '<PublishAot>true</PublishAot>' "$dir/EShop.$folder.csproj" && target=aot
  jq -c --arg folder "$folder" --arg target "$target" '. + {folder: $folder, target: $target}' <<<"$service"
done | jq -s -c .
