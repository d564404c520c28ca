#!/usr/bin/env bash
# Usage: canary.sh start   <org/stack> <service> <digests-dir> <weight>
#        canary.sh analyse <org/stack> <wait-seconds>   (prints verdict=promote|abort|none and reason=... for $GITHUB_OUTPUT:
#                                                         the canary's CloudWatch alarms and its 5xx share in Prometheus)
#        canary.sh promote <org/stack>                  (stable digest := canary digest, weight 0)
#        canary.sh abort   <org/stack>                  (weight 0; prints changed=true|false for $GITHUB_OUTPUT)
# The canary release of one public service (eshop:canary {service, digest, weight}, README "Delivery").
set -euo pipefail
command="$1" stack="$2"

canary_config() { pulumi config get --stack "$stack" eshop:canary 2>/dev/null || true; }

# The canary's 5xx share from Prometheus, through the API server's service proxy (no port-forward to leave
# running). Prints a reason and returns 1 when it is above the threshold or there is no evidence.
prometheus_verdict() {
  local analysis="$1" window="$2" kubeconfig query answer status value threshold
  threshold="$(jq -r '.errorRatePercent' <<<"$analysis")"
  query="$(jq -r '.errorRateQuery' <<<"$analysis")"
  query="${query//'{window}'/$window}"
  kubeconfig="$(mktemp)"
  chmod 600 "$kubeconfig"
  if ! pulumi stack output kubeconfig --show-secrets --stack "$stack" >"$kubeconfig"; then
    rm -f "$kubeconfig"; echo "the stack exports no kubeconfig to reach Prometheus with"; return 1
  fi
  answer="$(kubectl --kubeconfig "$kubeconfig" get --raw "$(jq -r '.prometheusApi' <<<"$analysis")/query?query=$(jq -rn --arg q "$query" '$q | @uri')" 2>&1)" || status=$?
  rm -f "$kubeconfig"
  if [[ -n "${status:-}" ]] || [[ "$(jq -r '.status' <<<"$answer" 2>/dev/null)" != "success" ]]; then
    echo "Prometheus could not be asked for the canary's error rate: ${answer//$'\n'/ }"; return 1
  fi
  value="$(jq -r '.data.result[0].value[1] // "none"' <<<"$answer")"
  if [[ "$value" == "none" || "$value" == "NaN" ]]; then
    echo "Prometheus has no request of the canary in the last $window (not scraped, or no traffic): no evidence to promote on"; return 1
  fi
  # Errexit does not hold inside the caller's `if`: anything but a plain number must abort here, not pass below.
  [[ "$value" =~ ^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]] || { echo "Prometheus answered '$value' for the canary's error rate"; return 1; }
  if jq -en --argjson v "$value" --argjson t "$threshold" '$v > $t' >/dev/null; then
    printf '%s\n' "Prometheus: $(printf '%.2f' "$value") % of the canary's answers were 5xx in the last $window (threshold $threshold %)"; return 1
  fi
  printf '%s\n' "$(printf '%.2f' "$value") % 5xx in Prometheus"
}
set_canary() { pulumi config set --stack "$stack" eshop:canary "$(jq -cn --arg s "$1" --arg d "$2" --argjson w "$3" '{service: $s, digest: $d, weight: $w}')"; }

case "$command" in
  start)
    service="$3" digests_dir="$4" weight="$5"
    new_ref="$(<"$digests_dir/$service")"
    [[ "$new_ref" =~ @(sha256:[0-9a-f]{64})$ ]] || { echo "::error::$service: '$new_ref' is not repository@sha256:<digest>" >&2; exit 1; }
    new_digest="${BASH_REMATCH[1]}"
    current_ref="$(pulumi stack output images --json --stack "$stack" 2>/dev/null | jq -r --arg s "$service" '.[$s] // empty' || true)"
    if [[ -z "$current_ref" || "$current_ref" == "$new_ref" ]]; then
      echo "::notice::$service: no canary (nothing deployed yet, or the same image): it is released with the others" >&2
      exit 0
    fi
    # The stable Deployment keeps what runs now; the new image starts as the canary.
    pulumi config set --stack "$stack" --path "eshop:images.$service" "$current_ref"
    set_canary "$service" "$new_digest" "$weight"
    echo "$stack  canary $service = $new_digest at $weight %"
    ;;
  analyse)
    wait_seconds="$3"
    canary="$(canary_config)"
    if [[ -z "$canary" || "$(jq -r '.weight' <<<"$canary")" == "0" ]]; then
      echo "verdict=none"
      exit 0
    fi
    sleep "$wait_seconds"
    reasons=()
    mapfile -t names < <(pulumi stack output canaryAlarmNames --json --stack "$stack" | jq -r '.[]')
    if (( ${#names[@]} == 0 )); then
      reasons+=("the stack exports no canary alarms")
    else
      alarms="$(aws cloudwatch describe-alarms --alarm-names "${names[@]}" --output json)"
      if [[ "$(jq '.MetricAlarms | length' <<<"$alarms")" != "${#names[@]}" ]]; then
        reasons+=("CloudWatch has not every canary alarm (${names[*]})")
      else
        firing="$(jq -r '[.MetricAlarms[] | select(.StateValue == "ALARM") | "\(.AlarmName): \(.StateReason)"] | join("; ")' <<<"$alarms")"
        [[ -z "$firing" ]] || reasons+=("${firing//$'\n'/ }")
      fi
    fi
    # Prometheus sees the canary's own pods; a stack without Prometheus (eshop:observability.enabled false) exports no analysis.
    analysis="$(pulumi stack output canaryAnalysis --json --stack "$stack" 2>/dev/null || true)"
    prometheus="no Prometheus in this stack"
    if [[ -n "$analysis" && "$analysis" != "null" ]]; then
      # rate() needs two scrapes (30 s apart) in the window.
      if ! prometheus="$(prometheus_verdict "$analysis" "$(( wait_seconds > 120 ? wait_seconds : 120 ))s")"; then reasons+=("$prometheus"); fi
    fi
    if (( ${#reasons[@]} > 0 )); then
      reason="$(printf '%s; ' "${reasons[@]}")"
      echo "verdict=abort"; echo "reason=${reason%; }"
    else
      echo "verdict=promote"; echo "reason=no canary alarm fired in ${wait_seconds}s; $prometheus"
    fi
    ;;
  promote)
    canary="$(canary_config)"
    [[ -n "$canary" ]] || { echo "::error::$stack has no eshop:canary to promote" >&2; exit 1; }
    service="$(jq -r '.service' <<<"$canary")" digest="$(jq -r '.digest' <<<"$canary")"
    stable_ref="$(pulumi config get --stack "$stack" --path "eshop:images.$service")"
    # A full reference keeps its repository; a bare digest (the stack's own repository) stays bare.
    if [[ "$stable_ref" == *@* ]]; then promoted="${stable_ref%@*}@$digest"; else promoted="$digest"; fi
    pulumi config set --stack "$stack" --path "eshop:images.$service" "$promoted"
    set_canary "$service" "$digest" 0
    echo "$stack  promoted $service = $promoted, canary weight 0"
    ;;
  abort)
    canary="$(canary_config)"
    if [[ -z "$canary" || "$(jq -r '.weight' <<<"$canary")" == "0" ]]; then
      echo "changed=false"
      exit 0
    fi
    set_canary "$(jq -r '.service' <<<"$canary")" "$(jq -r '.digest' <<<"$canary")" 0
    echo "::notice::$stack: canary $(jq -r '.service' <<<"$canary") aborted, weight 0" >&2
    echo "changed=true"
    ;;
  *)
    echo "::error::unknown command '$command' (start, analyse, promote, abort)" >&2
    exit 2
    ;;
esac
