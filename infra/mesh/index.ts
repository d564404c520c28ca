import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartRelease } from "../cluster/helm";
import { PRIVILEGED_NAMESPACE_LABELS } from "../workloads/labels";

/** Istio's charts (base, istiod, cni, ztunnel) are released together: one version for all four (1.32.0, 2026-12). */
export const ISTIO_VERSION = "1.32.0";
/** The Gateway API CRDs the waypoint's Gateway object needs; Istio's charts do not ship them. */
export const GATEWAY_API_VERSION = "v1.4.1";
export const GATEWAY_API_CRDS = `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml`;
export const ISTIO_CHARTS = "https://istio-release.storage.googleapis.com/charts";
export const ISTIO_NAMESPACE = "istio-system";
/** Labels of istiod's pods, which waypoints reach for their configuration and certificates (XDS and CA on 15012). */
export const ISTIOD_POD_LABELS = { app: "istiod" };
export const ISTIOD_XDS_PORT = 15012;

/** EKS nodes (Amazon Linux, VPC CNI) keep the CNI binaries and configuration in the standard places. */
const EKS_CNI = { cniBinDir: "/opt/cni/bin", cniConfDir: "/etc/cni/net.d" };

export interface MeshArgs {
  /** Nodes, DNS and access: the releases' pods need them. */
  readyForWorkloads: pulumi.Resource[];
}

/**
 * Istio in ambient mode: the CRDs and cluster roles (base), the control plane (istiod), the node agent that
 * redirects pods' traffic (cni) and the per-node L4 proxy that gives every pod its mTLS identity (ztunnel),
 * plus the Gateway API CRDs for waypoints. Namespaces join with `istio.io/dataplane-mode: ambient`; their
 * policies (infra/mesh/policies.ts) are created after `ready`.
 */
export class Mesh extends pulumi.ComponentResource {
  /** Every release and the CRDs: workloads and mesh objects wait for these. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: MeshArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:mesh:Mesh", name, {}, opts);
    const namespace = new k8s.core.v1.Namespace(
      name,
      {
        // istio-cni and ztunnel run privileged on every node (they change the pods' network namespaces).
        metadata: { name: ISTIO_NAMESPACE, labels: PRIVILEGED_NAMESPACE_LABELS },
      },
      { parent: this, dependsOn: args.readyForWorkloads },
    );

    const gatewayApi = new k8s.yaml.v2.ConfigFile(
      `${name}-gateway-api-crds`,
      { file: GATEWAY_API_CRDS },
      { parent: this, dependsOn: args.readyForWorkloads },
    );
    const release = (chart: string, values: Record<string, unknown>, dependsOn: pulumi.Resource[]) =>
      chartRelease(
        `${name}-${chart}`,
        {
          name: chart === "base" ? "istio-base" : chart === "cni" ? "istio-cni" : chart,
          chart,
          version: ISTIO_VERSION,
          repo: ISTIO_CHARTS,
          namespace: namespace.metadata.name,
          values,
        },
        { parent: this, dependsOn },
      );

    const base = release("base", {}, [namespace]);
    const istiod = release(
      "istiod",
      {
        profile: "ambient",
        // Waypoints run in the shop's namespace, which enforces Pod Security "restricted".
        gateways: { seccompProfile: { type: "RuntimeDefault" } },
      },
      [base, gatewayApi],
    );
    const cni = release("cni", { profile: "ambient", ...EKS_CNI }, [istiod]);
    const ztunnel = release("ztunnel", { profile: "ambient" }, [istiod]);
    this.ready = [base, gatewayApi, istiod, cni, ztunnel];
    this.registerOutputs({});
  }
}
