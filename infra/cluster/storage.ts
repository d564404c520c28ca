import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podIdentityRole } from "../iam";
import { managedAddon } from "./addons";

/** The default StorageClass every PersistentVolumeClaim of this platform uses. */
export const STORAGE_CLASS = "gp3";
export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";
/** The add-on's controller runs as this service account in kube-system. */
const EBS_CSI_CONTROLLER_SERVICE_ACCOUNT = "ebs-csi-controller-sa";

export interface BlockStorageArgs {
  clusterName: pulumi.Input<string>;
  clusterArn: pulumi.Input<string>;
  provider: k8s.Provider;
  production: boolean;
  /** Nodes (the controller is a Deployment) and the Pod Identity agent (its credentials). */
  dependsOn: pulumi.Resource[];
}

/**
 * EBS volumes for PersistentVolumeClaims: the aws-ebs-csi-driver add-on with its AWS access through
 * Pod Identity, and an encrypted gp3 StorageClass marked as the cluster default. EKS ships no
 * CSI driver and no default class, so without these a claim stays Pending forever.
 */
export function blockStorage(
  name: string,
  args: BlockStorageArgs,
  parent: pulumi.Resource,
): { addon: aws.eks.Addon; storageClass: k8s.storage.v1.StorageClass } {
  const { role, grants } = podIdentityRole(
    `${name}-ebs-csi`,
    {
      clusterArn: args.clusterArn,
      clusterName: args.clusterName,
      namespace: "kube-system",
      serviceAccount: EBS_CSI_CONTROLLER_SERVICE_ACCOUNT,
      managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
    },
    { parent },
  );
  const addon = managedAddon(
    `${name}-aws-ebs-csi-driver`,
    "aws-ebs-csi-driver",
    {
      clusterName: args.clusterName,
      podIdentityAssociations: [{ roleArn: role.arn, serviceAccount: EBS_CSI_CONTROLLER_SERVICE_ACCOUNT }],
    },
    { parent, dependsOn: [...grants, ...args.dependsOn] },
  );
  const storageClass = new k8s.storage.v1.StorageClass(
    `${name}-${STORAGE_CLASS}`,
    {
      metadata: { name: STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: EBS_CSI_PROVISIONER,
      parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
      // Bound where the pod lands, so a zonal volume is never created in a zone without the pod.
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      // Production keeps a released volume (Prometheus history) until someone deletes it on purpose.
      reclaimPolicy: args.production ? "Retain" : "Delete",
    },
    { parent, provider: args.provider, dependsOn: [addon] },
  );
  return { addon, storageClass };
}
