import * as pulumi from "@pulumi/pulumi";
import { Settings, imageReference } from "../stacks";
import { Cdn } from "./cdn";
import { Edge } from "./edge";
import { Mesh } from "./mesh";
import { cidrsOf } from "./network";
import { CanaryAnalysis, Monitoring } from "./observability";
import type { Platform } from "./platform";
import { RUNTIME_ROLE } from "./database";
import { publicServices } from "./edge/routes";
import { ALB_IDLE_TIMEOUT_SECONDS } from "./workloads/contract";
import { Workloads } from "./workloads";

export interface Shop {
  /** Full image reference (repository@sha256:...) per catalog service: what this stack runs. */
  images: Record<string, pulumi.Output<string>>;
  workloads: Workloads;
  edge: Edge;
  cdn: Cdn;
  monitoring?: Monitoring;
  mesh: Mesh;
  /** What the deploy workflow reads from Prometheus about the canary, when a canary and Prometheus exist. */
  canaryAnalysis?: CanaryAnalysis;
}

/**
 * The shop on the platform: the mesh, observability, the workloads from the catalog, the edge and the CDN. Every
 * Kubernetes object goes through the cluster's provider; nothing here reads the kubeconfig or
 * the cluster while the program runs, so a preview of a new stack (unknown kubeconfig) works.
 * Returns undefined while a service has no published image (first `pulumi up` of a new stack:
 * the repositories must exist before the pipeline can push to them).
 */
export function deployShop(settings: Settings, platform: Platform): Shop | undefined {
  const unpublished = settings.services.filter((s) => !s.image.published).map((s) => s.name);
  if (unpublished.length > 0) {
    void pulumi.log.warn(`workloads skipped: no published image for ${unpublished.join(", ")} (eshop:images)`);
    return undefined;
  }
  const opts = { providers: [platform.cluster.provider] };
  const { layout } = platform.network;

  // The mesh first: pods started before ztunnel and istio-cni run would talk without mTLS until restarted.
  const mesh = new Mesh("mesh", { readyForWorkloads: platform.cluster.readyForWorkloads }, opts);
  const readyForWorkloads = [...platform.cluster.readyForWorkloads, ...mesh.ready];
  const monitoring = settings.observability.enabled
    ? new Monitoring(
        "monitoring",
        { settings: settings.observability, shopNamespace: settings.namespace, catalog: settings.catalog, readyForWorkloads },
        opts,
      )
    : undefined;
  const images = Object.fromEntries(
    settings.services.map((s) => [
      s.name,
      pulumi.output(platform.images?.urls[s.name] ?? "").apply((url) => imageReference(s.image, url)!),
    ]),
  );
  const canary = settings.canary;
  const canaryImage =
    canary &&
    pulumi
      .output(platform.images?.urls[canary.service] ?? "")
      .apply((url) =>
        imageReference({ published: true, digest: canary.digest, repository: stableRepository(settings, canary.service) }, url)!,
      );
  const workloads = new Workloads(
    "shop",
    {
      namespace: settings.namespace,
      catalog: settings.catalog,
      services: settings.services,
      environment: { stack: settings.stack, application: settings.application, telemetry: settings.telemetry },
      images,
      databaseConnectionString: platform.database.connectionString,
      migration: {
        connectionString: platform.database.migrationConnectionString,
        runtimeRole: RUNTIME_ROLE,
        runtimePassword: platform.database.runtimePassword,
      },
      database: platform.database.instance,
      readyForWorkloads,
      loadBalancerCidrs: cidrsOf(layout, "public"),
      databaseCidrs: cidrsOf(layout, "private"),
      monitoring: monitoring && { prometheus: monitoring.prometheus, alerts: settings.observability.alerts },
      canary: canary && canaryImage && { service: canary.service, weight: canary.weight, image: canaryImage },
    },
    opts,
  );

  const edge = new Edge(
    "shop-edge",
    {
      prefix: settings.resourcePrefix,
      production: settings.tier === "production",
      host: settings.dns.host,
      catalog: settings.catalog,
      tlsPolicy: settings.edge.tlsPolicy,
      vpcId: platform.network.vpcId,
      publicSubnetIds: platform.network.publicSubnetIds,
      podSecurityGroupId: platform.cluster.clusterSecurityGroupId,
      certificateArn: platform.domain.certificateArn,
      namespace: workloads.namespace,
      services: Object.fromEntries(publicServices(settings.catalog).map((name) => [name, workloads.services[name].service])),
      loadBalancerController: platform.cluster.loadBalancerController,
      canary: canary && {
        service: canary.service,
        kubernetesService: workloads.services[canary.service].canaryService!,
        weight: canary.weight,
        alarms: settings.observability.alerts,
      },
    },
    opts,
  );
  const cdn = new Cdn("shop-cdn", {
    prefix: settings.resourcePrefix,
    host: settings.dns.host,
    zoneId: platform.domain.zoneId,
    certificateValidationRecordFqdn: platform.domain.validationRecordFqdn,
    catalog: settings.catalog,
    wafRateLimitPer5Minutes: settings.edge.wafRateLimitPer5Minutes,
    logRetentionDays: settings.cluster.logRetentionDays,
    defaultTags: settings.defaultTags,
    origin: edge.origin,
    originReadTimeoutSeconds: ALB_IDLE_TIMEOUT_SECONDS,
  });
  return { images, workloads, edge, cdn, monitoring, mesh, canaryAnalysis: workloads.canaryAnalysis };
}

/** The canary runs from the stable image's repository: the stack's own (undefined) or the one eshop:images names. */
function stableRepository(settings: Settings, service: string): string | undefined {
  const image = settings.services.find((s) => s.name === service)!.image;
  return image.published ? image.repository : undefined;
}
