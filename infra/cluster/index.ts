import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AccessSettings, ClusterSettings } from "../../stacks";
import { accessEntries, previewerRbac } from "./access";
import { assumeRolePolicy } from "../iam";
import { managedAddon, vpcCniConfiguration } from "./addons";
import { createControllers } from "./controllers";
import { kubeconfig } from "./kubeconfig";
import { createNodeGroups } from "./node-groups";
import { blockStorage } from "./storage";

export interface ClusterArgs {
  settings: ClusterSettings;
  access: AccessSettings;
  /** Prefix of this stack's target group names, for the Load Balancer Controller's policy. */
  targetGroupNamePrefix: string;
  production: boolean;
  region: string;
  vpcId: pulumi.Input<string>;
  availabilityZones: string[];
  privateSubnetIds: pulumi.Input<string>[];
}

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
  /** The Load Balancer Controller release: every TargetGroupBinding depends on it, so destroy removes the bindings while it runs. */
  readonly loadBalancerController: k8s.helm.v3.Release;
  /**
   * What any Kubernetes object needs before it can be created and run: the access entries that let
   * Pulumi's role in, nodes in every zone, CoreDNS, the metrics API (HPAs), and EBS volumes with the
   * default StorageClass (PersistentVolumeClaims). Every Kubernetes object of the stack depends on it.
   */
  readonly readyForWorkloads: pulumi.Resource[];

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:cluster:Cluster", name, {}, opts);
    const { settings } = args;
    const parent = { parent: this };

    const secretsKey = new aws.kms.Key(
      `${name}-secrets`,
      {
        description: `Envelope encryption of Kubernetes secrets in ${settings.name}`,
        enableKeyRotation: true,
        deletionWindowInDays: args.production ? 30 : 7,
      },
      parent,
    );
    new aws.kms.Alias(`${name}-secrets`, { name: `alias/${settings.name}-secrets`, targetKeyId: secretsKey.keyId }, parent);

    // Created before the cluster so EKS writes into a group whose retention we own.
    const controlPlaneLogs = new aws.cloudwatch.LogGroup(
      `${name}-control-plane`,
      {
        name: `/aws/eks/${settings.name}/cluster`,
        retentionInDays: settings.logRetentionDays,
      },
      parent,
    );

    const role = new aws.iam.Role(`${name}-control-plane`, { assumeRolePolicy: assumeRolePolicy("eks.amazonaws.com") }, parent);
    const rolePolicy = new aws.iam.RolePolicyAttachment(
      `${name}-control-plane`,
      {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
      },
      parent,
    );

    const cluster = new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: settings.name,
        version: settings.kubernetesVersion,
        roleArn: role.arn,
        vpcConfig: {
          subnetIds: args.privateSubnetIds,
          endpointPrivateAccess: true,
          // Pulumi (CI runners, operators) reaches the API from these CIDRs only; nodes use the private endpoint.
          endpointPublicAccess: true,
          publicAccessCidrs: args.access.apiAccessCidrs,
        },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
        enabledClusterLogTypes: settings.logTypes,
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        // The add-ons below are EKS managed add-ons instead of the unmanaged ones EKS would install.
        bootstrapSelfManagedAddons: false,
        deletionProtection: args.production,
        upgradePolicy: { supportType: "STANDARD" },
      },
      { parent: this, dependsOn: [controlPlaneLogs, rolePolicy], protect: args.production },
    );

    const addon = (addonName: string, configuration?: Record<string, unknown>, dependsOn: pulumi.Resource[] = []) =>
      managedAddon(`${name}-${addonName}`, addonName, { clusterName: cluster.name, configuration }, { parent: this, dependsOn });
    const vpcCni = addon("vpc-cni", vpcCniConfiguration);
    const kubeProxy = addon("kube-proxy");
    const podIdentityAgent = addon("eks-pod-identity-agent");

    const nodeGroups = createNodeGroups(
      {
        name: `${name}-nodes`,
        prefix: settings.name,
        clusterName: cluster.name,
        settings,
        availabilityZones: args.availabilityZones,
        privateSubnetIds: args.privateSubnetIds,
        dependsOn: [vpcCni, kubeProxy],
      },
      this,
    );
    // CoreDNS and metrics-server are Deployments: their add-ons only turn healthy once nodes can run them.
    const coreDns = addon("coredns", undefined, nodeGroups);
    const metricsServer = addon("metrics-server", undefined, nodeGroups);
    const access = accessEntries(`${name}-access`, { clusterName: cluster.name, access: args.access }, this);

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
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      {
        kubeconfig: this.kubeconfig,
        // Replace the provider (and so its objects) only when the cluster itself is replaced,
        // not when the kubeconfig text changes.
        clusterIdentifier: cluster.arn,
      },
      parent,
    );

    const storage = blockStorage(
      name,
      {
        clusterName: cluster.name,
        clusterArn: cluster.arn,
        provider: this.provider,
        production: args.production,
        dependsOn: [...nodeGroups, coreDns, podIdentityAgent, ...access],
      },
      this,
    );
    const previewer = previewerRbac(name, this.provider, [...access, ...nodeGroups, coreDns], this);
    this.readyForWorkloads = [...access, ...nodeGroups, coreDns, metricsServer, storage.addon, storage.storageClass, ...previewer];

    const controllers = createControllers(
      {
        name,
        clusterName: cluster.name,
        clusterArn: cluster.arn,
        targetGroupNamePrefix: args.targetGroupNamePrefix,
        settings,
        region: args.region,
        vpcId: args.vpcId,
        provider: this.provider,
        dependsOn: [...this.readyForWorkloads, podIdentityAgent],
      },
      this,
    );
    this.loadBalancerController = controllers.loadBalancerController;

    this.registerOutputs({
      name: this.name,
      endpoint: this.endpoint,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      kubeconfig: this.kubeconfig,
    });
  }
}
