#!/usr/bin/env bash
# The one test command: installs what is missing, then runs every test of the repository
# (C# services against real PostgreSQL, the infrastructure program under Pulumi mocks, the
# delivery checks) and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash tests/install-prerequisites.sh

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
passed=0 failed=0 status=0

count_dotnet() { # sums "Passed!/Failed!  - Failed: F, Passed: P" lines of dotnet test
  local p f
  p=$(grep -Eo 'Passed: +[0-9]+' "$1" | awk '{s+=$2} END {print s+0}')
  f=$(grep -Eo 'Failed: +[0-9]+' "$1" | awk '{s+=$2} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}
count_node() { # node --test prints "# pass N" / "# fail N" (or "ℹ pass N" with the spec reporter)
  local p f
  p=$(grep -Eo '^(#|ℹ) pass [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  f=$(grep -Eo '^(#|ℹ) fail [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

echo "== C# services: dotnet test EShop.sln"
dotnet restore EShop.sln --nologo -v q
if ! dotnet test EShop.sln --no-restore --nologo --blame-hang-timeout 10m 2>&1 | tee "$log_dir/dotnet.log"; then status=1; fi
count_dotnet "$log_dir/dotnet.log"
# The C# layout of .editorconfig: a finding counts as one failure of this step.
echo "== C# services: dotnet format --verify-no-changes"
if ! dotnet format EShop.sln --verify-no-changes --no-restore; then status=1; failed=$((failed + 1)); fi

if [ -f package.json ]; then
  echo "== infrastructure: npm test"
  npm ci --no-audit --no-fund --loglevel=error
  if ! npm test 2>&1 | tee "$log_dir/infra.log"; then status=1; fi
  count_node "$log_dir/infra.log"
  # The TypeScript's lint and format checks belong to this step: each counts as one failure when it fails.
  for check in lint format:check; do
    echo "== infrastructure: npm run $check"
    if ! npm run --silent "$check"; then status=1; failed=$((failed + 1)); fi
  done
fi

if [ -f tests/delivery/package.json ]; then
  echo "== delivery: Dockerfiles and workflows"
  (cd tests/delivery && npm ci --no-audit --no-fund --loglevel=error)
  if ! (cd tests/delivery && npm test) 2>&1 | tee "$log_dir/delivery.log"; then status=1; fi
  count_node "$log_dir/delivery.log"
fi

[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1  # a runner failed before reporting its tests
echo "$passed passed, $failed failed"
exit "$status"
