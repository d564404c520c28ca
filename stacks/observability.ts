import { DURATION_DAYS, SEMVER } from "./formats";
import { Section } from "./section";

export interface AlertThresholds {
  errorRatePercent: number;
  p99LatencyMs: number;
  podRestartsPer15Minutes: number;
  paymentDeclineRatePercent: number;
}

export interface ObservabilitySettings {
  enabled: boolean;
  namespace: string;
  /** kube-prometheus-stack Helm chart version. */
  chartVersion: string;
  prometheusRetention: string;
  prometheusStorageGiB: number;
  grafanaEnabled: boolean;
  alerts: AlertThresholds;
}

export function readObservability(section: Section): ObservabilitySettings {
  const alerts = section.section("alerts");
  const settings: ObservabilitySettings = {
    enabled: section.boolean("enabled"),
    namespace: section.string("namespace", { default: "monitoring", pattern: /^[a-z0-9-]{1,63}$/, rule: "must be a Kubernetes namespace name" }),
    chartVersion: section.string("chartVersion", { pattern: SEMVER, rule: "must be a chart version such as 77.0.0" }),
    prometheusRetention: section.string("prometheusRetention", { default: "15d", pattern: DURATION_DAYS, rule: "must be a number of days such as 15d" }),
    prometheusStorageGiB: section.integer("prometheusStorageGiB", { min: 5, max: 4096 }),
    grafanaEnabled: section.boolean("grafanaEnabled", { default: true }),
    alerts: {
      errorRatePercent: alerts.integer("errorRatePercent", { min: 1, max: 100 }),
      p99LatencyMs: alerts.integer("p99LatencyMs", { min: 10, max: 60_000 }),
      podRestartsPer15Minutes: alerts.integer("podRestartsPer15Minutes", { min: 1, max: 100 }),
      paymentDeclineRatePercent: alerts.integer("paymentDeclineRatePercent", { min: 1, max: 100 }),
    },
  };
  alerts.done();
  section.done();
  return settings;
}
