#!/usr/bin/env bash
# Prints the deployable services of services/catalog.json as a JSON matrix list:
# [{"name":"db-service","dir":"services/DbService"}, ...]
set -euo pipefail
jq -c '[.services[] | {name, dir: (.project | split("/") | .[:-1] | join("/"))}]' services/catalog.json
