import { InvalidSetting } from "./errors";
import { DNS_LABEL, cpuMillicores, memoryMebibytes } from "./formats";
import { Section } from "./section";

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

export interface Autoscaling {
  minReplicas: number;
  maxReplicas: number;
  cpuTargetPercent: number;
}

/**
 * Per-service sizing: the stack's defaults with the service's own overrides applied. There is no
 * replica count: the HPA owns it, between minReplicas and maxReplicas.
 */
export interface ServiceSizing {
  resources: Resources;
  autoscaling: Autoscaling;
  /** The config key each value came from, so guard rails can name it. */
  origin: { minReplicas: string };
}

export interface WorkloadSettings {
  namespace: string;
  sizing: Record<string, ServiceSizing>;
}

type Field = "cpuRequest" | "cpuLimit" | "memoryRequest" | "memoryLimit";
type AutoscalingField = "minReplicas" | "maxReplicas" | "cpuTargetPercent";

/** Reads one sizing layer; every field optional so a service can override just one. */
class Layer {
  readonly values: Partial<Record<Field | AutoscalingField, string | number>> = {};
  readonly keys: Partial<Record<Field | AutoscalingField, string>> = {};

  constructor(section: Section) {
    for (const field of ["cpuRequest", "cpuLimit"] as const) {
      if (!section.has(field)) continue;
      const value = section.string(field);
      cpuMillicores(value, section.keyOf(field));
      this.set(field, value, section.keyOf(field));
    }
    for (const field of ["memoryRequest", "memoryLimit"] as const) {
      if (!section.has(field)) continue;
      const value = section.string(field);
      memoryMebibytes(value, section.keyOf(field));
      this.set(field, value, section.keyOf(field));
    }
    const autoscaling = section.section("autoscaling", { optional: true });
    for (const field of ["minReplicas", "maxReplicas"] as const) {
      if (autoscaling.has(field)) this.set(field, autoscaling.integer(field, { min: 1, max: 500 }), autoscaling.keyOf(field));
    }
    if (autoscaling.has("cpuTargetPercent")) {
      this.set("cpuTargetPercent", autoscaling.integer("cpuTargetPercent", { min: 10, max: 95 }), autoscaling.keyOf("cpuTargetPercent"));
    }
    autoscaling.done();
    section.done();
  }

  private set(field: Field | AutoscalingField, value: string | number, key: string): void {
    this.values[field] = value;
    this.keys[field] = key;
  }
}

function resolve(service: string, override: Layer, defaults: Layer, defaultsKey: string): ServiceSizing {
  const pick = <T extends string | number>(field: Field | AutoscalingField): { value: T; key: string } => {
    const layer = override.values[field] !== undefined ? override : defaults;
    const value = layer.values[field];
    if (value === undefined) throw new InvalidSetting(`${defaultsKey}.${field}`, `is required (no default and no override for ${service})`);
    return { value: value as T, key: layer.keys[field]! };
  };
  const minReplicas = pick<number>("minReplicas");
  const maxReplicas = pick<number>("maxReplicas");
  const cpuRequest = pick<string>("cpuRequest");
  const cpuLimit = pick<string>("cpuLimit");
  const memoryRequest = pick<string>("memoryRequest");
  const memoryLimit = pick<string>("memoryLimit");

  if (minReplicas.value > maxReplicas.value)
    throw new InvalidSetting(minReplicas.key, `must be <= maxReplicas for ${service} (${minReplicas.value} > ${maxReplicas.value})`);
  if (cpuMillicores(cpuRequest.value, cpuRequest.key) > cpuMillicores(cpuLimit.value, cpuLimit.key)) {
    throw new InvalidSetting(cpuRequest.key, `must be <= cpuLimit for ${service} (${cpuRequest.value} > ${cpuLimit.value})`);
  }
  if (memoryMebibytes(memoryRequest.value, memoryRequest.key) > memoryMebibytes(memoryLimit.value, memoryLimit.key)) {
    throw new InvalidSetting(memoryRequest.key, `must be <= memoryLimit for ${service} (${memoryRequest.value} > ${memoryLimit.value})`);
  }
  return {
    resources: {
      requests: { cpu: cpuRequest.value, memory: memoryRequest.value },
      limits: { cpu: cpuLimit.value, memory: memoryLimit.value },
    },
    autoscaling: {
      minReplicas: minReplicas.value,
      maxReplicas: maxReplicas.value,
      cpuTargetPercent: pick<number>("cpuTargetPercent").value,
    },
    origin: { minReplicas: minReplicas.key },
  };
}

export function readWorkloads(section: Section, serviceNames: string[]): WorkloadSettings {
  const namespace = section.string("namespace", { default: "eshop", pattern: DNS_LABEL, rule: "must be a Kubernetes namespace name" });
  const defaultsSection = section.section("defaults");
  const defaults = new Layer(defaultsSection);
  const services = section.section("services", { optional: true });
  const unknown = services.fields().find((name) => !serviceNames.includes(name));
  if (unknown)
    throw new InvalidSetting(services.keyOf(unknown), `is not a service of services/catalog.json (known: ${serviceNames.join(", ")})`);
  const sizing: Record<string, ServiceSizing> = {};
  for (const name of serviceNames) {
    const override = new Layer(services.section(name, { optional: true }));
    sizing[name] = resolve(name, override, defaults, defaultsSection.key);
  }
  services.done();
  section.done();
  return { namespace, sizing };
}
