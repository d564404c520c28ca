import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Catalog, ObservabilitySettings } from "../../stacks";
import { chartRelease } from "../cluster/helm";
import { STORAGE_CLASS } from "../cluster/storage";
import { AMBIENT_LABELS } from "../mesh/policies";
import { PRIVILEGED_NAMESPACE_LABELS } from "../workloads/labels";
import { ALERT_WEBHOOK_KEY, alertmanagerConfig } from "./alertmanager";
import { servicesDashboard } from "./dashboard";
import type { Prometheus } from "./prometheus";

export type { Prometheus } from "./prometheus";
export { ServiceMonitors, TRACK_LABEL, type CanaryAnalysis } from "./service-monitors";

export interface MonitoringArgs {
  settings: ObservabilitySettings;
  /** The shop's namespace and catalog, which the Grafana dashboard's queries select. */
  shopNamespace: string;
  catalog: Catalog;
  /** Nodes, DNS, access and the default StorageClass: the release's pods and volumes need them. */
  readyForWorkloads: pulumi.Resource[];
}

const RELEASE = "kube-prometheus-stack";
/** The chart's Prometheus Service (<release>-prometheus) and its port name. */
const PROMETHEUS_SERVICE = `${RELEASE}-prometheus:http-web`;
const ALERT_RECEIVER_SECRET = "alertmanager-receiver";

/** Labels of the Prometheus pods the operator runs, for the scrape NetworkPolicy. */
export const PROMETHEUS_POD_LABELS = { "app.kubernetes.io/name": "prometheus" };
/** Prometheus's ServiceAccount, named here so that the mesh's policies can let its identity scrape the shop. */
export const PROMETHEUS_SERVICE_ACCOUNT = "kube-prometheus-stack-prometheus";

/**
 * kube-prometheus-stack (Prometheus operator, Prometheus, Alertmanager, Grafana, kube-state-metrics,
 * node-exporter) in its own namespace. Its CRDs come with the release, so every custom resource
 * that uses them depends on `release`.
 */
export class Monitoring extends pulumi.ComponentResource {
  readonly namespace: string;
  readonly release: k8s.helm.v3.Release;
  /** The Prometheus it runs, for what it scrapes (infra/observability/service-monitors.ts) and lets in. */
  readonly prometheus: Prometheus;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:observability:Monitoring", name, {}, opts);
    const observability = args.settings;
    const parent = { parent: this };
    this.namespace = observability.namespace;

    const namespace = new k8s.core.v1.Namespace(
      name,
      {
        metadata: {
          name: observability.namespace,
          // node-exporter needs the host's network and /proc, which only "privileged" admits;
          // nothing of the shop runs here.
          // In the ambient mesh, so that Prometheus scrapes the shop (mTLS STRICT) with an identity of its own.
          labels: { ...PRIVILEGED_NAMESPACE_LABELS, ...AMBIENT_LABELS },
        },
      },
      { parent: this, dependsOn: args.readyForWorkloads },
    );

    const grafanaPassword = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, parent);
    const grafanaAdmin = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: "grafana-admin", namespace: namespace.metadata.name },
        type: "Opaque",
        stringData: { "admin-user": "admin", "admin-password": grafanaPassword.result },
      },
      parent,
    );

    // Alertmanager reads the webhook from this Secret, mounted by the operator (never in the Helm values).
    const alertReceiver = new k8s.core.v1.Secret(
      `${name}-alert-receiver`,
      {
        metadata: { name: ALERT_RECEIVER_SECRET, namespace: namespace.metadata.name },
        type: "Opaque",
        stringData: { [ALERT_WEBHOOK_KEY]: observability.alertWebhookUrl },
      },
      parent,
    );
    const volume = (gib: number) => ({
      volumeClaimTemplate: {
        spec: { storageClassName: STORAGE_CLASS, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${gib}Gi` } } },
      },
    });

    this.release = chartRelease(
      name,
      {
        name: RELEASE,
        chart: RELEASE,
        version: observability.chartVersion,
        repo: "https://prometheus-community.github.io/helm-charts",
        namespace: namespace.metadata.name,
        values: {
          // EKS runs the control plane: its controller-manager, scheduler and etcd cannot be scraped.
          kubeControllerManager: { enabled: false },
          kubeScheduler: { enabled: false },
          kubeEtcd: { enabled: false },
          alertmanager: {
            config: alertmanagerConfig(ALERT_RECEIVER_SECRET),
            alertmanagerSpec: { secrets: [ALERT_RECEIVER_SECRET], storage: volume(observability.alertmanagerStorageGiB) },
          },
          prometheus: {
            serviceAccount: { create: true, name: PROMETHEUS_SERVICE_ACCOUNT },
            prometheusSpec: {
              retention: observability.prometheusRetention,
              // Pick up ServiceMonitors and PrometheusRules from every namespace, not only the release's.
              serviceMonitorSelectorNilUsesHelmValues: false,
              ruleSelectorNilUsesHelmValues: false,
              storageSpec: volume(observability.prometheusStorageGiB),
            },
          },
          grafana: {
            enabled: observability.grafanaEnabled,
            admin: { existingSecret: grafanaAdmin.metadata.name, userKey: "admin-user", passwordKey: "admin-password" },
            sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" } },
          },
        },
      },
      { parent: this, dependsOn: [alertReceiver] },
    );

    if (observability.grafanaEnabled) {
      new k8s.core.v1.ConfigMap(
        `${name}-dashboard`,
        {
          metadata: { name: "eshop-services-dashboard", namespace: namespace.metadata.name, labels: { grafana_dashboard: "1" } },
          data: { "eshop-services.json": JSON.stringify(servicesDashboard(args.shopNamespace, args.catalog), null, 2) },
        },
        { parent: this, dependsOn: [this.release] },
      );
    }
    this.prometheus = {
      namespace: this.namespace,
      podLabels: PROMETHEUS_POD_LABELS,
      serviceAccount: PROMETHEUS_SERVICE_ACCOUNT,
      release: this.release,
      api: `/api/v1/namespaces/${this.namespace}/services/${PROMETHEUS_SERVICE}/proxy/api/v1`,
    };
    this.registerOutputs({ namespace: this.namespace });
  }
}
