import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceSettings } from "../../stacks";
import { CONFIG_HASH_ANNOTATION, configHash } from "./config-hash";
import { DependencyInputs, MigrationInputs, migrationSecrets } from "./dependencies";
import { serviceConfig, serviceSecrets } from "./environment";
import { CANARY, MIGRATION, canarySelector, serverSelector, serviceLabels } from "./labels";
import { jobPodSpec, serverPodSpec } from "./pod-spec";
import { CONTAINER } from "./contract";

export interface ServiceWorkloadArgs {
  service: ServiceSettings;
  namespace: pulumi.Input<string>;
  image: pulumi.Input<string>;
  dependencies: DependencyInputs;
  /** Runs once per image before the Deployment rolls (db-service: the database migration). */
  migration?: MigrationInputs;
  /** What the pods need running before they can start: the Deployments they call, the database. */
  dependsOn: pulumi.Input<pulumi.Resource>[];
  /** A canary release: its image, and whether it runs pods (weight > 0). */
  canary?: { image: pulumi.Input<string>; runsPods: boolean };
}

/**
 * One catalog service on Kubernetes: its ServiceAccount, ConfigMap, Secret, Deployment, Service,
 * HorizontalPodAutoscaler and PodDisruptionBudget (and the migration Job where asked).
 */
export class ServiceWorkload extends pulumi.ComponentResource {
  readonly service: k8s.core.v1.Service;
  readonly deployment: k8s.apps.v1.Deployment;
  readonly migration?: k8s.batch.v1.Job;
  /** The canary's own Service (its target group's binding points at it), when a canary is configured. */
  readonly canaryService?: k8s.core.v1.Service;

  constructor(name: string, args: ServiceWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:workloads:ServiceWorkload", name, {}, opts);
    const { service, namespace } = args;
    const { catalog, sizing } = service;
    const parent = { parent: this };
    const labels = serviceLabels(service.name);
    const selector = serverSelector(service.name);
    const metadata = { name: service.name, namespace, labels };

    const account = new k8s.core.v1.ServiceAccount(service.name, { metadata, automountServiceAccountToken: false }, parent);
    const configData = serviceConfig(catalog, args.dependencies);
    const secretData = serviceSecrets(catalog, args.dependencies);
    const config = new k8s.core.v1.ConfigMap(service.name, { metadata, data: configData }, parent);
    const secret = new k8s.core.v1.Secret(service.name, { metadata, type: "Opaque", stringData: secretData }, parent);
    const podArgs = {
      container: service.name,
      image: args.image,
      port: catalog.port,
      resources: sizing.resources,
      serviceAccountName: account.metadata.name,
      configMapName: config.metadata.name,
      secretName: secret.metadata.name,
    };

    if (args.migration) this.migration = this.migrationJob(service.name, args, args.migration, podArgs);

    const annotations = { [CONFIG_HASH_ANNOTATION]: configHash(configData, secretData) };
    const dependsOn = [...args.dependsOn, ...(this.migration ? [this.migration] : [])];
    this.deployment = new k8s.apps.v1.Deployment(
      service.name,
      {
        metadata,
        spec: {
          // No replicas: the HPA owns the count, so a deploy never resets it.
          revisionHistoryLimit: 5,
          selector: { matchLabels: selector },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
          template: { metadata: { labels, annotations }, spec: serverPodSpec(podArgs, selector) },
        },
      },
      { parent: this, dependsOn },
    );

    const servicePorts = [{ name: "http", port: catalog.port, targetPort: "http", protocol: "TCP" }];
    this.service = new k8s.core.v1.Service(service.name, { metadata, spec: { type: "ClusterIP", selector, ports: servicePorts } }, parent);

    if (args.canary) {
      // Another component label keeps the canary's pods out of the stable Deployment, Service, HPA and
      // PDB selectors, so configuring a canary leaves the stable release untouched.
      const canaryName = `${service.name}-canary`;
      const canaryLabels = serviceLabels(service.name, CANARY);
      const canarySelection = canarySelector(service.name);
      const canaryMetadata = { name: canaryName, namespace, labels: canaryLabels };
      if (args.canary.runsPods) {
        new k8s.apps.v1.Deployment(
          canaryName,
          {
            metadata: canaryMetadata,
            spec: {
              // A fixed count (no HPA): the canary takes at most half the traffic, so the stable floor is enough.
              replicas: sizing.autoscaling.minReplicas,
              revisionHistoryLimit: 2,
              selector: { matchLabels: canarySelection },
              strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
              template: {
                metadata: { labels: canaryLabels, annotations },
                spec: serverPodSpec({ ...podArgs, image: args.canary.image }, canarySelection),
              },
            },
          },
          { parent: this, dependsOn },
        );
      }
      this.canaryService = new k8s.core.v1.Service(
        canaryName,
        {
          metadata: canaryMetadata,
          spec: { type: "ClusterIP", selector: canarySelection, ports: servicePorts },
        },
        parent,
      );
    }

    const target = { apiVersion: "apps/v1", kind: "Deployment", name: this.deployment.metadata.name };
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      service.name,
      {
        metadata,
        spec: {
          scaleTargetRef: target,
          minReplicas: sizing.autoscaling.minReplicas,
          maxReplicas: sizing.autoscaling.maxReplicas,
          metrics: [
            {
              type: "Resource",
              resource: { name: "cpu", target: { type: "Utilization", averageUtilization: sizing.autoscaling.cpuTargetPercent } },
            },
          ],
        },
      },
      parent,
    );

    // One pod may be evicted at a time (node drains, upgrades); with a single replica (dev) that
    // still lets a drain proceed, in production (>= 2 replicas) it keeps the rest serving.
    new k8s.policy.v1.PodDisruptionBudget(
      service.name,
      {
        metadata,
        spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
      },
      parent,
    );

    this.registerOutputs({ service: this.service.metadata.name, deployment: this.deployment.metadata.name });
  }

  /**
   * The Job's name carries the image digest: a new image is a new Job (Jobs are immutable), the
   * Deployment waits for it to complete, and an unchanged image leaves the finished Job alone.
   */
  private migrationJob(
    service: string,
    args: ServiceWorkloadArgs,
    migration: MigrationInputs,
    podArgs: Parameters<typeof jobPodSpec>[0],
  ): k8s.batch.v1.Job {
    const digest = args.service.image.published ? args.service.image.digest.replace("sha256:", "").slice(0, 12) : "unpublished";
    const jobLabels = serviceLabels(service, MIGRATION);
    // Only the Job holds the schema owner's login; the Deployment's Secret has the DML-only role.
    const secret = new k8s.core.v1.Secret(
      `${service}-migrate`,
      {
        metadata: { name: `${service}-migrate`, namespace: args.namespace, labels: jobLabels },
        type: "Opaque",
        stringData: migrationSecrets(migration),
      },
      { parent: this },
    );
    return new k8s.batch.v1.Job(
      `${service}-migrate`,
      {
        metadata: { name: `${service}-migrate-${digest}`, namespace: args.namespace, labels: jobLabels },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 600,
          // No ttlSecondsAfterFinished: Pulumi owns the Job and deletes it when the digest (its name) changes.
          template: {
            metadata: { labels: jobLabels },
            spec: jobPodSpec({ ...podArgs, secretName: secret.metadata.name }, CONTAINER.migrateArgs),
          },
        },
      },
      { parent: this, dependsOn: args.dependsOn },
    );
  }
}
