import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { Settings, loadSettings } from "../../stacks";
import { staticConfigSource } from "../../stacks/config-source";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export type StackName = "dev" | "prod";

/**
 * Stand-ins for what each stack's Pulumi ESC environment supplies (README "Deploy to AWS"): the
 * secrets and the account-specific values. The stack files hold none of them, so the offline runs
 * supply these; their keys are exactly ENVIRONMENT_KEYS (a test checks it).
 */
export const TEST_SECRETS: Record<string, string> = {
  "eshop:vendorApiKeys": JSON.stringify({ Visa: "offline-visa-key", Mastercard: "offline-mastercard-key", Amex: "offline-amex-key" }),
  "eshop:alertWebhookUrl": "https://hooks.slack.com/services/T000OFFLINE/B000OFFLINE/offline-webhook-secret",
};
export const TEST_ENVIRONMENT: Record<string, string> = {
  ...TEST_SECRETS,
  // A public address standing in for the CI runners' and operators' real egress CIDRs.
  "eshop:apiAccessCidrs": JSON.stringify(["52.30.17.0/28"]),
  "eshop:access": JSON.stringify({
    deployRoleArn: "arn:aws:iam::210987654321:role/eshop-deploy",
    previewRoleArn: "arn:aws:iam::210987654321:role/eshop-preview",
    clusterAdminArns: [
      "arn:aws:iam::210987654321:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef",
    ],
  }),
};

/** The stack file's config as Pulumi hands it to a program: strings, objects JSON-encoded. */
export function stackConfig(stack: StackName, withSecrets = true): Record<string, string> {
  const file = path.join(REPO_ROOT, `Pulumi.${stack}.yaml`);
  const document = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.config)) {
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return withSecrets ? { ...config, ...TEST_ENVIRONMENT } : config;
}

/** A stack's settings as the program loads them, from its stack file's config (or a changed copy of it). */
export function stackSettings(stack: StackName, config: Record<string, string> = stackConfig(stack)): Settings {
  return loadSettings(staticConfigSource(config), "eshop", stack);
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
    node[step] = node[step] ?? {};
    node = node[step] as Record<string, unknown>;
  }
  const last = pathInKey[pathInKey.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  copy[key] = JSON.stringify(root);
  return copy;
}

/** The digest the canary tests release (tests/delivery/fixtures/prod-canary-analysis.json was made with it). */
export const CANARY_DIGEST = `sha256:${"c0ffee".repeat(10)}abcd`;

/** A copy of a stack's config with a canary of one service at the given weight (eshop:canary). */
export function withCanary(config: Record<string, string>, service: string, weight: number): Record<string, string> {
  return withChange(config, "eshop:canary", [], { service, digest: CANARY_DIGEST, weight });
}
