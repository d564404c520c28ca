#!/usr/bin/env bash
# Installs the OS packages the tests need, when they are missing: PostgreSQL server (throwaway test
# servers), Node.js + npm (infrastructure and delivery tests), clang + zlib1g-dev (the Native AOT linker, for the
# delivery test that publishes a Native AOT service and for tests/delivery/measure.mjs); extra package names given as arguments
# too (the benchmarks ask for wrk, and nginx as their reference server). The local edge is the YARP gateway project: no nginx. Without root
# or apt it prints exactly what to install.
#   bash tests/install-prerequisites.sh [extra package]...
set -euo pipefail

have_postgres() {
  command -v initdb >/dev/null && command -v pg_ctl >/dev/null && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

missing=()
have_postgres || missing+=(postgresql)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v clang >/dev/null || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
for extra in "$@"; do command -v "$extra" >/dev/null || missing+=("$extra"); done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "missing packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "installing ${missing[*]} from the OS packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d 101: install the packages without starting their system services; the tests start
# their own throwaway servers and never touch a system cluster.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1; fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ "$created_policy" -eq 1 ] && rm -f "$policy"
echo "installed ${missing[*]}"
