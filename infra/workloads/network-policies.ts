import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Catalog, CatalogService } from "../../stacks";
import { HBONE_PORT, WAYPOINT_POD_LABELS, callersOf } from "../mesh/authorization";
import { ISTIOD_POD_LABELS, ISTIOD_XDS_PORT, ISTIO_NAMESPACE } from "../mesh";
import { externalDependency } from "./dependencies";
import { NAME_LABEL, PART_OF, namespacedPods, servingPodSelector } from "./labels";

type Rule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;
type EgressRule = k8s.types.input.networking.v1.NetworkPolicyEgressRule;

export interface NetworkPoliciesArgs {
  catalog: Catalog;
  namespace: pulumi.Input<string>;
  /** Where the load balancer's nodes live (the public subnets): the only source for public services. */
  loadBalancerCidrs: pulumi.Input<string>[];
  /** Where the database lives (the private subnets). */
  databaseCidrs: pulumi.Input<string>[];
  /** Prometheus pods allowed to scrape /metrics (through the mesh's HBONE tunnel); none when observability is off. */
  prometheus?: { namespace: string; podLabels: Record<string, string> };
}

/** "internet" egress never includes the VPC, other private networks or instance metadata. */
const NOT_INTERNET = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"];
/** In ambient mode istio-cni rewrites the kubelet's probes to come from this link-local address. */
export const KUBELET_PROBE_SOURCE = "169.254.7.127/32";
const HBONE = [{ protocol: "TCP", port: HBONE_PORT }];

/**
 * Default deny in both directions for every pod of the namespace, then one policy per allowed
 * path, each derived from the catalog: public routes -> the load balancer may connect; `calls`
 * -> the caller may reach the waypoint and the waypoint the callee, both over HBONE (the mesh's mTLS
 * tunnel, docs/mesh.md); `external` -> the dependency's egress; DNS for all.
 */
export class NetworkPolicies extends pulumi.ComponentResource {
  constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:workloads:NetworkPolicies", name, {}, opts);
    const policy = (policyName: string, spec: k8s.types.input.networking.v1.NetworkPolicySpec) =>
      new k8s.networking.v1.NetworkPolicy(
        policyName,
        {
          metadata: { name: policyName, namespace: args.namespace, labels: PART_OF },
          spec,
        },
        { parent: this },
      );

    policy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [namespacedPods("kube-system", { "k8s-app": "kube-dns" })],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });

    const callers = args.catalog.services.filter((s) => s.calls.length > 0);
    const callees = args.catalog.services.filter((s) => callersOf(args.catalog, s).length > 0);
    if (callees.length > 0) {
      policy("waypoint-ingress", {
        podSelector: { matchLabels: WAYPOINT_POD_LABELS },
        policyTypes: ["Ingress"],
        ingress: [{ from: callers.map((caller) => ({ podSelector: servingPodSelector(caller.name) })), ports: HBONE }],
      });
      policy("waypoint-egress", {
        podSelector: { matchLabels: WAYPOINT_POD_LABELS },
        policyTypes: ["Egress"],
        egress: [
          { to: callees.map((callee) => ({ podSelector: servingPodSelector(callee.name) })), ports: HBONE },
          { to: [namespacedPods(ISTIO_NAMESPACE, ISTIOD_POD_LABELS)], ports: [{ protocol: "TCP", port: ISTIOD_XDS_PORT }] },
        ],
      });
    }

    for (const service of args.catalog.services) {
      const ingress = ingressRules(service, args);
      if (ingress.length > 0) {
        policy(`${service.name}-ingress`, { podSelector: servingPodSelector(service.name), policyTypes: ["Ingress"], ingress });
      }
      const egress = egressRules(service, args);
      if (egress.length > 0) {
        policy(`${service.name}-egress`, { podSelector: { matchLabels: { [NAME_LABEL]: service.name } }, policyTypes: ["Egress"], egress });
      }
    }
    this.registerOutputs({});
  }
}

function ingressRules(service: CatalogService, args: NetworkPoliciesArgs): Rule[] {
  const port = [{ protocol: "TCP", port: service.port }];
  const rules: Rule[] = [];
  if (service.routes.some((r) => r.visibility === "public")) {
    rules.push({ from: args.loadBalancerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: port });
  }
  if (callersOf(args.catalog, service).length > 0) {
    rules.push({ from: [{ podSelector: { matchLabels: WAYPOINT_POD_LABELS } }], ports: HBONE });
  }
  if (args.prometheus) {
    rules.push({ from: [namespacedPods(args.prometheus.namespace, args.prometheus.podLabels)], ports: HBONE });
  }
  rules.push({ from: [{ ipBlock: { cidr: KUBELET_PROBE_SOURCE } }], ports: port });
  return rules;
}

/** Egress of a service's pods, its migration Job's pods included (they share the name label). */
function egressRules(service: CatalogService, args: NetworkPoliciesArgs): EgressRule[] {
  // A call to a catalog Service goes to the waypoint, which checks the route and opens the tunnel to the callee.
  const rules: EgressRule[] =
    service.calls.length > 0 ? [{ to: [{ podSelector: { matchLabels: WAYPOINT_POD_LABELS } }], ports: HBONE }] : [];
  for (const kind of service.external) {
    const { to, port } = externalDependency(service, kind).egress;
    const peers =
      to === "database-subnets"
        ? args.databaseCidrs.map((cidr) => ({ ipBlock: { cidr } }))
        : [{ ipBlock: { cidr: "0.0.0.0/0", except: NOT_INTERNET } }];
    rules.push({ to: peers, ports: [{ protocol: "TCP", port }] });
  }
  return rules;
}
