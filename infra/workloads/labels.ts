/** Labels shared by every object of a service, and the narrower selectors for its pods. */
export const NAME_LABEL = "app.kubernetes.io/name";
export const COMPONENT_LABEL = "app.kubernetes.io/component";
export const PART_OF_LABEL = "app.kubernetes.io/part-of";

/** Pods that serve requests; the migration Job's pods carry the same name with another component. */
export const SERVER = "server";
export const MIGRATION = "migration";

export function serviceLabels(service: string, component: string = SERVER): Record<string, string> {
  return { [NAME_LABEL]: service, [COMPONENT_LABEL]: component, [PART_OF_LABEL]: "eshop", "app.kubernetes.io/managed-by": "pulumi" };
}

export function serverSelector(service: string): Record<string, string> {
  return { [NAME_LABEL]: service, [COMPONENT_LABEL]: SERVER };
}
