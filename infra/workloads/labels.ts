import type * as pulumi from "@pulumi/pulumi";

/** Labels shared by every object of a service, and the narrower selectors for its pods. */
export const NAME_LABEL = "app.kubernetes.io/name";
export const COMPONENT_LABEL = "app.kubernetes.io/component";
export const PART_OF_LABEL = "app.kubernetes.io/part-of";

/** Pods that serve requests; the migration Job's pods carry the same name with another component. */
export const SERVER = "server";
export const MIGRATION = "migration";
/** Pods of a canary release: they serve too, but only behind the canary's own Service and target group. */
export const CANARY = "canary";

/** Every object of the shop's carries this label, whatever made it. */
export const PART_OF = { [PART_OF_LABEL]: "eshop" };

/**
 * Pod Security admission of a namespace whose node agents need the host (istio-cni and ztunnel, node-exporter,
 * Fluent Bit): only "privileged" admits them; warnings still name what "baseline" would refuse. No shop pod runs there.
 */
export const PRIVILEGED_NAMESPACE_LABELS = {
  "pod-security.kubernetes.io/enforce": "privileged",
  "pod-security.kubernetes.io/warn": "baseline",
};

/** A NetworkPolicy peer: the pods with these labels in the namespace of this name. */
export function namespacedPods(namespace: pulumi.Input<string>, podLabels: Record<string, string>) {
  return { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } }, podSelector: { matchLabels: podLabels } };
}

export function serviceLabels(service: string, component: string = SERVER): Record<string, string> {
  return { [NAME_LABEL]: service, [COMPONENT_LABEL]: component, ...PART_OF, "app.kubernetes.io/managed-by": "pulumi" };
}

export function serverSelector(service: string): Record<string, string> {
  return { [NAME_LABEL]: service, [COMPONENT_LABEL]: SERVER };
}

export function canarySelector(service: string): Record<string, string> {
  return { [NAME_LABEL]: service, [COMPONENT_LABEL]: CANARY };
}

/** Every pod of the service that answers requests: the stable ones and a canary's. */
export function servingPodSelector(service: string) {
  return { matchLabels: { [NAME_LABEL]: service }, matchExpressions: [{ key: COMPONENT_LABEL, operator: "In", values: [SERVER, CANARY] }] };
}
