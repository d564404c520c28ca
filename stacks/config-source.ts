import * as pulumi from "@pulumi/pulumi";

/**
 * Raw stack configuration as Pulumi holds it: full keys ("eshop:network") to strings
 * (objects and lists JSON-encoded). Secrets arrive decrypted here and are wrapped into
 * secret outputs by the settings loader before anything else sees them.
 */
export interface ConfigSource {
  get(key: string): string | undefined;
  keys(): string[];
}

/** The running Pulumi program's configuration: the only place that reads it. */
export function pulumiConfigSource(): ConfigSource {
  return {
    get: (key) => pulumi.runtime.getConfig(key),
    keys: () => Object.keys(pulumi.runtime.allConfig()),
  };
}

/** A fixed configuration, e.g. a stack file's values in tests or the offline plan. */
export function staticConfigSource(values: Record<string, string>): ConfigSource {
  return {
    get: (key) => values[key],
    keys: () => Object.keys(values),
  };
}
