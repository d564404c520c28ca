import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Catalog } from "../../stacks";
import { NAME_LABEL, PART_OF } from "../workloads/labels";
import { HBONE_PORT, MeshPeers, WAYPOINT_NAME, callersOf, podPolicy, routePolicy } from "./authorization";

/** Labels that put a namespace into the ambient mesh, and its services' traffic through the waypoint. */
export const AMBIENT_LABELS = { "istio.io/dataplane-mode": "ambient" };
export const WAYPOINT_LABELS = { "istio.io/use-waypoint": WAYPOINT_NAME };

export interface MeshPoliciesArgs {
  catalog: Catalog;
  namespace: pulumi.Input<string>;
  loadBalancerCidrs: pulumi.Input<string>[];
  prometheusPrincipal?: string;
}

/**
 * The shop's namespace in the mesh: mTLS STRICT, one waypoint, and AuthorizationPolicies generated from
 * services/catalog.json (docs/mesh.md). The ALB's IP targets cannot speak Istio mTLS, so each public service's
 * port alone accepts plaintext, and then only from the ALB's subnets.
 */
export class MeshPolicies extends pulumi.ComponentResource {
  constructor(name: string, args: MeshPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:mesh:MeshPolicies", name, {}, opts);
    const object = (objectName: string, apiVersion: string, kind: string, spec: pulumi.Input<object>) =>
      new k8s.apiextensions.CustomResource(
        `${name}-${objectName}`,
        {
          apiVersion,
          kind,
          metadata: { name: objectName, namespace: args.namespace, labels: PART_OF },
          spec,
        },
        { parent: this },
      );

    object("strict", "security.istio.io/v1", "PeerAuthentication", { mtls: { mode: "STRICT" } });
    // An ALLOW policy that matches nothing: a pod without its own policy below receives no traffic at all.
    object("allow-nothing", "security.istio.io/v1", "AuthorizationPolicy", {});
    object(WAYPOINT_NAME, "gateway.networking.k8s.io/v1", "Gateway", {
      gatewayClassName: "istio-waypoint",
      listeners: [{ name: "mesh", port: HBONE_PORT, protocol: "HBONE" }],
    });

    const peers = pulumi.all([args.namespace, pulumi.all(args.loadBalancerCidrs)]).apply(([namespace, loadBalancerCidrs]): MeshPeers => ({
      namespace,
      loadBalancerCidrs,
      prometheusPrincipal: args.prometheusPrincipal,
    }));
    for (const service of args.catalog.services) {
      if (service.routes.some((r) => r.visibility === "public")) {
        object(`${service.name}-load-balancer`, "security.istio.io/v1", "PeerAuthentication", {
          selector: { matchLabels: { [NAME_LABEL]: service.name } },
          mtls: { mode: "STRICT" },
          portLevelMtls: { [String(service.port)]: { mode: "PERMISSIVE" } },
        });
      }
      object(
        `${service.name}-pods`,
        "security.istio.io/v1",
        "AuthorizationPolicy",
        peers.apply((p) => podPolicy(args.catalog, service, p)),
      );
      if (callersOf(args.catalog, service).length > 0) {
        object(
          `${service.name}-routes`,
          "security.istio.io/v1",
          "AuthorizationPolicy",
          peers.apply((p) => routePolicy(args.catalog, service, p)!),
        );
      }
    }
    this.registerOutputs({});
  }
}
