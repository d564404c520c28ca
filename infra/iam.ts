import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Trust policy for an AWS service principal. */
export function assumeRolePolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

/** Trust policy for EKS Pod Identity: pods get credentials from the agent, never from node metadata. */
export const podIdentityTrustPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
});

export interface PodIdentityArgs {
  clusterName: pulumi.Input<string>;
  namespace: string;
  serviceAccount: string;
  policy: pulumi.Input<string>;
}

/** A role with one inline policy, bound to a Kubernetes service account through Pod Identity. */
export function podIdentityRole(name: string, args: PodIdentityArgs, opts: pulumi.CustomResourceOptions): aws.eks.PodIdentityAssociation {
  const role = new aws.iam.Role(name, { assumeRolePolicy: podIdentityTrustPolicy }, opts);
  const policy = new aws.iam.RolePolicy(name, { role: role.id, policy: args.policy }, opts);
  return new aws.eks.PodIdentityAssociation(name, {
    clusterName: args.clusterName,
    namespace: args.namespace,
    serviceAccount: args.serviceAccount,
    roleArn: role.arn,
  }, { ...opts, dependsOn: [policy] });
}
