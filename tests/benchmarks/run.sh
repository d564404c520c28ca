#!/usr/bin/env bash
# Benchmark through the edge gateway of the real local run (the app host, Release build): wrk drives each route
# and the gateway's own /healthz in the same run, so the ratio shows what the service hops cost.
# Prints requests/s and p50/p99 latency; never fails on a time.
#   bash tests/benchmarks/run.sh [seconds per route, default 15] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
connections=${2:-32}
bash tests/install-prerequisites.sh wrk

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
base="http://127.0.0.1:$port"
log=$(mktemp)
dotnet build services/AppHost -c Release --nologo -v q >/dev/null
# Per-client throttling would turn a load test of one loopback client into a test of the limiter.
# The dashboard is left out: it would share the two cores with the shop.
dotnet run --project services/AppHost -c Release --no-build -- --LocalRun:EdgePort="$port" \
  --LocalRun:Settings:LoginLimits__PerClientPermitLimit=1000000 \
  --LocalRun:Settings:Payments__PerClientPerMinute=100000 --LocalRun:Settings:Payments__PerUserPerMinute=100000 --LocalRun:Dashboard=false >"$log" 2>&1 &
run_pid=$!
cleanup() { kill -INT "$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q '^EShop is running at' "$log" && break; kill -0 "$run_pid" 2>/dev/null || { cat "$log"; exit 1; }; sleep 0.5; done
grep -q '^EShop is running at' "$log" || { echo "local run not ready"; cat "$log"; exit 1; }

export BENCH_EMAIL="bench-$RANDOM$RANDOM@example.com" BENCH_PASSWORD="benchmark password 123"
curl -sf -X POST "$base/api/v1/signup" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" >/dev/null
BENCH_TOKEN=$(curl -sf -X POST "$base/api/v1/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
export BENCH_TOKEN
product=$(curl -sf "$base/api/v1/products?limit=1" | sed -E 's/.*"id":([0-9]+).*/\1/')
# An approving test card of the simulator (see docs in the README, "Payments").
export BENCH_PAY_BODY="{\"items\":[{\"productId\":$product,\"quantity\":1}],\"card\":{\"number\":\"4242424242424242\",\"expiryMonth\":12,\"expiryYear\":2035,\"cvc\":\"123\",\"holderName\":\"Bench Mark\"}}"

results=()
bench() { # name, connections, wrk args...
  local name=$1 conns=$2; shift 2
  local out rps p50 p99 errors socket
  out=$(wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s --latency "$@" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out"); errors=${errors:-0}
  socket=$(awk -F'[ ,]+' '/Socket errors/ {print $5+$7+$9+$11}' <<<"$out"); socket=${socket:-0}
  results+=("$name|$rps|$p50|$p99|$((errors + socket))")
}
bench "gateway /healthz (baseline)" "$connections" "$base/healthz"
bench "GET /api/v1/products" "$connections" "$base/api/v1/products?limit=20"
# Login is CPU-bound by design (PBKDF2, 220,000 iterations): 4 connections show its latency, not a queue.
bench "POST /api/v1/login (4 conns)" 4 -s tests/benchmarks/login.lua "$base/api/v1/login"
bench "POST /api/v1/pay (new keys)" "$connections" -s tests/benchmarks/pay.lua "$base/api/v1/pay"
# The replayed key is paid once first, so every measured request is a replay of a stored answer.
curl -s -o /dev/null -X POST "$base/api/v1/pay" -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_TOKEN" \
  -H 'Idempotency-Key: bench-replay-key' -d "$BENCH_PAY_BODY"
BENCH_REPLAY=1 bench "POST /api/v1/pay (replay)" "$connections" -s tests/benchmarks/pay.lua "$base/api/v1/pay"

baseline=$(cut -d'|' -f2 <<<"${results[0]}")
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); wrk -t2 -c$connections -d${duration}s --timeout 10s (login: -c4); Release build, 1 replica each; errors = non-2xx + socket errors"
printf '| %-28s | %10s | %9s | %9s | %8s | %14s |\n' route "requests/s" p50 p99 "errors" "vs /healthz"
printf '|%s|%s|%s|%s|%s|%s|\n' ------------------------------ ------------ ----------- ----------- ---------- ----------------
for row in "${results[@]}"; do
  IFS='|' read -r name rps p50 p99 errors <<<"$row"
  ratio=$(awk -v a="$rps" -v b="$baseline" 'BEGIN { if (b > 0) printf "%.4f", a / b; else print "n/a" }')
  printf '| %-28s | %10s | %9s | %9s | %8s | %14s |\n' "$name" "$rps" "$p50" "$p99" "$errors" "$ratio"
done
