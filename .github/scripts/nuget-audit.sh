#!/usr/bin/env bash
# Fails when any project of the solution depends, directly or transitively, on a NuGet package
# with a High or Critical advisory. `dotnet list package --vulnerable` only reports, it never fails,
# so its JSON report is read here. Usage: nuget-audit.sh [solution-or-project] (default EShop.sln).
set -euo pipefail
target="${1:-EShop.sln}"
dotnet restore "$target" >/dev/null
report="$(dotnet list "$target" package --vulnerable --include-transitive --format json)"
findings="$(jq -r '
  [.projects[]? as $p | $p.frameworks[]? | (.topLevelPackages // []) + (.transitivePackages // []) | .[]
   | . as $pkg | .vulnerabilities[]? | select(.severity == "High" or .severity == "Critical")
   | "\($p.path | split("/") | last): \($pkg.id) \($pkg.resolvedVersion) \(.severity) \(.advisoryurl)"]
  | unique | .[]' <<<"$report")"
if [[ -n "$findings" ]]; then
  echo "NuGet packages with High or Critical advisories:"
  echo "$findings"
  exit 1
fi
echo "no NuGet package with a High or Critical advisory"
