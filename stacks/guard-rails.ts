import { SettingsProblem } from "./errors";
import type { Settings } from "./settings";

/**
 * Production must be highly available and must not be able to lose its data by accident.
 * Each rule names the key that breaks it; all broken rules are reported at once.
 */
export function productionProblems(settings: Settings): SettingsProblem[] {
  if (settings.tier !== "production") return [];
  const problems: SettingsProblem[] = [];
  const require = (ok: boolean, key: string, rule: string) => {
    if (!ok) problems.push({ key, rule });
  };
  const { network, database, cluster } = settings;

  require(network.availabilityZones.length >=
    3, "eshop:network.availabilityZones", `production needs at least 3 availability zones (got ${network.availabilityZones.length})`);
  require(network.natGateways ===
    "perAz", "eshop:network.natGateways", "production needs one NAT gateway per AZ (perAz) so an AZ outage does not cut egress");
  require(cluster.nodesPerAz.min >= 1, "eshop:cluster.nodesPerAz.min", "production keeps at least one node in every AZ");
  require(database.multiAz, "eshop:database.multiAz", "production requires a Multi-AZ database");
  require(database.deletionProtection, "eshop:database.deletionProtection", "production requires deletion protection on the database");
  require(database.finalSnapshot, "eshop:database.finalSnapshot", "production takes a final snapshot before the database is deleted");
  require(!database.publiclyAccessible, "eshop:database.publiclyAccessible", "production databases must not be publicly accessible");
  require(database.backupRetentionDays >=
    7, "eshop:database.backupRetentionDays", `production keeps backups at least 7 days (got ${database.backupRetentionDays})`);

  for (const service of settings.services) {
    require(service.sizing.autoscaling.minReplicas >= 2, service.sizing.origin
      .minReplicas, `production runs at least 2 replicas of ${service.name} (autoscaling minReplicas, got ${service.sizing.autoscaling.minReplicas})`);
    require(service.image.published, `eshop:images.${service.name}`, "production only runs published images (a digest, not 'unpublished')");
  }
  // A canary in production is a sample, never the majority: a bad release reaches at most half the users.
  if (settings.canary) {
    require(settings.canary.weight <=
      50, "eshop:canary.weight", `production sends a canary at most 50 % of the requests (got ${settings.canary.weight})`);
  }
  return problems;
}

/** A stack called prod must not be able to opt out of the production rules. */
export function tierProblems(stack: string, tier: string): SettingsProblem[] {
  return stack === "prod" && tier !== "production"
    ? [{ key: "eshop:tier", rule: `stack 'prod' must have tier 'production' (got '${tier}')` }]
    : [];
}
