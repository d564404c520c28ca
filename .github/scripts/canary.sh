#!/usr/bin/env bash
# Usage: canary.sh start   <org/stack> <service> <digests-dir> <weight>
#        canary.sh analyse <org/stack> <wait-seconds>   (prints verdict=promote|abort|none and reason=... for $GITHUB_OUTPUT)
#        canary.sh promote <org/stack>                  (stable digest := canary digest, weight 0)
#        canary.sh abort   <org/stack>                  (weight 0; prints changed=true|false for $GITHUB_OUTPUT)
# The canary release of one public service (eshop:canary {service, digest, weight}, README "Delivery").
set -euo pipefail
command="$1" stack="$2"

canary_config() { pulumi config get --stack "$stack" eshop:canary 2>/dev/null || true; }
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
    mapfile -t names < <(pulumi stack output canaryAlarmNames --json --stack "$stack" | jq -r '.[]')
    (( ${#names[@]} > 0 )) || { echo "verdict=abort"; echo "reason=the stack exports no canary alarms"; exit 0; }
    alarms="$(aws cloudwatch describe-alarms --alarm-names "${names[@]}" --output json)"
    if [[ "$(jq '.MetricAlarms | length' <<<"$alarms")" != "${#names[@]}" ]]; then
      echo "verdict=abort"; echo "reason=CloudWatch has not every canary alarm (${names[*]})"; exit 0
    fi
    firing="$(jq -r '[.MetricAlarms[] | select(.StateValue == "ALARM") | "\(.AlarmName): \(.StateReason)"] | join("; ")' <<<"$alarms")"
    if [[ -n "$firing" ]]; then
      echo "verdict=abort"; echo "reason=${firing//$'\n'/ }"
    else
      echo "verdict=promote"; echo "reason=no canary alarm fired in ${wait_seconds}s"
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
