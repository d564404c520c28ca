import type { AlertThresholds, Catalog } from "../../stacks";

/** The ASP.NET Core request histogram every service exposes at /metrics (OpenTelemetry names). */
const REQUESTS = "http_server_request_duration_seconds";
/** payment-service's counter of vendor charge calls (labels vendor, outcome: approved|declined|unavailable). */
const VENDOR_CHARGES = "eshop_payments_vendor_charges_total";
/** payment-service's counter of vendor approvals that arrived for a failed payment (labels vendor, outcome: voided|void_failed). */
const LATE_APPROVALS = "eshop_payments_late_approvals_total";

/** Where a window goes in a query template: the caller (the canary analysis) knows how long it waited. */
export const WINDOW_PLACEHOLDER = "{window}";

/**
 * The share (percent) of one Service's answers that were 5xx over the window. No 5xx series counts as 0; no request
 * series gives an empty result, and no request in the window NaN, which the caller reads as no evidence.
 */
export function errorRatePercentQuery(namespace: string, service: string): string {
  const selector = `namespace="${namespace}",service="${service}"`;
  const rate = (extra: string) => `sum(rate(${REQUESTS}_count{${selector}${extra}}[${WINDOW_PLACEHOLDER}]))`;
  return `100 * (${rate(',http_response_status_code=~"5.."')} or vector(0)) / ${rate("")}`;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: "critical" | "warning" };
  annotations: { summary: string; description: string };
}

/**
 * Alert rules for the shop's namespace. The payment declines rule watches the vendor charge outcomes
 * of the service that talks to the card vendors (from the catalog), per vendor.
 */
export function alertRules(namespace: string, catalog: Catalog, thresholds: AlertThresholds): AlertRule[] {
  const ns = `namespace="${namespace}"`;
  const rules: AlertRule[] = [
    {
      alert: "EShopHighErrorRate",
      expr: `100 * sum by (service) (rate(${REQUESTS}_count{${ns},http_response_status_code=~"5.."}[5m])) / sum by (service) (rate(${REQUESTS}_count{${ns}}[5m])) > ${thresholds.errorRatePercent}`,
      for: "5m",
      labels: { severity: "critical" },
      annotations: {
        summary: "{{ $labels.service }} answers 5xx",
        description: `More than ${thresholds.errorRatePercent}% of {{ $labels.service }} requests failed with 5xx over 5 minutes.`,
      },
    },
    {
      alert: "EShopHighLatencyP99",
      expr: `1000 * histogram_quantile(0.99, sum by (service, le) (rate(${REQUESTS}_bucket{${ns}}[5m]))) > ${thresholds.p99LatencyMs}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "{{ $labels.service }} is slow",
        description: `p99 latency of {{ $labels.service }} is above ${thresholds.p99LatencyMs} ms.`,
      },
    },
    {
      alert: "EShopPodRestarting",
      expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${ns}}[15m])) >= ${thresholds.podRestartsPer15Minutes}`,
      for: "0m",
      labels: { severity: "warning" },
      annotations: {
        summary: "{{ $labels.pod }} keeps restarting",
        description: `{{ $labels.pod }} restarted at least ${thresholds.podRestartsPer15Minutes} times in 15 minutes.`,
      },
    },
    {
      alert: "EShopAutoscalerAtMax",
      expr: `kube_horizontalpodautoscaler_status_current_replicas{${ns}} >= kube_horizontalpodautoscaler_spec_max_replicas{${ns}}`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "{{ $labels.horizontalpodautoscaler }} is at its maximum",
        description: "The autoscaler has run at maxReplicas for 15 minutes: raise the bound or the nodes.",
      },
    },
  ];
  const payment = catalog.services.find((s) => s.external.includes("card-vendors"));
  if (payment) {
    const charges = `${VENDOR_CHARGES}{${ns},service="${payment.name}"`;
    rules.push({
      alert: "EShopPaymentDeclinesSpike",
      expr: `100 * sum by (vendor) (rate(${charges},outcome="declined"}[10m])) / sum by (vendor) (rate(${charges}}[10m])) > ${thresholds.paymentDeclineRatePercent}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "Card declines spike at {{ $labels.vendor }}",
        description: `More than ${thresholds.paymentDeclineRatePercent}% of {{ $labels.vendor }} charges were declined over 10 minutes (vendor or fraud problem?).`,
      },
    });
    rules.push({
      alert: "EShopLateVendorApproval",
      expr: `sum by (vendor, outcome) (increase(${LATE_APPROVALS}{${ns},service="${payment.name}"}[15m])) > 0`,
      for: "0m",
      // A customer was charged for a payment the shop had failed: voided automatically, or (void_failed) to void by hand.
      labels: { severity: "critical" },
      annotations: {
        summary: "Late approval at {{ $labels.vendor }} ({{ $labels.outcome }})",
        description:
          "A vendor approved a payment after it was marked failed; outcome void_failed means the charge stands and must be voided by hand (payment-service's error log names it).",
      },
    });
  }
  return rules;
}
