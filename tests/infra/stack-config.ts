import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export type StackName = "dev" | "prod";

/**
 * Stand-ins for the secrets an operator sets with `pulumi config set --secret`; the stack
 * files never hold secrets, so the offline runs supply these.
 */
export const TEST_SECRETS: Record<string, string> = {
  "eshop:internalToken": "offline-internal-token-0123456789abcdef",
  "eshop:vendorApiKeys": JSON.stringify({ Visa: "offline-visa-key", Mastercard: "offline-mastercard-key", Amex: "offline-amex-key" }),
};

/** The stack file's config as Pulumi hands it to a program: strings, objects JSON-encoded. */
export function stackConfig(stack: StackName, withSecrets = true): Record<string, string> {
  const file = path.join(REPO_ROOT, `Pulumi.${stack}.yaml`);
  const document = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.config)) {
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return withSecrets ? { ...config, ...TEST_SECRETS } : config;
}

/** A copy of a stack's config with one object path changed (undefined deletes it). */
export function withChange(config: Record<string, string>, key: string, pathInKey: string[], value: unknown): Record<string, string> {
  const copy = { ...config };
  if (pathInKey.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = typeof value === "string" ? value : JSON.stringify(value);
    return copy;
  }
  const root = JSON.parse(copy[key] ?? "{}") as Record<string, unknown>;
  let node = root;
  for (const step of pathInKey.slice(0, -1)) {
    node[step] = (node[step] as Record<string, unknown> | undefined) ?? {};
    node = node[step] as Record<string, unknown>;
  }
  const last = pathInKey[pathInKey.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  copy[key] = JSON.stringify(root);
  return copy;
}
