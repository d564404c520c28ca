import * as pulumi from "@pulumi/pulumi";

export interface PodIdentityTrust {
  /** The cluster's ARN: its account and the cluster itself become the only ones that may use the role. */
  clusterArn: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  namespace: string;
  serviceAccount: string;
}

/**
 * Trust policy for EKS Pod Identity that names who may assume the role: the EKS auth service acting for
 * this account (aws:SourceAccount) and this cluster (aws:SourceArn), for one service account in one namespace
 * (the session tags Pod Identity sets). Without them any association in the account could use the role.
 */
export function podIdentityTrustPolicy(trust: PodIdentityTrust): pulumi.Output<string> {
  return pulumi.all([trust.clusterArn, trust.clusterName]).apply(([clusterArn, clusterName]) => {
    const account = clusterArn.split(":")[4];
    return JSON.stringify({
      Version: "2012-10-17",
      Statement: [{
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
          StringEquals: {
            "aws:SourceAccount": account,
            "aws:RequestTag/eks-cluster-name": clusterName,
            "aws:RequestTag/kubernetes-namespace": trust.namespace,
            "aws:RequestTag/kubernetes-service-account": trust.serviceAccount,
          },
          ArnEquals: { "aws:SourceArn": clusterArn },
        },
      }],
    });
  });
}
