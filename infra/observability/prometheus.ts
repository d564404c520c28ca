import type * as pulumi from "@pulumi/pulumi";

/** The cluster's Prometheus, as what it scrapes needs to know it. */
export interface Prometheus {
  namespace: string;
  /** Labels of its pods (the operator's), for the scrape NetworkPolicy. */
  podLabels: Record<string, string>;
  /** Its ServiceAccount: the identity the mesh's policies let scrape the shop. */
  serviceAccount: string;
  /** The Helm release that installs it and the operator's CRDs: every ServiceMonitor and PrometheusRule waits for it. */
  release: pulumi.Resource;
  /** Its HTTP API through the Kubernetes API server's service proxy (`kubectl get --raw`). */
  api: string;
}
