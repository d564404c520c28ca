import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AlertThresholds, Catalog, CatalogService, ServiceSettings } from "../../stacks";
import { principal } from "../mesh/authorization";
import { AMBIENT_LABELS, MeshPolicies, WAYPOINT_LABELS } from "../mesh/policies";
import { CanaryAnalysis, Prometheus, ServiceMonitors } from "../observability";
import { InternalCredentials } from "./internal-credentials";
import { NetworkPolicies } from "./network-policies";
import { EnvironmentSettings, MigrationInputs } from "./dependencies";
import { ServiceWorkload } from "./service-workload";

export interface WorkloadsArgs {
  /** The shop's namespace (eshop:workloads.namespace). */
  namespace: string;
  catalog: Catalog;
  /** Every catalog service with this stack's image and sizing. */
  services: ServiceSettings[];
  /** What the services' ConfigMaps and Secrets are made of besides the catalog. */
  environment: EnvironmentSettings;
  /** Full image reference (repository@sha256:...) per catalog service. */
  images: Record<string, pulumi.Input<string>>;
  /** Npgsql connection string of the runtime role (secret), for db-service only. */
  databaseConnectionString: pulumi.Input<string>;
  /** The schema owner's login and the runtime role, for the migration Job only. */
  migration: MigrationInputs;
  /** The database instance: its owner's pods and migration wait for it. */
  database: pulumi.Resource;
  /** The cluster's nodes, DNS, access, metrics and storage, and the mesh (infra/mesh): every object here waits for them. */
  readyForWorkloads: pulumi.Resource[];
  loadBalancerCidrs: pulumi.Input<string>[];
  databaseCidrs: pulumi.Input<string>[];
  /** The cluster's Prometheus, when observability is on: it may scrape every service, and alerts on them. */
  monitoring?: { prometheus: Prometheus; alerts: AlertThresholds };
  /** A canary release of one service (eshop:canary): its full image reference (the stable repository at the canary digest). */
  canary?: { service: string; weight: number; image: pulumi.Input<string> };
}

/** The shop's namespace and every catalog service in it, sealed by NetworkPolicies and the mesh's policies. */
export class Workloads extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  readonly services: Record<string, ServiceWorkload> = {};
  /** The catalog operators' internal credentials (secret): held by people's tooling, never by a pod. */
  readonly operatorCredentials: Record<string, pulumi.Output<string>>;
  /** What the canary analysis asks Prometheus, while a canary runs and observability is on. */
  readonly canaryAnalysis?: CanaryAnalysis;

  constructor(name: string, args: WorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:workloads:Workloads", name, {}, opts);
    const { catalog } = args;
    const prometheus = args.monitoring?.prometheus;

    const namespace = new k8s.core.v1.Namespace(
      name,
      {
        metadata: {
          name: args.namespace,
          labels: {
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "latest",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
            // The Load Balancer Controller adds a readiness gate to pods behind a TargetGroupBinding:
            // a new pod counts as ready only once the ALB reports it healthy, so a rollout
            // (maxUnavailable 0) never removes the last healthy target.
            "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
            ...AMBIENT_LABELS,
            ...WAYPOINT_LABELS,
          },
        },
      },
      { parent: this, dependsOn: args.readyForWorkloads },
    );
    this.namespace = namespace.metadata.name;

    const policies = new NetworkPolicies(
      `${name}-network`,
      {
        catalog,
        namespace: this.namespace,
        loadBalancerCidrs: args.loadBalancerCidrs,
        databaseCidrs: args.databaseCidrs,
        prometheus,
      },
      { parent: this },
    );
    const meshPolicies = new MeshPolicies(
      `${name}-mesh`,
      {
        catalog,
        namespace: this.namespace,
        loadBalancerCidrs: args.loadBalancerCidrs,
        prometheusPrincipal: prometheus && principal(prometheus.namespace, prometheus.serviceAccount),
      },
      { parent: this },
    );

    const credentials = new InternalCredentials(`${name}-internal-credentials`, { catalog }, { parent: this });
    this.operatorCredentials = credentials.operatorCredentials;
    // Made once per stack and kept in its state: replicas share it, and a new one would only change fingerprints.
    const paymentFingerprintKey = new random.RandomPassword(
      `${name}-payment-fingerprint-key`,
      { length: 48, special: false },
      { parent: this },
    );
    const dependencies = {
      ...args.environment,
      catalog,
      databaseConnectionString: args.databaseConnectionString,
      paymentFingerprintKey: paymentFingerprintKey.result,
      internalSecrets: (service: CatalogService) => credentials.secretsOf(service),
    };
    // Callees first, so that each caller's Deployment can wait for the Deployments it calls.
    for (const service of calleesFirst(args.services)) {
      const image = args.images[service.name];
      if (image === undefined) throw new Error(`infra/workloads: no image for ${service.name}`);
      const ownsDatabase = service.catalog.external.includes("postgresql");
      const canary = args.canary?.service === service.name ? args.canary : undefined;
      this.services[service.name] = new ServiceWorkload(
        service.name,
        {
          service,
          namespace: this.namespace,
          image,
          dependencies,
          // The service that owns the database runs its migrations before it rolls.
          migration: ownsDatabase ? args.migration : undefined,
          dependsOn: [...service.catalog.calls.map((callee) => this.services[callee].deployment), ...(ownsDatabase ? [args.database] : [])],
          canary: canary && { image: canary.image, runsPods: canary.weight > 0 },
        },
        { parent: this, dependsOn: [policies, meshPolicies] },
      );
    }

    if (args.monitoring) {
      const canaryService = args.canary && this.services[args.canary.service].canaryService;
      this.canaryAnalysis = new ServiceMonitors(
        `${name}-monitors`,
        {
          namespace: args.namespace,
          catalog,
          alerts: args.monitoring.alerts,
          services: Object.values(this.services).map((s) => s.service),
          prometheus: args.monitoring.prometheus,
          canary: args.canary && canaryService && { service: args.canary.service, kubernetesService: canaryService },
        },
        { parent: this },
      ).canaryAnalysis;
    }
    this.registerOutputs({ namespace: this.namespace, canaryAnalysis: this.canaryAnalysis });
  }
}

/** The services ordered so that every service comes after the services it calls (the catalog has no cycles). */
export function calleesFirst<T extends { name: string; catalog: { calls: string[] } }>(services: T[]): T[] {
  const ordered: T[] = [];
  const visiting = new Set<string>();
  const visit = (service: T) => {
    if (ordered.includes(service)) return;
    if (visiting.has(service.name)) throw new Error(`services/catalog.json: ${service.name} is part of a call cycle`);
    visiting.add(service.name);
    for (const callee of service.catalog.calls) visit(services.find((s) => s.name === callee)!);
    ordered.push(service);
  };
  services.forEach(visit);
  return ordered;
}
