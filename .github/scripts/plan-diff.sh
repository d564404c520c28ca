#!/usr/bin/env bash
# Usage: plan-diff.sh <base-ref>
# Prints, as Markdown, how this branch's freshly rendered stacks/*.plan.* snapshots differ from the base branch,
# and fails when the committed snapshots are stale (they must be regenerated with `npm run plan`).
set -euo pipefail
base="$1"
echo "## Offline infrastructure plan (mock runtime, no cloud credentials)"
echo
stale="$(git status --porcelain -- stacks/)"
if [[ -n "$stale" ]]; then
  echo "::error::stacks/ plan snapshots are stale: run 'npm run plan' and commit the result" >&2
  echo "**The committed plan snapshots are stale: run \`npm run plan\` and commit them.**"
  echo
fi
changes="$(git diff --stat "$base"...HEAD -- 'stacks/*.plan.*')"
if [[ -z "$changes" ]]; then
  echo "No infrastructure change against \`$base\` in either stack."
else
  echo '```'
  echo "$changes"
  echo '```'
  echo '<details><summary>Full diff</summary>'
  echo
  echo '```diff'
  git diff "$base"...HEAD -- 'stacks/*.plan.*' | head -c 60000
  echo '```'
  echo '</details>'
fi
[[ -z "$stale" ]]
