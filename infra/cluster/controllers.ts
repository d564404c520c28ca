import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterSettings } from "../../stacks";
import { podIdentityRole } from "../iam";
import { clusterAutoscalerPolicy } from "./cluster-autoscaler-policy";
import { loadBalancerControllerPolicy } from "./load-balancer-controller-policy";

export interface ControllersArgs {
  name: string;
  clusterName: pulumi.Input<string>;
  settings: ClusterSettings;
  region: string;
  vpcId: pulumi.Input<string>;
  provider: k8s.Provider;
  /** Nodes and the Pod Identity agent must exist before the controllers' pods can start. */
  dependsOn: pulumi.Resource[];
}

export interface Controllers {
  loadBalancerController: k8s.helm.v3.Release;
  clusterAutoscaler: k8s.helm.v3.Release;
}

/**
 * The in-cluster controllers this platform relies on, installed as Helm releases with their AWS
 * permissions granted through Pod Identity. Their region and VPC are passed explicitly because the
 * node hop limit of 1 hides instance metadata from pods.
 */
export function createControllers(args: ControllersArgs, parent: pulumi.Resource): Controllers {
  const { name, settings } = args;
  const awsOpts = { parent };
  const k8sOpts = { parent, provider: args.provider };

  const lbcAccess = podIdentityRole(`${name}-lb-controller`, {
    clusterName: args.clusterName,
    namespace: "kube-system",
    serviceAccount: "aws-load-balancer-controller",
    policy: loadBalancerControllerPolicy,
  }, awsOpts);
  const loadBalancerController = new k8s.helm.v3.Release(`${name}-lb-controller`, {
    name: "aws-load-balancer-controller",
    chart: "aws-load-balancer-controller",
    version: settings.loadBalancerControllerChartVersion,
    repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
    namespace: "kube-system",
    atomic: true,
    values: {
      clusterName: args.clusterName,
      region: args.region,
      vpcId: args.vpcId,
      replicaCount: 2,
      serviceAccount: { create: true, name: "aws-load-balancer-controller" },
      // Keeps Services of type LoadBalancer away from the controller: the shop's edge is an ALB only.
      enableServiceMutatorWebhook: false,
    },
  }, { ...k8sOpts, dependsOn: [lbcAccess, ...args.dependsOn] });

  const autoscalerAccess = podIdentityRole(`${name}-autoscaler`, {
    clusterName: args.clusterName,
    namespace: "kube-system",
    serviceAccount: "cluster-autoscaler",
    policy: pulumi.output(args.clusterName).apply(clusterAutoscalerPolicy),
  }, awsOpts);
  const clusterAutoscaler = new k8s.helm.v3.Release(`${name}-autoscaler`, {
    name: "cluster-autoscaler",
    chart: "cluster-autoscaler",
    version: settings.clusterAutoscalerChartVersion,
    repositoryOpts: { repo: "https://kubernetes.github.io/autoscaler" },
    namespace: "kube-system",
    atomic: true,
    values: {
      autoDiscovery: { clusterName: args.clusterName },
      awsRegion: args.region,
      image: { tag: `v${settings.kubernetesVersion}.0` },
      rbac: { serviceAccount: { create: true, name: "cluster-autoscaler" } },
      extraArgs: {
        "balance-similar-node-groups": true,
        expander: "least-waste",
        "skip-nodes-with-system-pods": false,
      },
    },
  }, { ...k8sOpts, dependsOn: [autoscalerAccess, ...args.dependsOn] });

  return { loadBalancerController, clusterAutoscaler };
}
