import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../stacks";
import { NetworkPolicies } from "./network-policies";
import { ServiceWorkload } from "./service-workload";

export interface WorkloadsArgs {
  settings: Settings;
  /** Full image reference (repository@sha256:...) per catalog service. */
  images: Record<string, pulumi.Input<string>>;
  /** Npgsql connection string of the RDS instance (secret), for db-service only. */
  databaseConnectionString: pulumi.Input<string>;
  loadBalancerCidrs: pulumi.Input<string>[];
  databaseCidrs: pulumi.Input<string>[];
  prometheus?: { namespace: string; podLabels: Record<string, string> };
}

/** The shop's namespace and every catalog service in it, sealed by NetworkPolicies. */
export class Workloads extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  readonly services: Record<string, ServiceWorkload> = {};

  constructor(name: string, args: WorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:workloads:Workloads", name, {}, opts);
    const { settings } = args;

    const namespace = new k8s.core.v1.Namespace(name, {
      metadata: {
        name: settings.namespace,
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
          // The Load Balancer Controller adds a readiness gate to pods behind a TargetGroupBinding:
          // a new pod counts as ready only once the ALB reports it healthy, so a rollout
          // (maxUnavailable 0) never removes the last healthy target.
          "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
        },
      },
    }, { parent: this });
    this.namespace = namespace.metadata.name;

    const policies = new NetworkPolicies(`${name}-network`, {
      catalog: settings.catalog,
      namespace: this.namespace,
      loadBalancerCidrs: args.loadBalancerCidrs,
      databaseCidrs: args.databaseCidrs,
      prometheus: args.prometheus,
    }, { parent: this });

    const dependencies = { settings, databaseConnectionString: args.databaseConnectionString };
    for (const service of settings.services) {
      const image = args.images[service.name];
      if (image === undefined) throw new Error(`infra/workloads: no image for ${service.name}`);
      this.services[service.name] = new ServiceWorkload(service.name, {
        service,
        namespace: this.namespace,
        image,
        dependencies,
        // The service that owns the database runs its migrations before it rolls.
        migrate: service.catalog.external.includes("postgresql"),
      }, { parent: this, dependsOn: [policies] });
    }
    this.registerOutputs({ namespace: this.namespace });
  }
}
