import * as pulumi from "@pulumi/pulumi";
import { InvalidSetting } from "./errors";
import { DURATION_DAYS, HTTPS_URL, SEMVER } from "./formats";
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
  alertmanagerStorageGiB: number;
  /** Secret: the Slack-compatible incoming webhook every alert goes to (Alertmanager reads it from a mounted Secret); required when enabled. */
  alertWebhookUrl: pulumi.Output<string>;
  grafanaEnabled: boolean;
  alerts: AlertThresholds;
}

export const ALERT_WEBHOOK_URL_KEY = "eshop:alertWebhookUrl";

export function readObservability(section: Section, secret: (key: string) => string | undefined): ObservabilitySettings {
  const enabled = section.boolean("enabled");
  const webhook = secret(ALERT_WEBHOOK_URL_KEY) ?? (enabled ? undefined : "");
  if (webhook === undefined || (webhook !== "" && !HTTPS_URL.test(webhook))) {
    throw new InvalidSetting(
      ALERT_WEBHOOK_URL_KEY,
      "must be the https URL of the alert receiver's incoming webhook, held as a secret (set it in the stack's ESC environment)",
    );
  }
  const alerts = section.section("alerts");
  const settings: ObservabilitySettings = {
    enabled,
    namespace: section.string("namespace", {
      default: "monitoring",
      pattern: /^[a-z0-9-]{1,63}$/,
      rule: "must be a Kubernetes namespace name",
    }),
    chartVersion: section.string("chartVersion", { pattern: SEMVER, rule: "must be a chart version such as 77.0.0" }),
    prometheusRetention: section.string("prometheusRetention", {
      default: "15d",
      pattern: DURATION_DAYS,
      rule: "must be a number of days such as 15d",
    }),
    prometheusStorageGiB: section.integer("prometheusStorageGiB", { min: 5, max: 4096 }),
    alertmanagerStorageGiB: section.integer("alertmanagerStorageGiB", { min: 1, max: 100, default: 2 }),
    alertWebhookUrl: pulumi.secret(webhook),
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
