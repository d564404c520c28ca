import Ajv, { ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanRun, Registration } from "../../infra/plan/run";
import { reveal } from "../../infra/plan/secrets";

/** A Kubernetes object the program registered, secrets revealed, with its registration. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  [field: string]: any;
  registration: Registration;
}

export function kubernetesObjects(run: PlanRun): KubeObject[] {
  return run.registrations
    .filter((r) => r.type.startsWith("kubernetes:") && !PACKAGES.includes(r.type))
    .map((r) => ({ ...reveal(r.inputs), registration: r }) as KubeObject);
}

/** Registrations that install many objects at once (a chart, a published manifest), not one object. */
const PACKAGES = ["kubernetes:helm.sh/v3:Release", "kubernetes:yaml/v2:ConfigFile"];

export const ofKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);

type LabelSelector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

/** True when a label selector (matchLabels, and the In expressions the program writes) selects these labels. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  const expressions = selector?.matchExpressions ?? [];
  if (expressions.some((e) => e.operator !== "In"))
    throw new Error(`selects: only In expressions are modelled (${JSON.stringify(expressions)})`);
  return (
    Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
    expressions.every((e) => e.values!.includes(labels[e.key]))
  );
}

const CUSTOM_MODELS: Record<string, string> = {
  "monitoring.coreos.com": "prometheus-operator",
  "security.istio.io": "istio",
  "networking.istio.io": "istio",
  "gateway.networking.k8s.io": "gateway-api",
};

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/**
 * The maintained OpenAPI models (kubernetes-models, @kubernetes-models/prometheus-operator, /istio and
 * /gateway-api) for an apiVersion and kind; undefined when no package models that kind.
 */
export async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const modulePath =
    group in CUSTOM_MODELS
      ? `@kubernetes-models/${CUSTOM_MODELS[group]}/${group}/${version}`
      : group === ""
        ? `kubernetes-models/${version}`
        : `kubernetes-models/${group}/${version}`;
  let module: Record<string, unknown>;
  try {
    module = (await import(modulePath)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  return module[kind] as ModelClass | undefined;
}

/**
 * The Load Balancer Controller's CRD has no maintained model package: TargetGroupBindings are validated against the
 * JSON schema tests/infra/schemas/ holds, written from the controller's API reference.
 */
export function targetGroupBindingValidator(): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "schemas", "targetgroupbinding-v1beta1.json"), "utf8"));
  return new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
}
