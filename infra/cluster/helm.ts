import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** Long enough for a release whose pods wait for a node that the autoscaler is still adding. */
export const HELM_TIMEOUT_SECONDS = 900;

export interface ChartReleaseArgs {
  /** The Helm release's name in the cluster. */
  name: string;
  chart: string;
  /** An exact chart version: a release never moves by itself. */
  version: string;
  /** The chart repository's URL. */
  repo: string;
  namespace: pulumi.Input<string>;
  values: pulumi.Inputs;
}

/**
 * A Helm chart installed the way every chart of this platform is: atomic (a failed install or upgrade is rolled
 * back and what it created removed, so no half-installed release is left for the next run) within
 * HELM_TIMEOUT_SECONDS. A `helm.v3.Release`, which renders on the cluster's side, so a first preview of a new
 * stack needs no reachable cluster (docs/workloads.md).
 */
export function chartRelease(resourceName: string, args: ChartReleaseArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    resourceName,
    {
      name: args.name,
      chart: args.chart,
      version: args.version,
      repositoryOpts: { repo: args.repo },
      namespace: args.namespace,
      atomic: true,
      cleanupOnFail: true,
      timeout: HELM_TIMEOUT_SECONDS,
      values: args.values,
    },
    opts,
  );
}
