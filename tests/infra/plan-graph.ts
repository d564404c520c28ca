import type { PlanRun, Registration } from "../../infra/plan/run";
import { reveal } from "../../infra/plan/secrets";

/**
 * The dependency graph of an offline plan as the engine would walk it: a resource is created only
 * after every resource it depends on (explicit dependsOn and inputs), transitively.
 */
export class PlanGraph {
  private readonly byUrn = new Map<string, Registration>();
  private readonly closures = new Map<string, Set<string>>();

  constructor(readonly run: PlanRun) {
    for (const r of run.registrations) this.byUrn.set(r.urn, r);
  }

  ofType(type: string): Registration[] {
    return this.run.registrations.filter((r) => r.type === type);
  }

  /** Every URN this resource waits for before the engine creates it. */
  waitsFor(urn: string): Set<string> {
    const cached = this.closures.get(urn);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [...(this.byUrn.get(urn)?.dependencies ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(this.byUrn.get(next)?.dependencies ?? []));
    }
    this.closures.set(urn, seen);
    return seen;
  }

  /** The required resources this one does not (transitively) wait for, by short name. */
  missing(registration: Registration, required: Registration[]): string[] {
    const waits = this.waitsFor(registration.urn);
    return required.filter((r) => !waits.has(r.urn)).map((r) => `${r.type}::${r.name}`);
  }

  inputs(registration: Registration): any {
    return reveal(registration.inputs);
  }
}

/** Kubernetes objects and Helm releases: what needs a reachable, authorised API server and nodes. */
export const isKubernetes = (r: Registration) => r.type.startsWith("kubernetes:");

/** Every value of a given key anywhere inside a nested object (e.g. every volumeClaimTemplate in Helm values). */
export function valuesOfKey(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesOfKey(v, key));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOfKey(v, key)]);
}

/** Every string anywhere inside a nested object. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}
