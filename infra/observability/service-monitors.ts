import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AlertThresholds, Catalog } from "../../stacks";
import { CONTAINER } from "../workloads/contract";
import { CANARY, COMPONENT_LABEL, NAME_LABEL, PART_OF, canarySelector, serverSelector } from "../workloads/labels";
import { alertRules, errorRatePercentQuery } from "./alerts";
import type { Prometheus } from "./prometheus";

export interface ServiceMonitorsArgs {
  /** The shop's namespace: where the monitors and the rules live, and what the alert queries select. */
  namespace: string;
  catalog: Catalog;
  alerts: AlertThresholds;
  /** The Services to scrape: the monitors are created after them. */
  services: pulumi.Resource[];
  /** The Prometheus that scrapes them; its release installs the ServiceMonitor and PrometheusRule CRDs. */
  prometheus: Prometheus;
  /** A canary release (eshop:canary): its own Service, which selects only its pods. */
  canary?: { service: string; kubernetesService: k8s.core.v1.Service };
}

/** What the deploy workflow's canary analysis reads from Prometheus (.github/scripts/canary.sh). */
export interface CanaryAnalysis {
  /** The Prometheus API through the Kubernetes API server's service proxy (`kubectl get --raw`). */
  prometheusApi: string;
  /** The canary's 5xx share in percent; `{window}` is the analysis window. */
  errorRateQuery: string;
  /** Above this the canary is aborted: the same threshold as its CloudWatch alarm. */
  errorRatePercent: number;
}

/** The target label that tells a canary's series from the stable release's. */
export const TRACK_LABEL = "track";

const ENDPOINT = { port: "http", path: CONTAINER.metricsPath, interval: "30s", scrapeTimeout: "10s" };

/**
 * What Prometheus scrapes and alerts on in the shop's namespace: a ServiceMonitor per catalog service, the shop's
 * alert rules, and while a canary runs, a ServiceMonitor of the canary's Service that marks its series
 * `track="canary"`, with the query the canary analysis asks (`canaryAnalysis`).
 */
export class ServiceMonitors extends pulumi.ComponentResource {
  readonly canaryAnalysis?: CanaryAnalysis;

  constructor(name: string, args: ServiceMonitorsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:observability:ServiceMonitors", name, {}, opts);
    const { namespace, prometheus } = args;
    const monitor = (
      resourceName: string,
      monitorName: string,
      labels: Record<string, string>,
      selector: Record<string, string>,
      endpoint: object,
      dependsOn: pulumi.Resource[],
    ) =>
      new k8s.apiextensions.CustomResource(
        resourceName,
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "ServiceMonitor",
          metadata: { name: monitorName, namespace, labels: { ...labels, ...PART_OF } },
          spec: { selector: { matchLabels: selector }, endpoints: [endpoint] },
        },
        { parent: this, dependsOn: [prometheus.release, ...dependsOn] },
      );

    for (const service of args.catalog.services) {
      monitor(
        `${name}-${service.name}`,
        service.name,
        { [NAME_LABEL]: service.name },
        serverSelector(service.name),
        ENDPOINT,
        args.services,
      );
    }
    new k8s.apiextensions.CustomResource(
      `${name}-alerts`,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "eshop-alerts", namespace, labels: PART_OF },
        spec: { groups: [{ name: "eshop.rules", rules: alertRules(namespace, args.catalog, args.alerts) }] },
      },
      { parent: this, dependsOn: [prometheus.release, ...args.services] },
    );

    if (args.canary) {
      const canaryService = `${args.canary.service}-canary`;
      monitor(
        `${name}-${canaryService}`,
        canaryService,
        { [NAME_LABEL]: args.canary.service, [COMPONENT_LABEL]: CANARY },
        canarySelector(args.canary.service),
        {
          ...ENDPOINT,
          relabelings: [{ action: "replace", targetLabel: TRACK_LABEL, replacement: "canary" }],
        },
        [args.canary.kubernetesService],
      );
      this.canaryAnalysis = {
        prometheusApi: prometheus.api,
        errorRateQuery: errorRatePercentQuery(namespace, canaryService),
        errorRatePercent: args.alerts.errorRatePercent,
      };
    }
    this.registerOutputs({ canaryAnalysis: this.canaryAnalysis });
  }
}
