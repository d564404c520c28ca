import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Catalog, CatalogService } from "../../stacks";
import { externalDependency } from "./dependencies";
import { NAME_LABEL, serverSelector, servingPodSelector } from "./labels";

type Rule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;
type EgressRule = k8s.types.input.networking.v1.NetworkPolicyEgressRule;

export interface NetworkPoliciesArgs {
  catalog: Catalog;
  namespace: pulumi.Input<string>;
  /** Where the load balancer's nodes live (the public subnets): the only source for public services. */
  loadBalancerCidrs: pulumi.Input<string>[];
  /** Where the database lives (the private subnets). */
  databaseCidrs: pulumi.Input<string>[];
  /** Prometheus pods allowed to scrape /metrics; none when observability is off. */
  prometheus?: { namespace: string; podLabels: Record<string, string> };
}

/** "internet" egress never includes the VPC, other private networks or instance metadata. */
const NOT_INTERNET = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"];

/**
 * Default deny in both directions for every pod of the namespace, then one policy per allowed
 * path, each derived from the catalog: public routes -> the load balancer may connect; `calls`
 * -> the caller may reach the callee; `external` -> the dependency's egress; DNS for all.
 */
export class NetworkPolicies extends pulumi.ComponentResource {
  constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:workloads:NetworkPolicies", name, {}, opts);
    const policy = (policyName: string, spec: k8s.types.input.networking.v1.NetworkPolicySpec) =>
      new k8s.networking.v1.NetworkPolicy(policyName, {
        metadata: { name: policyName, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "eshop" } },
        spec,
      }, { parent: this });

    policy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
        ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
      }],
    });

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
  const callers = args.catalog.services.filter((s) => s.calls.includes(service.name));
  if (callers.length > 0) {
    rules.push({ from: callers.map((caller) => ({ podSelector: servingPodSelector(caller.name) })), ports: port });
  }
  if (args.prometheus) {
    rules.push({
      from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.prometheus.namespace } }, podSelector: { matchLabels: args.prometheus.podLabels } }],
      ports: port,
    });
  }
  return rules;
}

/** Egress of a service's pods, its migration Job's pods included (they share the name label). */
function egressRules(service: CatalogService, args: NetworkPoliciesArgs): EgressRule[] {
  const rules: EgressRule[] = service.calls.map((callee) => ({
    to: [{ podSelector: { matchLabels: serverSelector(callee) } }],
    ports: [{ protocol: "TCP", port: args.catalog.services.find((s) => s.name === callee)!.port }],
  }));
  for (const kind of service.external) {
    const { to, port } = externalDependency(service, kind).egress;
    const peers = to === "database-subnets"
      ? args.databaseCidrs.map((cidr) => ({ ipBlock: { cidr } }))
      : [{ ipBlock: { cidr: "0.0.0.0/0", except: NOT_INTERNET } }];
    rules.push({ to: peers, ports: [{ protocol: "TCP", port }] });
  }
  return rules;
}
