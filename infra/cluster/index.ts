import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterSettings } from "../../stacks";
import { assumeRolePolicy } from "../iam";
import { managedAddon, vpcCniConfiguration } from "./addons";
import { createControllers } from "./controllers";
import { kubeconfig } from "./kubeconfig";
import { createNodeGroups } from "./node-groups";

export interface ClusterArgs {
  settings: ClusterSettings;
  production: boolean;
  region: string;
  vpcId: pulumi.Input<string>;
  availabilityZones: string[];
  privateSubnetIds: pulumi.Input<string>[];
}

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/**
 * EKS with private managed nodes.
 *
 * Node autoscaling: the Cluster Autoscaler over one managed node group per AZ. Chosen over
 * - EKS Auto Mode, because Auto Mode runs its own networking, DNS, kube-proxy and load balancing
 *   inside AWS-managed nodes, replacing the add-ons and the Load Balancer Controller this platform
 *   configures (VPC CNI network policy, Pod Identity for the controller) and the launch template
 *   that pins IMDSv2 with a hop limit of 1;
 * - Karpenter, because its NodePool/EC2NodeClass objects are custom resources whose definitions do
 *   not exist until its chart is installed, so a fresh stack cannot preview them, and it adds an
 *   interruption queue and node IAM plumbing that a four-service shop does not need.
 * Managed node groups keep AMI updates and node draining with EKS, every node comes from our
 * launch template, and per-AZ groups let the autoscaler grow the zone a pod's spread needs.
 */
export class Cluster extends pulumi.ComponentResource {
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  /** The security group EKS attaches to the control plane and every managed node (and so every pod). */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  /** For the workloads layer: every Kubernetes object of this stack goes through this provider. */
  readonly provider: k8s.Provider;
  /** The Load Balancer Controller release: ingress resources must depend on it so they are deleted first. */
  readonly loadBalancerController: k8s.helm.v3.Release;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:infra:Cluster", name, {}, opts);
    const { settings } = args;
    const parent = { parent: this };

    const secretsKey = new aws.kms.Key(`${name}-secrets`, {
      description: `Envelope encryption of Kubernetes secrets in ${settings.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: args.production ? 30 : 7,
    }, parent);
    new aws.kms.Alias(`${name}-secrets`, { name: `alias/${settings.name}-secrets`, targetKeyId: secretsKey.keyId }, parent);

    // Created before the cluster so EKS writes into a group whose retention we own.
    const controlPlaneLogs = new aws.cloudwatch.LogGroup(`${name}-control-plane`, {
      name: `/aws/eks/${settings.name}/cluster`,
      retentionInDays: settings.logRetentionDays,
    }, parent);

    const role = new aws.iam.Role(`${name}-control-plane`, { assumeRolePolicy: assumeRolePolicy("eks.amazonaws.com") }, parent);
    const rolePolicy = new aws.iam.RolePolicyAttachment(`${name}-control-plane`, {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    }, parent);

    const cluster = new aws.eks.Cluster(`${name}-eks`, {
      name: settings.name,
      version: settings.kubernetesVersion,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: args.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: settings.publicAccessCidrs.length > 0,
        publicAccessCidrs: settings.publicAccessCidrs.length > 0 ? settings.publicAccessCidrs : undefined,
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      // The add-ons below are EKS managed add-ons instead of the unmanaged ones EKS would install.
      bootstrapSelfManagedAddons: false,
      deletionProtection: args.production,
      upgradePolicy: { supportType: "STANDARD" },
    }, { parent: this, dependsOn: [controlPlaneLogs, rolePolicy], protect: args.production });

    const addon = (addonName: string, configuration?: Record<string, unknown>, dependsOn: pulumi.Resource[] = []) =>
      managedAddon(`${name}-${addonName}`, addonName, { clusterName: cluster.name, configuration }, { parent: this, dependsOn });
    const vpcCni = addon("vpc-cni", vpcCniConfiguration);
    const kubeProxy = addon("kube-proxy");
    const podIdentityAgent = addon("eks-pod-identity-agent");

    const nodeGroups = createNodeGroups({
      name: `${name}-nodes`,
      prefix: settings.name,
      clusterName: cluster.name,
      settings,
      availabilityZones: args.availabilityZones,
      privateSubnetIds: args.privateSubnetIds,
      dependsOn: [vpcCni, kubeProxy],
    }, this);
    // CoreDNS is a Deployment: its add-on only turns healthy once nodes can run it.
    const coreDns = addon("coredns", undefined, nodeGroups);

    this.name = cluster.name;
    this.arn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId);
    this.kubeconfig = kubeconfig({
      clusterName: cluster.name,
      endpoint: cluster.endpoint,
      certificateAuthority: cluster.certificateAuthority.apply((ca) => ca.data),
      region: args.region,
    });
    this.provider = new k8s.Provider(`${name}-k8s`, {
      kubeconfig: this.kubeconfig,
      // Replace the provider (and so its objects) only when the cluster itself is replaced,
      // not when the kubeconfig text changes.
      clusterIdentifier: cluster.arn,
    }, parent);

    const controllers = createControllers({
      name,
      clusterName: cluster.name,
      settings,
      region: args.region,
      vpcId: args.vpcId,
      provider: this.provider,
      dependsOn: [...nodeGroups, podIdentityAgent, coreDns],
    }, this);
    this.loadBalancerController = controllers.loadBalancerController;

    this.registerOutputs({
      name: this.name,
      endpoint: this.endpoint,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      kubeconfig: this.kubeconfig,
    });
  }
}
