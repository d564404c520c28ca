import * as pulumi from "@pulumi/pulumi";

/**
 * A secret value as the engine receives it: an object marked with Pulumi's own signature key and secret
 * signature (exported by the SDK as `pulumi.runtime.specialSigKey` and `specialSecretSig`), its value inside.
 */
export function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

/** Replaces every secret by `replace(value)`: the plain value for tests, a mask for the snapshot. */
export function mapSecrets(value: unknown, replace: (secret: unknown) => unknown): unknown {
  if (isSecret(value)) return replace(value.value);
  if (Array.isArray(value)) return value.map((v) => mapSecrets(v, replace));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapSecrets(v, replace)]));
  }
  return value;
}

/**
 * The value with every secret, at any depth (secrets inside secrets too), replaced by what it holds. Typed `any`
 * on purpose: callers read resource inputs and Kubernetes manifests as the untyped JSON they are.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function reveal(value: unknown): any {
  return mapSecrets(value, reveal);
}
