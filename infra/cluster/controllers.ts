import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterSettings } from "../../stacks";
import { podIdentityAssociation } from "../iam";
import { chartRelease } from "./helm";
import { clusterAutoscalerPolicy } from "./cluster-autoscaler-policy";
import { loadBalancerControllerPolicy } from "./load-balancer-controller-policy";

export interface ControllersArgs {
  name: string;
  clusterName: pulumi.Input<string>;
  clusterArn: pulumi.Input<string>;
  /** Target groups of this stack are named `<prefix>-<service>` (infra/edge). */
  targetGroupNamePrefix: string;
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

  const lbcAccess = podIdentityAssociation(
    `${name}-lb-controller`,
    {
      clusterName: args.clusterName,
      clusterArn: args.clusterArn,
      namespace: "kube-system",
      serviceAccount: "aws-load-balancer-controller",
      policy: loadBalancerControllerPolicy(args.targetGroupNamePrefix),
    },
    awsOpts,
  );
  const loadBalancerController = chartRelease(
    `${name}-lb-controller`,
    {
      name: "aws-load-balancer-controller",
      chart: "aws-load-balancer-controller",
      version: settings.loadBalancerControllerChartVersion,
      repo: "https://aws.github.io/eks-charts",
      namespace: "kube-system",
      values: {
        clusterName: args.clusterName,
        region: args.region,
        vpcId: args.vpcId,
        replicaCount: 2,
        serviceAccount: { create: true, name: "aws-load-balancer-controller" },
        // Keeps Services of type LoadBalancer away from the controller: the shop's edge is an ALB only.
        enableServiceMutatorWebhook: false,
        // The controller serves TargetGroupBindings only: no IngressClass, no WAF/Shield calls, no
        // security group management (Pulumi owns the ALB and its rules; the IAM policy forbids the rest).
        createIngressClassResource: false,
        enableShield: false,
        enableWaf: false,
        enableWafv2: false,
        enableBackendSecurityGroup: false,
      },
    },
    { ...k8sOpts, dependsOn: [lbcAccess, ...args.dependsOn] },
  );

  const autoscalerAccess = podIdentityAssociation(
    `${name}-autoscaler`,
    {
      clusterName: args.clusterName,
      clusterArn: args.clusterArn,
      namespace: "kube-system",
      serviceAccount: "cluster-autoscaler",
      policy: pulumi.output(args.clusterName).apply(clusterAutoscalerPolicy),
    },
    awsOpts,
  );
  const clusterAutoscaler = chartRelease(
    `${name}-autoscaler`,
    {
      name: "cluster-autoscaler",
      chart: "cluster-autoscaler",
      version: settings.clusterAutoscalerChartVersion,
      repo: "https://kubernetes.github.io/autoscaler",
      namespace: "kube-system",
      values: {
        autoDiscovery: { clusterName: args.clusterName },
        awsRegion: args.region,
        // No image override: the chart's own appVersion is the autoscaler its templates were written for
        // (clusterAutoscalerChartVersion is chosen per Kubernetes minor, see README).
        rbac: { serviceAccount: { create: true, name: "cluster-autoscaler" } },
        extraArgs: {
          "balance-similar-node-groups": true,
          expander: "least-waste",
          "skip-nodes-with-system-pods": false,
        },
      },
    },
    { ...k8sOpts, dependsOn: [autoscalerAccess, ...args.dependsOn] },
  );

  return { loadBalancerController, clusterAutoscaler };
}
