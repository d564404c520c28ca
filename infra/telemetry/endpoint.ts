import type { TelemetrySettings } from "../../stacks";

/** The collector's Service name (the chart's fullnameOverride). */
export const COLLECTOR_NAME = "otel-collector";
export const OTLP_GRPC_PORT = 4317;
/** Labels the chart puts on the collector's pods. */
export const COLLECTOR_POD_LABELS = { "app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/instance": COLLECTOR_NAME };

/** Where the pods send OTLP: the collector's Service in the telemetry namespace. */
export function collectorEndpoint(settings: TelemetrySettings): string {
  return `http://${COLLECTOR_NAME}.${settings.namespace}.svc.cluster.local:${OTLP_GRPC_PORT}`;
}

/**
 * The standard OpenTelemetry variables of a service's container: traces go to the collector by OTLP/gRPC
 * (metrics stay on the Prometheus scrape, logs on stdout for Fluent Bit). None when telemetry is off.
 */
export function otelEnvironment(settings: TelemetrySettings, service: string, stack: string): Record<string, string> {
  if (!settings.enabled) return {};
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: collectorEndpoint(settings),
    OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    OTEL_SERVICE_NAME: service,
    OTEL_RESOURCE_ATTRIBUTES: `service.namespace=eshop,deployment.environment.name=${stack}`,
  };
}
