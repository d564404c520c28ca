#!/usr/bin/env bash
# Benchmark through the edge gateway of the real local run (the app host, Release build). Each route is warmed, then
# measured with wrk, and set beside its own floor taken in the same run on the same cores:
#   GET /products      vs nginx (Debian's) answering a static 200 with a body of the same size, and the edge's /healthz
#   POST /login        vs PasswordHasher verifying at the same iteration count on every core (tests/benchmarks/Floors)
#   POST /pay          vs the same PostgreSQL statements and simulator charge of one payment, without the services
#   POST /pay (replay) vs one indexed read of the stored answer on PostgreSQL
# Then a new product-service replica's requests/s over its first 30 s under load (framework-dependent, then the Native
# AOT binary the script publishes), and each service's resident memory. Prints every ratio next to its target; never fails on a time.
#   bash tests/benchmarks/run.sh [seconds per route, default 15] [connections, default 32] [--soak: 5 more minutes, RSS every minute]
set -Eeuo pipefail
trap 'echo "run.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/../.."
duration=${1:-15}
connections=${2:-32}
soak=0; [ "${3:-}" = "--soak" ] && soak=1
warmup=$(( duration < 5 ? duration : 5 ))
cores=$(nproc)
bash tests/install-prerequisites.sh wrk nginx
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
port=$(free_port); pg_port=$(free_port); nginx_port=$(free_port); cold_port=$(free_port)
base="http://127.0.0.1:$port"
run_id=$(secret); pg_password=$(secret); vendor_key=$(secret); admin_token=$(secret)
work=$(mktemp -d); chmod 755 "$work"
log="$work/apphost.log"
dotnet build services/AppHost -c Release --nologo -v q >/dev/null
dotnet build tests/benchmarks/Floors -c Release --nologo -v q >/dev/null
floors="dotnet tests/benchmarks/Floors/bin/Release/net10.0/EShop.Benchmarks.Floors.dll"
# product-service's Native AOT binary, for the second cold-start curve (published once; BENCH_AOT_BINARY names another).
aot=${BENCH_AOT_BINARY:-services/ProductService/bin/Release/net10.0/linux-x64/publish/EShop.ProductService}
if [ -z "${BENCH_AOT_BINARY:-}" ]; then dotnet publish services/ProductService -c Release -r linux-x64 --nologo -v q >/dev/null; fi

# Per-client throttling would turn a load test of one loopback client into a test of the limiter. The dashboard is left
# out: it would share the cores with the shop. Bench__Run (every service) and the admin token (the gateway) let this
# script find its own processes among others on the machine.
dotnet run --project services/AppHost -c Release --no-build -- --LocalRun:EdgePort="$port" --LocalRun:PostgresPort="$pg_port" \
  --LocalRun:Secrets:DatabasePassword="$pg_password" --LocalRun:Secrets:VendorApiKey="$vendor_key" \
  --LocalRun:Secrets:GatewayAdminToken="$admin_token" --LocalRun:Settings:Bench__Run="$run_id" \
  --LocalRun:Settings:LoginLimits__PerClientPermitLimit=1000000 \
  --LocalRun:Settings:Payments__PerClientPerMinute=100000 --LocalRun:Settings:Payments__PerUserPerMinute=100000 --LocalRun:Dashboard=false >"$log" 2>&1 &
run_pid=$!
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # A background job of a script ignores SIGINT: the app host (the child of `dotnet run`) gets SIGTERM, and stops the shop.
  kill -TERM $(pgrep -P "$run_pid") "$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q '^EShop is running at' "$log" && break; kill -0 "$run_pid" 2>/dev/null || { cat "$log"; exit 1; }; sleep 0.5; done
grep -q '^EShop is running at' "$log" || { echo "local run not ready"; cat "$log"; exit 1; }

# "name pid" of this run's service processes (the programs themselves, not the `dotnet run` that started them).
shop_processes() {
  local file dir name
  # grep exits 2 for the processes it may not read (or that ended meanwhile) even when it matched others.
  { grep -lzx -e "Bench__Run=$run_id" -e "Gateway__AdminToken=$admin_token" /proc/[0-9]*/environ 2>/dev/null || true; } | while read -r file; do
    dir=${file%/environ}
    tr '\0' ' ' 2>/dev/null <"$dir/cmdline" | grep -qE '(^| )(run|build) ' && continue
    name=$(tr '\0' '\n' 2>/dev/null <"$file" | sed -n 's/^OTEL_SERVICE_NAME=//p')
    echo "${name:-$(basename "$(tr '\0' '\n' 2>/dev/null <"$dir/cmdline" | head -1)")} ${dir#/proc/}"
  done | sort
}
env_of() { tr '\0' '\n' 2>/dev/null <"/proc/$1/environ" | sed -n "s/^$2=//p" | head -1; }
pid_of() { shop_processes | awk -v n="$1" '$1 == n {print $2; exit}'; }
rss_table() { # label
  shop_processes | while read -r name pid; do
    printf '%-24s %-10s %8.1f MiB\n' "$name" "$1" "$(awk '/VmRSS/ {print $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo 0)"
  done
}

export BENCH_EMAIL="bench-$RANDOM$RANDOM@example.com" BENCH_PASSWORD="benchmark password 123"
curl -sSf --retry 5 --retry-all-errors -X POST "$base/api/v1/signup" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" >/dev/null
BENCH_TOKEN=$(curl -sSf --retry 5 --retry-all-errors -X POST "$base/api/v1/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
export BENCH_TOKEN
# The login route's accounts: two per connection (see login.lua), signed up now.
export BENCH_LOGIN_RUN=$RANDOM$RANDOM BENCH_LOGIN_THREADS=2 BENCH_LOGIN_ACCOUNTS=$((4 * cores))
seq 0 $((BENCH_LOGIN_ACCOUNTS - 1)) | xargs -P "$cores" -I{} curl -sSf -o /dev/null --retry 5 --retry-all-errors -X POST "$base/api/v1/signup" \
  -H 'Content-Type: application/json' -d "{\"email\":\"bench-login-$BENCH_LOGIN_RUN-{}@example.com\",\"password\":\"$BENCH_PASSWORD\"}"
token_hash=$(printf %s "$BENCH_TOKEN" | sha256sum | cut -d' ' -f1)
product=$(curl -sSf --retry 5 --retry-all-errors "$base/api/v1/products?limit=1" | sed -E 's/.*"id":([0-9]+).*/\1/')
# An approving test card of the simulator (see docs in the README, "Payments").
export BENCH_PAY_BODY="{\"items\":[{\"productId\":$product,\"quantity\":1}],\"card\":{\"number\":\"4242424242424242\",\"expiryMonth\":12,\"expiryYear\":2035,\"cvc\":\"123\",\"holderName\":\"Bench Mark\"}}"
payment_pid=$(pid_of payment-service-1)
simulator=$(env_of "$payment_pid" Vendors__Visa__BaseUrl)
connection="Host=127.0.0.1;Port=$pg_port;Username=eshop;Password=$pg_password;Database=eshop"

# The reference: nginx serving a static 200 with a body of the catalogue page's size, on its own loopback port.
curl -sf "$base/api/v1/products?limit=20" >"$work/products.json"
head -c "$(wc -c <"$work/products.json")" /dev/zero | tr '\0' 'x' >"$work/page.json"
cat >"$work/nginx.conf" <<EOF
worker_processes $cores;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work; default_type application/json; }
}
EOF
mkdir -p "$work/tmp"
"$nginx_bin" -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/page.json" && break; sleep 0.2; done

to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
declare -A rps p50 p99 errs
wrk_run() { # seconds, connections, wrk args... -> "rps p50ms p99ms errors"
  local seconds=$1 conns=$2; shift 2
  local out
  # wrk exits non-zero when nothing listens yet (the cold start's first seconds): that is a 0, not a failure.
  out=$(wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s --latency "$@" 2>&1) || true
  local e s
  e=$(awk '/Non-2xx/ {print $5}' <<<"$out"); s=$(awk -F'[ ,]+' '/Socket errors/ {print $5+$7+$9+$11}' <<<"$out")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")") $(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")") $(( ${e:-0} + ${s:-0} ))"
}
bench() { # name, connections, wrk args... : warmed first, then measured, with a CPU snapshot before and after
  local name=$1 conns=$2; shift 2
  wrk_run "$warmup" "$conns" "$@" >/dev/null
  cpu_snapshot "$work/cpu-${name//[^A-Za-z0-9]/_}-before"
  read -r "rps[$name]" "p50[$name]" "p99[$name]" "errs[$name]" <<<"$(wrk_run "$duration" "$conns" "$@")"
  cpu_snapshot "$work/cpu-${name//[^A-Za-z0-9]/_}-after"
}
# CPU time per request, by process, over a measured run: each service's utime + stime from /proc/<pid>/stat, and the
# rest of the machine's busy time (PostgreSQL, wrk, the kernel) from /proc/stat. Where a route's cost goes, in CPU
# rather than in latency: on two shared cores, the latency of one hop includes the queueing behind all the others.
cpu_snapshot() { # file
  { awk '/^cpu / { print "machine", $2 + $3 + $4 + $7 + $8 }' /proc/stat
    shop_processes | while read -r name pid; do
      awk -v n="$name" '{ sub(/^.*\) /, ""); print n, $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || true
    done; } >"$1"
}
cpu_breakdown() { # label, before, after, requests
  local ticks; ticks=$(getconf CLK_TCK)
  echo "CPU per request during $1 (ms, over the measured run; the rest is PostgreSQL, wrk and the kernel):"
  awk -v ticks="$ticks" -v requests="$4" 'NR == FNR { before[$1] = $2; next }
    { used = ($2 - before[$1]) * 1000 / ticks / requests; if ($1 == "machine") total = used; else { shop += used; line[$1] = used } }
    END { for (n in line) printf "  %-24s %8.3f\n", n, line[n]; printf "  %-24s %8.3f\n  %-24s %8.3f\n", "rest", total - shop, "all", total }' \
    "$2" "$3" | sort
}
measured() { # name: the requests of its measured run
  awk -v r="${rps[$1]}" -v d="$duration" 'BEGIN { printf "%.0f", r * d }'
}
floor() { # name, floor arguments...
  local name=$1; shift
  read -r "rps[$name]" "p50[$name]" "p99[$name]" <<<"$($floors "$@" --seconds "$duration")"
  errs[$name]=0
}

 # Where a request's time goes, per hop: each service's server-side duration per route from its own /metrics
# (OpenTelemetry's http.server.request.duration), summed over status codes.
route_times() { # file: "service route sum_seconds count" per line
  shop_processes | while read -r name pid; do
    local url; url=$(env_of "$pid" ASPNETCORE_URLS | cut -d';' -f1)
    [ -n "$url" ] || continue
    curl -sf "$url/metrics" 2>/dev/null | awk -v svc="$name" '
      /^http_server_request_duration_seconds_(sum|count)\{/ {
        match($0, /http_route="[^"]*"/); route = substr($0, RSTART + 12, RLENGTH - 13)
        if ($0 ~ /_sum\{/) sum[route] += $NF; else count[route] += $NF }
      END { for (r in count) print svc, r, sum[r], count[r] }' || true
  done >"$1"
}
hop_breakdown() { # label, before, after: the routes each service served between the two snapshots (probes left out)
  echo "per hop during $1, warm-up included: mean server time per call (ms) and calls per /pay, by service and route"
  awk 'NR == FNR { sum[$1" "$2] = $3; count[$1" "$2] = $4; next }
    $2 ~ /^\/(metrics|readyz|healthz)$/ { next }
    { key = $1" "$2; calls[key] = $4 - count[key]; time[key] = $3 - sum[key]; if ($2 == "/api/v1/pay") pays += calls[key] }
    END { for (k in calls) if (calls[k] > 0) { split(k, part, " ")
      printf "  %-22s %-40s %8.2f ms %6.2f\n", part[1], part[2], 1000 * time[k] / calls[k], (pays > 0 ? calls[k] / pays : 0) } }' "$2" "$3" | sort
}

bench "nginx static 200" "$connections" "http://127.0.0.1:$nginx_port/page.json"
bench "gateway /healthz" "$connections" "$base/healthz"
route_times "$work/products-before"
bench "GET /products" "$connections" "$base/api/v1/products?limit=20"
route_times "$work/products-after"
floor "floor: PasswordHasher" hasher --threads "$cores"
# Login is CPU-bound by design (PBKDF2, 220,000 iterations). Two connections per core: while one login of a core waits
# on its db-service calls, the other hashes, so the cores stay as busy as the floor's threads. Each connection logs in
# to its own accounts (login.lua): one account's concurrent attempts from one client are throttled by design.
bench "POST /login" $((2 * cores)) -s tests/benchmarks/login.lua "$base/api/v1/login"
floor "floor: pay statements" pay --threads "$connections" --connection "$connection" --simulator "$simulator" \
  --api-key "$vendor_key" --token-hash "$token_hash" --product "$product"
floor "floor: pay, unfenced" pay --threads "$connections" --connection "$connection" --simulator "$simulator" \
  --api-key "$vendor_key" --token-hash "$token_hash" --product "$product" --fencing off
route_times "$work/hops-before"
bench "POST /pay (new keys)" "$connections" -s tests/benchmarks/pay.lua "$base/api/v1/pay"
route_times "$work/hops-after"
# The replayed keys are paid once first, so every measured request is a replay of a stored answer; one key per
# connection, since payment-service lets at most 8 requests wait on one key (Payments__WaitersPerKey).
export BENCH_REPLAY_KEYS=$connections
for i in $(seq 0 $((connections - 1))); do echo "$i"; done | xargs -P 4 -I{} curl -s -o /dev/null -X POST "$base/api/v1/pay" \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_TOKEN" -H 'Idempotency-Key: bench-replay-key-{}' -d "$BENCH_PAY_BODY"
floor "floor: indexed read" replay --threads "$connections" --connection "$connection" --token-hash "$token_hash" --key bench-replay-key-0
route_times "$work/replay-before"
BENCH_REPLAY=1 bench "POST /pay (replay)" "$connections" -s tests/benchmarks/pay.lua "$base/api/v1/pay"
route_times "$work/replay-after"

ratio() { awk -v a="${rps[$1]}" -v b="${rps[$2]}" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
echo
echo "machine: $cores cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); wrk -t2 -c$connections -d${duration}s (each warmed ${warmup}s first) --timeout 10s (login: -c$((2 * cores))); floors on the same cores right before their route; Release build, 1 replica each; errors = non-2xx + socket errors"
printf '| %-22s | %10s | %9s | %9s | %6s |\n' route "requests/s" "p50 ms" "p99 ms" errors
printf '|%s|%s|%s|%s|%s|\n' ------------------------ ------------ ----------- ----------- --------
for name in "nginx static 200" "gateway /healthz" "GET /products" "floor: PasswordHasher" "POST /login" "floor: pay statements" "floor: pay, unfenced" \
  "POST /pay (new keys)" "floor: indexed read" "POST /pay (replay)"; do
  printf '| %-22s | %10s | %9s | %9s | %6s |\n' "$name" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" "${errs[$name]}"
done
echo
printf '| %-44s | %7s | %7s |\n' ratio value target
printf '|%s|%s|%s|\n' ---------------------------------------------- --------- ---------
printf '| %-44s | %7s | %7s |\n' "GET /products / nginx static 200" "$(ratio "GET /products" "nginx static 200")" "≥ 0.5"
printf '| %-44s | %7s | %7s |\n' "gateway /healthz / nginx static 200" "$(ratio "gateway /healthz" "nginx static 200")" "(shown)"
printf '| %-44s | %7s | %7s |\n' "POST /login / PasswordHasher verify" "$(ratio "POST /login" "floor: PasswordHasher")" "≥ 0.9"
printf '| %-44s | %7s | %7s |\n' "POST /pay (new keys) / pay floor" "$(ratio "POST /pay (new keys)" "floor: pay statements")" "≥ 0.5"
printf '| %-44s | %7s | %7s |\n' "POST /pay (new keys) p99 / p50, $connections connections" \
  "$(awk -v a="${p99["POST /pay (new keys)"]}" -v b="${p50["POST /pay (new keys)"]}" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')" "≤ 10"
printf '| %-44s | %7s | %7s |\n' "fencing: pay floor / unfenced pay floor" "$(ratio "floor: pay statements" "floor: pay, unfenced")" "(shown)"
printf '| %-44s | %7s | %7s |\n' "POST /pay (replay) / indexed read" "$(ratio "POST /pay (replay)" "floor: indexed read")" "≥ 0.5"

echo
reached=$(awk '$1 == "product-service-1" && $2 == "/api/v1/products" { if (FNR == NR) before = $4; else after = $4 }
  END { print after - before }' "$work/products-before" "$work/products-after")
echo "edge cache: $reached of the GET /products requests (warm-up included) reached product-service"
hop_breakdown "POST /pay (new keys)" "$work/hops-before" "$work/hops-after"
hop_breakdown "POST /pay (replay)" "$work/replay-before" "$work/replay-after"
for name in "GET /products" "POST /login" "POST /pay (new keys)" "POST /pay (replay)"; do
  cpu_breakdown "$name" "$work/cpu-${name//[^A-Za-z0-9]/_}-before" "$work/cpu-${name//[^A-Za-z0-9]/_}-after" "$(measured "$name")"
done

# Cold start: a new product-service replica with the running one's settings, loaded from its first second on.
cold_curve() { # label, command...
  local label=$1; shift
  local product_pid; product_pid=$(pid_of product-service-1)
  local vars=(); mapfile -d '' vars <"/proc/$product_pid/environ"
  env -i "${vars[@]}" ASPNETCORE_URLS="http://127.0.0.1:$cold_port" ASPNETCORE_HTTP_PORTS= HTTP_PORTS= "$@" >"$work/cold.log" 2>&1 &
  local cold_pid=$! curve=() started second left
  started=$(date +%s%N)
  for second in $(seq 1 30); do
    curve+=("$(wrk_run 1 8 "http://127.0.0.1:$cold_port/api/v1/products?limit=20" | awk '{printf "%.0f", $1}')")
    # wrk returns at once while nothing listens: each sample still stands for one second of wall-clock time.
    left=$(( started + second * 1000000000 - $(date +%s%N) ))
    if [ "$left" -gt 0 ]; then sleep "$(awk -v n="$left" 'BEGIN { printf "%.3f", n / 1e9 }')"; fi
  done
  kill "$cold_pid" 2>/dev/null || true; wait "$cold_pid" 2>/dev/null || true
  echo "cold start, $label, requests/s in each of the first 30 s (wrk -c8, direct to the new replica): ${curve[*]}"
}
echo
cold_curve "framework-dependent" dotnet services/ProductService/bin/Release/net10.0/EShop.ProductService.dll
if [ -x "$aot" ] && [ ! -e "$aot.dll" ]; then cold_curve "Native AOT ($aot)" "$aot"; else echo "cold start, Native AOT: no binary at $aot (set BENCH_AOT_BINARY)"; fi

echo
echo "resident memory per service after the run:"
rss_table "after run"
if [ "$soak" -eq 1 ]; then
  echo
  echo "soak: 5 minutes of GET /products and POST /pay together; resident memory (MiB) at the start and after each minute"
  rss_table "start" >"$work/rss"
  wrk_run 300 "$connections" "$base/api/v1/products?limit=20" >"$work/soak-products" &
  soak_load=($!)
  wrk_run 300 "$connections" -s tests/benchmarks/pay.lua "$base/api/v1/pay" >"$work/soak-pay" &
  soak_load+=($!)
  for minute in 1 2 3 4 5; do sleep 60; rss_table "minute-$minute" >>"$work/rss"; done
  wait "${soak_load[@]}"
  # One row per service: its RSS at the start and after each minute; a leak grows every minute, a warming heap levels off.
  awk '{ rss[$1] = rss[$1] sprintf(" %8.1f", $3) } END { for (s in rss) printf "  %-24s%s\n", s, rss[s] }' "$work/rss" | sort
  echo "soak requests/s p50 p99 errors: products $(cat "$work/soak-products"); pay $(cat "$work/soak-pay")"
fi
