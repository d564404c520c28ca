import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterSettings } from "../../stacks";
import { assumeRolePolicy } from "../iam";

export interface NodeGroupsArgs {
  name: string;
  prefix: string;
  clusterName: pulumi.Input<string>;
  settings: ClusterSettings;
  availabilityZones: string[];
  privateSubnetIds: pulumi.Input<string>[];
  /** Add-ons the nodes need to become Ready (VPC CNI, kube-proxy). */
  dependsOn: pulumi.Resource[];
}

/** Graviton families carry a "g" after the generation digit (m7g, c6gn, t4g). */
export function amiTypeFor(instanceTypes: string[]): string {
  return instanceTypes.every((t) => /^[a-z]+\d+[a-z]*g[a-z]*\./.test(t)) ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/**
 * One managed node group per AZ, all in private subnets. Per-AZ groups let the Cluster Autoscaler
 * add a node in the zone a pending pod's topology spread asks for (with balance-similar-node-groups
 * keeping the zones level); a single multi-AZ group cannot be steered that way.
 */
export function createNodeGroups(args: NodeGroupsArgs, parent: pulumi.Resource): aws.eks.NodeGroup[] {
  const { name, prefix, settings } = args;
  const opts = { parent };
  const role = new aws.iam.Role(`${name}-node`, { assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com") }, opts);
  // The CNI policy stays on the node role: aws-node runs on the host network, and the hop limit
  // of 1 below keeps every other pod away from these node credentials.
  const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"].map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(`${name}-node-${policy}`, { role: role.name, policyArn: `arn:aws:iam::aws:policy/${policy}` }, opts),
  );

  const launchTemplate = new aws.ec2.LaunchTemplate(
    `${name}-nodes`,
    {
      description: `EShop ${prefix} EKS nodes: IMDSv2 only, hop limit 1, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        // 1 hop: the node itself can reach the instance metadata service, containers cannot, so pods
        // get AWS credentials only through Pod Identity.
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: settings.nodeDiskGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      tagSpecifications: [{ resourceType: "instance", tags: { Name: `${prefix}-node` } }],
    },
    opts,
  );

  return args.availabilityZones.map(
    (az, i) =>
      new aws.eks.NodeGroup(
        `${name}-${az}`,
        {
          clusterName: args.clusterName,
          nodeGroupNamePrefix: `${prefix}-${az}-`,
          nodeRoleArn: role.arn,
          subnetIds: [args.privateSubnetIds[i]],
          amiType: amiTypeFor(settings.nodeInstanceTypes),
          instanceTypes: settings.nodeInstanceTypes,
          capacityType: "ON_DEMAND",
          scalingConfig: { minSize: settings.nodesPerAz.min, desiredSize: settings.nodesPerAz.desired, maxSize: settings.nodesPerAz.max },
          updateConfig: { maxUnavailable: 1 },
          launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
          labels: { "eshop.io/node-pool": "general" },
        },
        {
          parent,
          dependsOn: [...attachments, ...args.dependsOn],
          // The Cluster Autoscaler owns the desired size once the group exists.
          ignoreChanges: ["scalingConfig.desiredSize"],
        },
      ),
  );
}
