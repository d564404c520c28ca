import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Trust policy for an AWS service principal. */
export function assumeRolePolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

/** Who may use a Pod Identity role: one service account in one namespace of one cluster. */
export interface PodIdentitySubject {
  /** The cluster's ARN: its account and the cluster itself become the only ones that may use the role. */
  clusterArn: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  namespace: string;
  serviceAccount: string;
}

/**
 * Trust policy for EKS Pod Identity: the EKS auth service acting for this account (aws:SourceAccount) and
 * this cluster (aws:SourceArn), for one service account in one namespace (the session tags Pod Identity
 * sets). Without the tags any association in the account could use the role; pods never get credentials
 * from node metadata.
 */
export function podIdentityTrustPolicy(subject: PodIdentitySubject): pulumi.Output<string> {
  return pulumi.all([subject.clusterArn, subject.clusterName]).apply(([clusterArn, clusterName]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: {
              "aws:SourceAccount": clusterArn.split(":")[4],
              "aws:RequestTag/eks-cluster-name": clusterName,
              "aws:RequestTag/kubernetes-namespace": subject.namespace,
              "aws:RequestTag/kubernetes-service-account": subject.serviceAccount,
            },
            ArnEquals: { "aws:SourceArn": clusterArn },
          },
        },
      ],
    }),
  );
}

export interface PodIdentityRoleArgs extends PodIdentitySubject {
  /** One inline policy, or AWS managed policies by ARN. */
  policy?: pulumi.Input<string>;
  managedPolicyArns?: string[];
}

/** A role that only the given service account of the given cluster can assume through Pod Identity. */
export function podIdentityRole(
  name: string,
  args: PodIdentityRoleArgs,
  opts: pulumi.CustomResourceOptions,
): { role: aws.iam.Role; grants: pulumi.Resource[] } {
  const role = new aws.iam.Role(name, { assumeRolePolicy: podIdentityTrustPolicy(args) }, opts);
  const grants: pulumi.Resource[] = [];
  if (args.policy) grants.push(new aws.iam.RolePolicy(name, { role: role.id, policy: args.policy }, opts));
  for (const arn of args.managedPolicyArns ?? []) {
    grants.push(new aws.iam.RolePolicyAttachment(`${name}-${arn.split("/").pop()}`, { role: role.name, policyArn: arn }, opts));
  }
  return { role, grants };
}

/** A Pod Identity role bound to a Kubernetes service account. */
export function podIdentityAssociation(
  name: string,
  args: PodIdentityRoleArgs,
  opts: pulumi.CustomResourceOptions,
): aws.eks.PodIdentityAssociation {
  const { role, grants } = podIdentityRole(name, args, opts);
  return new aws.eks.PodIdentityAssociation(
    name,
    {
      clusterName: args.clusterName,
      namespace: args.namespace,
      serviceAccount: args.serviceAccount,
      roleArn: role.arn,
    },
    { ...opts, dependsOn: grants },
  );
}
