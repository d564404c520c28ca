import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Trust policy for an AWS service principal. */
export function assumeRolePolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

/**
 * Trust policy for EKS Pod Identity: pods get credentials from the agent, never from node metadata,
 * and only for this cluster (the confused-deputy conditions AWS recommends).
 */
export function podIdentityTrustPolicy(clusterArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Condition: {
        StringEquals: { "aws:SourceAccount": clusterArn.split(":")[4] },
        ArnEquals: { "aws:SourceArn": clusterArn },
      },
    }],
  });
}

export interface PodIdentityRoleArgs {
  clusterArn: pulumi.Input<string>;
  /** One inline policy, or AWS managed policies by ARN. */
  policy?: pulumi.Input<string>;
  managedPolicyArns?: string[];
}

/** A role that only pods of the given cluster can assume through Pod Identity. */
export function podIdentityRole(name: string, args: PodIdentityRoleArgs, opts: pulumi.CustomResourceOptions): { role: aws.iam.Role; grants: pulumi.Resource[] } {
  const role = new aws.iam.Role(name, { assumeRolePolicy: pulumi.output(args.clusterArn).apply(podIdentityTrustPolicy) }, opts);
  const grants: pulumi.Resource[] = [];
  if (args.policy) grants.push(new aws.iam.RolePolicy(name, { role: role.id, policy: args.policy }, opts));
  for (const arn of args.managedPolicyArns ?? []) {
    grants.push(new aws.iam.RolePolicyAttachment(`${name}-${arn.split("/").pop()}`, { role: role.name, policyArn: arn }, opts));
  }
  return { role, grants };
}

export interface PodIdentityArgs extends PodIdentityRoleArgs {
  clusterName: pulumi.Input<string>;
  namespace: string;
  serviceAccount: string;
}

/** A Pod Identity role bound to a Kubernetes service account. */
export function podIdentityAssociation(name: string, args: PodIdentityArgs, opts: pulumi.CustomResourceOptions): aws.eks.PodIdentityAssociation {
  const { role, grants } = podIdentityRole(name, args, opts);
  return new aws.eks.PodIdentityAssociation(name, {
    clusterName: args.clusterName,
    namespace: args.namespace,
    serviceAccount: args.serviceAccount,
    roleArn: role.arn,
  }, { ...opts, dependsOn: grants });
}
