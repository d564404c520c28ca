import { DNS_LABEL, LOG_RETENTION_DAYS, SEMVER } from "./formats";
import { Section } from "./section";

/** Traces to AWS X-Ray through an OpenTelemetry Collector, container logs to CloudWatch Logs through Fluent Bit. */
export interface TelemetrySettings {
  enabled: boolean;
  namespace: string;
  /** opentelemetry-collector Helm chart version (open-telemetry/opentelemetry-helm-charts). */
  collectorChartVersion: string;
  collectorReplicas: number;
  /** aws-for-fluent-bit Helm chart version (aws/eks-charts). */
  fluentBitChartVersion: string;
  /** How long CloudWatch Logs keeps the containers' log lines. */
  logRetentionDays: number;
}

export function readTelemetry(section: Section): TelemetrySettings {
  const settings: TelemetrySettings = {
    enabled: section.boolean("enabled"),
    namespace: section.string("namespace", { default: "telemetry", pattern: DNS_LABEL, rule: "must be a Kubernetes namespace name" }),
    collectorChartVersion: section.string("collectorChartVersion", { pattern: SEMVER, rule: "must be a chart version such as 0.158.3" }),
    collectorReplicas: section.integer("collectorReplicas", { min: 1, max: 10, default: 2 }),
    fluentBitChartVersion: section.string("fluentBitChartVersion", { pattern: SEMVER, rule: "must be a chart version such as 0.2.1" }),
    logRetentionDays: section.integer("logRetentionDays", { min: 1, max: 3653, allowed: LOG_RETENTION_DAYS }),
  };
  section.done();
  return settings;
}
