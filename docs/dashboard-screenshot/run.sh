#!/usr/bin/env bash
# Makes docs/dashboard-trace.png: starts the local run (services/AppHost) on ports of its own, pays once through the
# edge, opens that payment's trace in the Aspire dashboard with headless Chromium, saves the screenshot, stops the run.
#   bash docs/dashboard-screenshot/run.sh          (not part of tests/run.sh; needs chromium: installed here as root)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
edge_port=${EDGE_PORT:-47180} dashboard_port=${DASHBOARD_PORT:-47188} otlp_port=${OTLP_PORT:-47189}

if ! command -v chromium >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "chromium is missing: sudo apt-get install -y chromium" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
work=$(mktemp -d)
(cd "$work" && cp "$root/docs/dashboard-screenshot/package.json" . && npm install --no-audit --no-fund --loglevel=error >/dev/null)

log="$work/apphost.log"
# Its own process group, so stopping it stops every service it started.
setsid env DOTNET_ENVIRONMENT=Development ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
  ASPNETCORE_URLS="http://localhost:$dashboard_port" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://localhost:$otlp_port" \
  dotnet run --project services/AppHost --no-launch-profile -- --LocalRun:EdgePort="$edge_port" >"$log" 2>&1 &
apphost=$!
stop() { kill -TERM -- "-$apphost" 2>/dev/null || true; wait "$apphost" 2>/dev/null || true; rm -rf "$work"; }
trap stop EXIT

for _ in $(seq 1 600); do grep -q "EShop is running at" "$log" && break; kill -0 "$apphost" || { cat "$log"; exit 1; }; sleep 1; done
login_url=$(grep -o "dashboard (logs, traces, metrics): \S*" "$log" | awk '{print $NF}')
edge="http://localhost:$edge_port"
account='{"email":"trace@example.com","password":"correct horse battery"}'
curl -sf -X POST "$edge/api/v1/signup" -H 'Content-Type: application/json' -d "$account" >/dev/null
token=$(curl -sf -X POST "$edge/api/v1/login" -H 'Content-Type: application/json' -d "$account" | jq -r .token)
product=$(curl -sf "$edge/api/v1/products?limit=1" | jq -r '.items[0].id')
payment=$(curl -sf -D "$work/pay.headers" -X POST "$edge/api/v1/pay" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $token" -H "Idempotency-Key: dashboard-$(date +%s)" \
  -d "{\"items\":[{\"productId\":$product,\"quantity\":1}],\"card\":{\"number\":\"4242424242424242\",\"expiryMonth\":12,\"expiryYear\":2099,\"cvc\":\"123\",\"holderName\":\"Ann Example\"}}")
echo "paid: $payment"
trace_id=$(grep -i '^x-request-id:' "$work/pay.headers" | tr -d '\r' | awk '{print $2}')
sleep 5 # the services export their spans in batches
cp "$root/docs/dashboard-screenshot/screenshot.mjs" "$work/"
node "$work/screenshot.mjs" "$login_url" "$trace_id" "$root/docs/dashboard-trace.png"
