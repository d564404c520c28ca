import type { Catalog, CatalogService } from "../../stacks";
import { NAME_LABEL } from "../workloads/labels";

/** The waypoint's Gateway, its ServiceAccount (Istio names it after the Gateway) and its HBONE port. */
export const WAYPOINT_NAME = "waypoint";
export const HBONE_PORT = 15008;
/** Istio's waypoint pods carry the Gateway API's name label. */
export const WAYPOINT_POD_LABELS = { "gateway.networking.k8s.io/gateway-name": WAYPOINT_NAME };

/** The SPIFFE identity ztunnel gives every pod of a ServiceAccount (trust domain cluster.local). */
export function principal(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

/** A catalog path as an Istio path template: `{id}` matches exactly one segment (`{*}`). */
export function istioPath(catalogPath: string): string {
  return catalogPath.replace(/\{[^}/]+\}/g, "{*}");
}

export interface MeshPeers {
  /** The shop's namespace (every service's ServiceAccount is named after the service). */
  namespace: string;
  /** The ALB's nodes (the public subnets): plaintext sources of the public services' port. */
  loadBalancerCidrs: string[];
  /** Prometheus's identity, when observability is on: it scrapes every service's port. */
  prometheusPrincipal?: string;
}

type Rule = { from?: { source: Record<string, string[]> }[]; to?: { operation: Record<string, string[]> }[] };
export interface AuthorizationSpec {
  selector?: { matchLabels: Record<string, string> };
  targetRefs?: { group: string; kind: string; name: string }[];
  action: "ALLOW";
  rules: Rule[];
}

const isPublic = (service: CatalogService) => service.routes.some((r) => r.visibility === "public");
/** The catalog services that call this one (operators call through port-forward, outside the mesh: docs/mesh.md). */
export const callersOf = (catalog: Catalog, service: CatalogService) => catalog.services.filter((s) => s.calls.includes(service.name));

/**
 * What ztunnel enforces on a service's pods (L4, by identity and source address): the waypoint (which has
 * already checked the route), the ALB's subnets for a public service and Prometheus, each on the service's
 * port only. Traffic to a pod's IP that skips the waypoint therefore carries no other identity that is let in.
 */
export function podPolicy(catalog: Catalog, service: CatalogService, peers: MeshPeers): AuthorizationSpec {
  const ports = [String(service.port)];
  const rules: Rule[] = [];
  if (callersOf(catalog, service).length > 0)
    rules.push({ from: [{ source: { principals: [principal(peers.namespace, WAYPOINT_NAME)] } }], to: [{ operation: { ports } }] });
  if (isPublic(service)) rules.push({ from: [{ source: { ipBlocks: peers.loadBalancerCidrs } }], to: [{ operation: { ports } }] });
  if (peers.prometheusPrincipal)
    rules.push({ from: [{ source: { principals: [peers.prometheusPrincipal] } }], to: [{ operation: { ports } }] });
  return { selector: { matchLabels: { [NAME_LABEL]: service.name } }, action: "ALLOW", rules };
}

/**
 * What the waypoint enforces for a called service (L7): each caller's ServiceAccount, only on the method and
 * path templates the catalog grants it. Undefined for a service nobody in the cluster calls.
 */
export function routePolicy(catalog: Catalog, service: CatalogService, peers: MeshPeers): AuthorizationSpec | undefined {
  const callers = callersOf(catalog, service);
  if (callers.length === 0) return undefined;
  return {
    targetRefs: [{ group: "", kind: "Service", name: service.name }],
    action: "ALLOW",
    rules: callers.map((caller) => ({
      from: [{ source: { principals: [principal(peers.namespace, caller.name)] } }],
      to: caller.grants
        .filter((g) => g.service === service.name)
        .map((g) => ({ operation: { methods: [g.method], paths: [istioPath(g.path)] } })),
    })),
  };
}
