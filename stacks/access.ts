import { InvalidSetting } from "./errors";
import { parseCidr } from "./formats";
import { Section } from "./section";

/**
 * Who and what may reach and administer the cluster. Account-specific, so it comes from the
 * stack's Pulumi ESC environment (see README "Deploy to AWS"), never from the stack file.
 */
export interface AccessSettings {
  /** CIDRs allowed to the public API endpoint: where `pulumi` and `kubectl` run from. */
  apiAccessCidrs: string[];
  /** The CI role that runs `pulumi up` for this stack: cluster admin. */
  deployRoleArn: string;
  /** The CI role that runs `pulumi preview`: read everything, dry-run patches (see infra/cluster/access.ts). */
  previewRoleArn: string;
  /** People (IAM roles or users, e.g. SSO permission-set roles) with cluster admin. */
  clusterAdminArns: string[];
}

export const API_ACCESS_CIDRS_KEY = "eshop:apiAccessCidrs";
export const ACCESS_KEY = "eshop:access";

/** RFC 5737 documentation ranges: they never route, so an endpoint limited to them is unreachable. */
const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map((cidr) => parseCidr(cidr, "documentation range"));
const IAM_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;

function inside(cidr: { address: number; prefix: number }, range: { address: number; prefix: number }): boolean {
  const size = 2 ** (32 - range.prefix);
  return cidr.prefix >= range.prefix && cidr.address >= range.address && cidr.address < range.address + size;
}

export function readApiAccessCidrs(value: unknown): string[] {
  const key = API_ACCESS_CIDRS_KEY;
  if (value === undefined)
    throw new InvalidSetting(
      key,
      "is required: the CIDRs Pulumi and kubectl reach the API endpoint from (set it in the stack's ESC environment)",
    );
  if (!Array.isArray(value) || value.length === 0 || value.length > 40 || value.some((v) => typeof v !== "string")) {
    throw new InvalidSetting(key, "must be a list of 1 to 40 IPv4 CIDRs");
  }
  value.forEach((cidr: string, i) => {
    const item = `${key}[${i}]`;
    const parsed = parseCidr(cidr, item);
    if (parsed.prefix === 0) throw new InvalidSetting(item, "must not open the API endpoint to the whole internet (0.0.0.0/0)");
    if (DOCUMENTATION_RANGES.some((range) => inside(parsed, range))) {
      throw new InvalidSetting(
        item,
        `is an RFC 5737 documentation range that never routes (got '${cidr}'): list the real egress CIDRs of the CI runners and operators`,
      );
    }
  });
  if (new Set(value).size !== value.length) throw new InvalidSetting(key, "must not repeat an item");
  return value as string[];
}

export function readAccess(section: Section, apiAccessCidrs: string[]): AccessSettings {
  const principal = (field: string) => section.string(field, { pattern: IAM_PRINCIPAL, rule: "must be an IAM role or user ARN" });
  const settings: AccessSettings = {
    apiAccessCidrs,
    deployRoleArn: principal("deployRoleArn"),
    previewRoleArn: principal("previewRoleArn"),
    clusterAdminArns: section.stringList("clusterAdminArns", {
      minItems: 0,
      maxItems: 20,
      default: [],
      item: (arn, key) => {
        if (!IAM_PRINCIPAL.test(arn)) throw new InvalidSetting(key, `must be an IAM role or user ARN (got '${arn}')`);
      },
    }),
  };
  const all = [settings.deployRoleArn, settings.previewRoleArn, ...settings.clusterAdminArns];
  if (new Set(all).size !== all.length)
    throw new InvalidSetting(section.key, "each principal may appear once (one access entry per principal)");
  section.done();
  return settings;
}
