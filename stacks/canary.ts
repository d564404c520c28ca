import type { Catalog } from "./catalog";
import { Section } from "./section";

/**
 * A canary release of one public service (`eshop:canary`): a second Deployment of the same
 * template running `digest`, behind its own target group, which the listener rules send `weight`
 * percent of the service's requests. Weight 0 keeps the target group (and its alarms) but no pods.
 */
export interface CanarySettings {
  service: string;
  /** `sha256:<64 hex>` in the stable image's repository. */
  digest: string;
  /** Percent of the service's requests, 0-100 (production's guard rail: at most 50). */
  weight: number;
}

export const CANARY_KEY = "eshop:canary";
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function readCanary(section: Section, catalog: Catalog): CanarySettings {
  const publicServices = catalog.services.filter((s) => s.routes.some((r) => r.visibility === "public")).map((s) => s.name);
  const settings: CanarySettings = {
    // Only a service behind the load balancer has listener rules to weight.
    service: section.string("service", { oneOf: publicServices }),
    digest: section.string("digest", {
      pattern: DIGEST,
      rule: "must be sha256:<64 hex> (a digest in the service's repository; tags are refused)",
    }),
    weight: section.integer("weight", { min: 0, max: 100 }),
  };
  section.done();
  return settings;
}
