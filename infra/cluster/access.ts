import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AccessSettings } from "../../stacks";

const CLUSTER_ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
const VIEW = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
/** The Kubernetes group of the preview role, bound to PREVIEWER_ROLE below. */
export const PREVIEWERS_GROUP = "eshop:previewers";
export const PREVIEWER_ROLE = "eshop-previewer";

/**
 * EKS access entries (authentication mode API) for the roles that run Pulumi and for people:
 * - the deploy role and every configured admin: AmazonEKSClusterAdminPolicy (Pulumi creates
 *   cluster-scoped objects, CRDs through Helm, and deletes what it no longer declares);
 * - the preview role: AmazonEKSViewPolicy plus PREVIEWER_ROLE. A server-side-apply preview sends
 *   every object as a dry-run PATCH, and a dry-run is authorised like the real verb, so the role
 *   needs get/list/watch and patch on every kind the program manages, cluster-scoped ones
 *   (Namespace, StorageClass) included; no EKS access policy grants patch without also granting
 *   create, update and delete, so it gets exactly that and nothing else (no delete, no exec, no
 *   escalate or bind).
 * The cluster creator gets no implicit admin: every principal is listed here, so access is reviewed
 * in the diff like anything else.
 */
export function accessEntries(
  name: string,
  args: { clusterName: pulumi.Input<string>; access: AccessSettings },
  parent: pulumi.Resource,
): pulumi.Resource[] {
  const opts = { parent };
  const grants: pulumi.Resource[] = [];
  const entry = (id: string, principalArn: string, policyArn: string, kubernetesGroups?: string[]) => {
    const accessEntry = new aws.eks.AccessEntry(
      `${name}-${id}`,
      { clusterName: args.clusterName, principalArn, type: "STANDARD", kubernetesGroups },
      opts,
    );
    grants.push(
      accessEntry,
      new aws.eks.AccessPolicyAssociation(
        `${name}-${id}`,
        {
          clusterName: args.clusterName,
          principalArn,
          policyArn,
          accessScope: { type: "cluster" },
        },
        { parent, dependsOn: [accessEntry] },
      ),
    );
  };
  entry("deploy", args.access.deployRoleArn, CLUSTER_ADMIN);
  entry("preview", args.access.previewRoleArn, VIEW, [PREVIEWERS_GROUP]);
  args.access.clusterAdminArns.forEach((arn, i) => entry(`admin-${i}`, arn, CLUSTER_ADMIN));
  return grants;
}

/** What the preview role's group may do beyond viewing: dry-run patches of every kind. */
export function previewerRbac(
  name: string,
  provider: k8s.Provider,
  dependsOn: pulumi.Resource[],
  parent: pulumi.Resource,
): pulumi.Resource[] {
  const opts = { parent, provider, dependsOn };
  const role = new k8s.rbac.v1.ClusterRole(
    `${name}-previewer`,
    {
      metadata: { name: PREVIEWER_ROLE },
      rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch", "patch"] }],
    },
    opts,
  );
  const binding = new k8s.rbac.v1.ClusterRoleBinding(
    `${name}-previewer`,
    {
      metadata: { name: PREVIEWER_ROLE },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: PREVIEWERS_GROUP }],
    },
    opts,
  );
  return [role, binding];
}
