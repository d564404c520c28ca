import { ACCESS_KEY, API_ACCESS_CIDRS_KEY, AccessSettings, readAccess, readApiAccessCidrs } from "./access";
import { ApplicationSettings, VENDOR_API_KEYS_KEY, readApplication } from "./application";
import { CanarySettings, readCanary } from "./canary";
import { Catalog, CatalogService, loadCatalog } from "./catalog";
import { ClusterSettings, readCluster } from "./cluster";
import { ConfigSource } from "./config-source";
import { DatabaseSettings, readDatabase } from "./database";
import { DnsSettings, EdgeSettings, readDns, readEdge } from "./edge";
import { InvalidSetting, SettingsError, SettingsProblem } from "./errors";
import { productionProblems, tierProblems } from "./guard-rails";
import { ImageSetting, RegistrySettings, readImages, readRegistry } from "./images";
import { NetworkSettings, readNetwork } from "./network";
import { ALERT_WEBHOOK_URL_KEY, ObservabilitySettings, readObservability } from "./observability";
import { Section } from "./section";
import { TelemetrySettings, readTelemetry } from "./telemetry";
import { ServiceSizing, readWorkloads } from "./workloads";

export type Tier = "production" | "staging";

/** One deployable service: its catalog entry plus this stack's image and sizing. */
export interface ServiceSettings {
  name: string;
  catalog: CatalogService;
  image: ImageSetting;
  sizing: ServiceSizing;
}

export interface Settings {
  project: string;
  stack: string;
  tier: Tier;
  region: string;
  /** aws:defaultTags' tags: the default provider applies them itself, an explicit provider (us-east-1) is given them. */
  defaultTags: Record<string, string>;
  /** Prefix for named cloud resources, e.g. eshop-prod. */
  resourcePrefix: string;
  dns: DnsSettings;
  network: NetworkSettings;
  cluster: ClusterSettings;
  access: AccessSettings;
  database: DatabaseSettings;
  edge: EdgeSettings;
  registry: RegistrySettings;
  namespace: string;
  services: ServiceSettings[];
  application: ApplicationSettings;
  observability: ObservabilitySettings;
  telemetry: TelemetrySettings;
  /** A canary release of one public service, when configured (eshop:canary). */
  canary?: CanarySettings;
  catalog: Catalog;
}

const SECTIONS = [
  "tier",
  "dns",
  "network",
  "cluster",
  "database",
  "edge",
  "registry",
  "images",
  "workloads",
  "accounts",
  "vendors",
  "observability",
  "telemetry",
  "canary",
] as const;
/** Secrets, and the account-specific values the stack's ESC environment supplies (never in the stack file). */
export const SECRET_KEYS = [VENDOR_API_KEYS_KEY, ALERT_WEBHOOK_URL_KEY];
export const ENVIRONMENT_KEYS = [...SECRET_KEYS, API_ACCESS_CIDRS_KEY, ACCESS_KEY];

function parseOptional(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function parseValue(key: string, raw: string | undefined): unknown {
  if (raw === undefined) throw new InvalidSetting(key, "is required");
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function readDefaultTags(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const tags = (value as { tags?: unknown })?.tags;
  if (typeof tags !== "object" || tags === null || Array.isArray(tags) || !Object.values(tags).every((v) => typeof v === "string")) {
    throw new InvalidSetting("aws:defaultTags", "must be {tags: {<key>: <string>}}");
  }
  return tags as Record<string, string>;
}

/**
 * Reads, types and validates a whole stack configuration. Throws a SettingsError naming every
 * broken key before the program creates anything.
 */
export function loadSettings(source: ConfigSource, project: string, stack: string, catalog: Catalog = loadCatalog()): Settings {
  try {
    const settings = readSettings(source, project, stack, catalog);
    const problems: SettingsProblem[] = [...tierProblems(stack, settings.tier), ...productionProblems(settings)];
    if (problems.length > 0) throw new SettingsError(stack, problems);
    return settings;
  } catch (error) {
    if (error instanceof InvalidSetting) throw new SettingsError(stack, [{ key: error.key, rule: error.rule }]);
    throw error;
  }
}

function readSettings(source: ConfigSource, project: string, stack: string, catalog: Catalog): Settings {
  const known = new Set<string>([...SECTIONS.map((s) => `eshop:${s}`), ...ENVIRONMENT_KEYS]);
  const unknown = source.keys().find((key) => key.startsWith("eshop:") && !known.has(key));
  if (unknown) throw new InvalidSetting(unknown, "is not a known setting");

  const section = (name: (typeof SECTIONS)[number]) =>
    Section.of(`eshop:${name}`, parseValue(`eshop:${name}`, source.get(`eshop:${name}`)));
  const region = source.get("aws:region");
  if (!region || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region))
    throw new InvalidSetting("aws:region", `must be an AWS region such as eu-west-1 (got '${region ?? ""}')`);
  const tier = source.get("eshop:tier");
  if (tier !== "production" && tier !== "staging")
    throw new InvalidSetting("eshop:tier", `must be production or staging (got '${tier ?? ""}')`);
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stack)) throw new InvalidSetting("stack", `stack name '${stack}' must be a short lowercase name`);

  const resourcePrefix = `${project}-${stack}`;
  const serviceNames = catalog.services.map((s) => s.name);
  const registry = readRegistry(section("registry"));
  const images = readImages(section("images"), serviceNames, registry);
  const workloads = readWorkloads(section("workloads"), serviceNames);
  const optional = (name: "accounts") => (source.get(`eshop:${name}`) === undefined ? new Section(`eshop:${name}`, {}) : section(name));

  return {
    project,
    stack,
    tier,
    region,
    defaultTags: readDefaultTags(parseOptional(source.get("aws:defaultTags"))),
    resourcePrefix,
    dns: readDns(section("dns")),
    network: readNetwork(section("network"), region),
    cluster: readCluster(section("cluster"), resourcePrefix),
    access: readAccess(
      Section.of(ACCESS_KEY, parseValue(ACCESS_KEY, source.get(ACCESS_KEY))),
      readApiAccessCidrs(parseOptional(source.get(API_ACCESS_CIDRS_KEY))),
    ),
    database: readDatabase(section("database"), resourcePrefix),
    edge: readEdge(section("edge")),
    registry,
    namespace: workloads.namespace,
    services: catalog.services.map((service) => ({
      name: service.name,
      catalog: service,
      image: images[service.name],
      sizing: workloads.sizing[service.name],
    })),
    application: readApplication(optional("accounts"), section("vendors"), (key) => source.get(key)),
    observability: readObservability(section("observability"), (key) => source.get(key)),
    telemetry: readTelemetry(section("telemetry")),
    canary: source.get("eshop:canary") === undefined ? undefined : readCanary(section("canary"), catalog),
    catalog,
  };
}
