import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SettingsError, loadSettings } from "../../stacks";
import { staticConfigSource } from "../../stacks/config-source";
import { startProgram } from "../../infra/plan/run";
import { PlatformMocks } from "./mocks";
import { stackConfig, withChange } from "./stack-config";

type Change = [key: string, path: string[], value: unknown];

/** Production configs that must be refused, each with the key the refusal must name. */
const BAD_PROD_CONFIGS: { name: string; changes: Change[]; keys: string[] }[] = [
  { name: "a single-AZ database", changes: [["eshop:database", ["multiAz"], false]], keys: ["eshop:database.multiAz"] },
  {
    name: "a database without deletion protection",
    changes: [["eshop:database", ["deletionProtection"], false]],
    keys: ["eshop:database.deletionProtection"],
  },
  {
    name: "a database deleted without a final snapshot",
    changes: [["eshop:database", ["finalSnapshot"], false]],
    keys: ["eshop:database.finalSnapshot"],
  },
  { name: "a public database", changes: [["eshop:database", ["publiclyAccessible"], true]], keys: ["eshop:database.publiclyAccessible"] },
  {
    name: "three days of backups",
    changes: [["eshop:database", ["backupRetentionDays"], 3]],
    keys: ["eshop:database.backupRetentionDays"],
  },
  {
    name: "two availability zones",
    changes: [["eshop:network", ["availabilityZones"], ["eu-west-1a", "eu-west-1b"]]],
    keys: ["eshop:network.availabilityZones"],
  },
  { name: "one shared NAT gateway", changes: [["eshop:network", ["natGateways"], "single"]], keys: ["eshop:network.natGateways"] },
  { name: "an AZ allowed to have no node", changes: [["eshop:cluster", ["nodesPerAz", "min"], 0]], keys: ["eshop:cluster.nodesPerAz.min"] },
  {
    name: "one replica of one service",
    changes: [["eshop:workloads", ["services", "payment-service"], { autoscaling: { minReplicas: 1 } }]],
    keys: ["eshop:workloads.services.payment-service.autoscaling.minReplicas"],
  },
  {
    name: "autoscaling allowed down to one replica",
    changes: [["eshop:workloads", ["services", "db-service"], { autoscaling: { minReplicas: 1 } }]],
    keys: ["eshop:workloads.services.db-service.autoscaling.minReplicas"],
  },
  {
    name: "a canary taking 60 % of a service's requests",
    changes: [["eshop:canary", [], { service: "product-service", digest: `sha256:${"e".repeat(64)}`, weight: 60 }]],
    keys: ["eshop:canary.weight"],
  },
  { name: "an unpublished image", changes: [["eshop:images", ["payment-service"], "unpublished"]], keys: ["eshop:images.payment-service"] },
];

function apply(config: Record<string, string>, changes: Change[]): Record<string, string> {
  return changes.reduce((c, [key, p, value]) => withChange(c, key, p, value), config);
}

function problemKeys(stack: "dev" | "prod", config: Record<string, string>): string[] {
  try {
    loadSettings(staticConfigSource(config), "eshop", stack);
    return [];
  } catch (error) {
    assert.ok(error instanceof SettingsError, String(error));
    return error.problems.map((p) => p.key);
  }
}

describe("production guard rails", () => {
  it("accept the committed prod stack", () => {
    assert.deepEqual(problemKeys("prod", stackConfig("prod")), []);
  });

  for (const bad of BAD_PROD_CONFIGS) {
    it(`refuse ${bad.name}, naming ${bad.keys.join(" and ")}`, () => {
      assert.deepEqual(problemKeys("prod", apply(stackConfig("prod"), bad.changes)), bad.keys);
    });
  }

  it("name every broken rule at once, including each under-replicated service", () => {
    const config = apply(stackConfig("prod"), [
      ["eshop:database", ["multiAz"], false],
      ["eshop:workloads", ["defaults", "autoscaling", "minReplicas"], 1],
    ]);
    const keys = problemKeys("prod", config);
    assert.ok(keys.includes("eshop:database.multiAz"));
    // product-service overrides minReplicas, so only the other three services fall to the default.
    assert.equal(keys.filter((k) => k === "eshop:workloads.defaults.autoscaling.minReplicas").length, 3);
  });

  it("do not apply to staging: every one of those changes is accepted on dev", () => {
    for (const bad of BAD_PROD_CONFIGS) {
      assert.deepEqual(problemKeys("dev", apply(stackConfig("dev"), bad.changes)), [], bad.name);
    }
  });

  it("stop the program before it registers any resource", async () => {
    const config = apply(stackConfig("prod"), BAD_PROD_CONFIGS[0].changes);
    const mocks = new PlatformMocks("eu-west-1");
    await assert.rejects(
      startProgram("prod", config, mocks),
      (error: unknown) => error instanceof SettingsError && /eshop:database\.multiAz/.test(error.message),
    );
    assert.equal(mocks.resources.length, 0);
  });
});
