#!/usr/bin/env bash
# The fault and load suite (issue 8): installs what is missing (PostgreSQL), builds in Release and runs
# every scenario against the app host's model (services/AppHost, two replicas per service). Prints the
# table; exits non-zero if an invariant failed.
#   bash tests/Reliability/run.sh [--workers 12] [--seconds 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/install-prerequisites.sh
exec dotnet run --project tests/Reliability -c Release -- "$@"
