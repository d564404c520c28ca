import * as pulumi from "@pulumi/pulumi";
import { InvalidSetting } from "./errors";
import { HTTPS_URL } from "./formats";
import { Section } from "./section";

/** A card processor the payment-service routes to (Vendors__<Name>__* in the container). */
export interface VendorSettings {
  name: string;
  baseUrl: string;
  timeoutSeconds: number;
  /** Secret: only ever handed to the payment-service's Secret. */
  apiKey: pulumi.Output<string>;
}

export interface ApplicationSettings {
  tokenLifetimeMinutes: number;
  vendors: VendorSettings[];
}

export const VENDOR_API_KEYS_KEY = "eshop:vendorApiKeys";

/**
 * Secrets are checked for presence and shape only; their values never reach an error message
 * and are wrapped as Pulumi secrets at once.
 */
export function readApplication(
  accounts: Section,
  vendorsSection: Section,
  secret: (key: string) => string | undefined,
): ApplicationSettings {
  const tokenLifetimeMinutes = accounts.integer("tokenLifetimeMinutes", { min: 5, max: 1440, default: 60 });
  accounts.done();

  const rawKeys = secret(VENDOR_API_KEYS_KEY);
  let apiKeys: Record<string, unknown> = {};
  try {
    apiKeys = rawKeys === undefined ? {} : (JSON.parse(rawKeys) as Record<string, unknown>);
  } catch {
    throw new InvalidSetting(VENDOR_API_KEYS_KEY, "must be an object of vendor name to API key (set it with --path)");
  }

  const names = vendorsSection.fields();
  if (names.length === 0) throw new InvalidSetting(vendorsSection.key, "must configure at least one card vendor");
  const vendors = names.map((name): VendorSettings => {
    if (!/^[A-Z][A-Za-z]+$/.test(name)) throw new InvalidSetting(vendorsSection.keyOf(name), "vendor names are PascalCase, e.g. Visa");
    const vendor = vendorsSection.section(name);
    const baseUrl = vendor.string("baseUrl", { pattern: HTTPS_URL, rule: "must be an https URL" });
    const timeoutSeconds = vendor.integer("timeoutSeconds", { min: 1, max: 60, default: 10 });
    vendor.done();
    const apiKey = apiKeys[name];
    if (typeof apiKey !== "string" || apiKey.length === 0) {
      throw new InvalidSetting(
        `${VENDOR_API_KEYS_KEY}.${name}`,
        `is required (pulumi config set --secret --path '${VENDOR_API_KEYS_KEY}.${name}' <key>)`,
      );
    }
    return { name, baseUrl, timeoutSeconds, apiKey: pulumi.secret(apiKey) };
  });
  const extra = Object.keys(apiKeys).find((name) => !names.includes(name));
  if (extra) throw new InvalidSetting(`${VENDOR_API_KEYS_KEY}.${extra}`, `has no vendor in ${vendorsSection.key}`);
  vendorsSection.done();

  return { tokenLifetimeMinutes, vendors };
}
