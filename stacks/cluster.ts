import { InvalidSetting } from "./errors";
import { EC2_INSTANCE_TYPE, KUBERNETES_VERSION, LOG_RETENTION_DAYS, SEMVER } from "./formats";
import { Section } from "./section";

/** Every EKS control-plane log type. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export interface ClusterSettings {
  name: string;
  kubernetesVersion: string;
  /** Control-plane log types sent to CloudWatch (audit is the expensive one). */
  logTypes: string[];
  nodeInstanceTypes: string[];
  /** Managed node group bounds per AZ (one node group per AZ, see infra/cluster/node-groups.ts). */
  nodesPerAz: { min: number; desired: number; max: number };
  nodeDiskGiB: number;
  logRetentionDays: number;
  loadBalancerControllerChartVersion: string;
  clusterAutoscalerChartVersion: string;
}

export function readCluster(section: Section, clusterName: string): ClusterSettings {
  const nodes = section.section("nodesPerAz");
  const nodesPerAz = {
    min: nodes.integer("min", { min: 0, max: 50 }),
    desired: nodes.integer("desired", { min: 0, max: 50 }),
    max: nodes.integer("max", { min: 1, max: 50 }),
  };
  nodes.done();
  if (nodesPerAz.min > nodesPerAz.desired)
    throw new InvalidSetting(nodes.keyOf("min"), `must be <= desired (${nodesPerAz.min} > ${nodesPerAz.desired})`);
  if (nodesPerAz.desired > nodesPerAz.max)
    throw new InvalidSetting(nodes.keyOf("desired"), `must be <= max (${nodesPerAz.desired} > ${nodesPerAz.max})`);

  const settings: ClusterSettings = {
    name: clusterName,
    kubernetesVersion: section.string("kubernetesVersion", { pattern: KUBERNETES_VERSION, rule: "must be an EKS version such as 1.34" }),
    logTypes: section.stringList("logTypes", {
      minItems: 1,
      maxItems: CONTROL_PLANE_LOG_TYPES.length,
      item: (type, key) => {
        if (!CONTROL_PLANE_LOG_TYPES.includes(type))
          throw new InvalidSetting(key, `must be one of ${CONTROL_PLANE_LOG_TYPES.join(", ")} (got '${type}')`);
      },
    }),
    nodeInstanceTypes: section.stringList("nodeInstanceTypes", {
      minItems: 1,
      maxItems: 10,
      item: (type, key) => {
        if (!EC2_INSTANCE_TYPE.test(type)) throw new InvalidSetting(key, `must be an EC2 instance type such as m6i.large (got '${type}')`);
      },
    }),
    nodesPerAz,
    nodeDiskGiB: section.integer("nodeDiskGiB", { min: 20, max: 1000, default: 50 }),
    logRetentionDays: section.integer("logRetentionDays", { min: 1, max: 3653, default: 30, allowed: LOG_RETENTION_DAYS }),
    loadBalancerControllerChartVersion: section.string("loadBalancerControllerChartVersion", {
      pattern: SEMVER,
      rule: "must be a chart version such as 1.14.0",
    }),
    clusterAutoscalerChartVersion: section.string("clusterAutoscalerChartVersion", {
      pattern: SEMVER,
      rule: "must be a chart version such as 9.50.1",
    }),
  };
  section.done();
  return settings;
}
