import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AddonArgs {
  clusterName: pulumi.Input<string>;
  configuration?: Record<string, unknown>;
  podIdentityAssociations?: aws.types.input.eks.AddonPodIdentityAssociation[];
}

/** An EKS managed add-on at the default version for the cluster's Kubernetes version. */
export function managedAddon(name: string, addonName: string, args: AddonArgs, opts: pulumi.CustomResourceOptions): aws.eks.Addon {
  return new aws.eks.Addon(
    name,
    {
      clusterName: args.clusterName,
      addonName,
      configurationValues: args.configuration ? JSON.stringify(args.configuration) : undefined,
      podIdentityAssociations: args.podIdentityAssociations,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
    },
    opts,
  );
}

/** VPC CNI with its network policy agent on: NetworkPolicies are ignored without it (off by default). */
export const vpcCniConfiguration = { enableNetworkPolicy: "true" };
