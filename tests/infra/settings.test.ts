import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { SettingsError, loadSettings } from "../../stacks";
import { loadCatalog } from "../../stacks/catalog";
import { staticConfigSource } from "../../stacks/config-source";
import { TEST_SECRETS, stackConfig, withChange } from "./stack-config";

const load = (stack: "dev" | "prod", config: Record<string, string>) => loadSettings(staticConfigSource(config), "eshop", stack);

/** Loads and expects a SettingsError naming exactly `key`; returns its message. */
function refused(stack: "dev" | "prod", config: Record<string, string>, key: string): string {
  try {
    load(stack, config);
  } catch (error) {
    assert.ok(error instanceof SettingsError, `expected a SettingsError, got ${String(error)}`);
    assert.deepEqual(
      error.problems.map((p) => p.key),
      [key],
      error.message,
    );
    assert.match(error.message, new RegExp(key.replace(/[.[\]]/g, "\\$&")));
    return error.message;
  }
  assert.fail(`expected ${key} to be refused`);
}

describe("stack settings", () => {
  it("loads both stack files with services taken from the catalog", () => {
    const catalogNames = loadCatalog().services.map((s) => s.name);
    for (const stack of ["dev", "prod"] as const) {
      const settings = load(stack, stackConfig(stack));
      assert.deepEqual(
        settings.services.map((s) => s.name),
        catalogNames,
      );
      assert.equal(settings.cluster.name, `eshop-${stack}`);
    }
  });

  it("applies per-service overrides over the stack defaults and remembers where each value came from", () => {
    const prod = load("prod", stackConfig("prod"));
    const product = prod.services.find((s) => s.name === "product-service")!;
    const user = prod.services.find((s) => s.name === "user-service")!;
    assert.equal(product.sizing.autoscaling.minReplicas, 3);
    assert.equal(product.sizing.origin.minReplicas, "eshop:workloads.services.product-service.autoscaling.minReplicas");
    assert.equal(user.sizing.autoscaling.minReplicas, 2);
    assert.equal(user.sizing.origin.minReplicas, "eshop:workloads.defaults.autoscaling.minReplicas");
    const payment = prod.services.find((s) => s.name === "payment-service")!;
    assert.deepEqual(payment.sizing.resources, { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1500m", memory: "512Mi" } });
    assert.deepEqual(payment.sizing.autoscaling, { minReplicas: 2, maxReplicas: 20, cpuTargetPercent: 70 });
  });

  it("reads images by digest, in this stack's repository or a full reference, and accepts the unpublished placeholder outside production", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    let config = withChange(stackConfig("dev"), "eshop:images", ["user-service"], "unpublished");
    config = withChange(config, "eshop:images", ["db-service"], `123456789012.dkr.ecr.eu-west-1.amazonaws.com/eshop/db-service@${digest}`);
    const images = Object.fromEntries(load("dev", config).services.map((s) => [s.name, s.image]));
    assert.deepEqual(images["user-service"], { published: false });
    assert.deepEqual(images["db-service"], {
      published: true,
      digest,
      repository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/eshop/db-service",
    });
    assert.equal((images["product-service"] as { digest: string }).digest.length, 71);
  });

  it("wraps secrets as Pulumi secrets", async () => {
    const settings = load("dev", stackConfig("dev"));
    assert.deepEqual(
      settings.application.vendors.map((v) => v.name),
      ["Visa", "Mastercard", "Amex"],
    );
    for (const vendor of settings.application.vendors) assert.equal(await (vendor.apiKey as any).isSecret, true);
    assert.ok(settings.application.vendors.every((v) => pulumi.Output.isInstance(v.apiKey)));
  });

  const dev = () => stackConfig("dev");
  const invalid: [string, () => Record<string, string>, string][] = [
    ["a CIDR with a bad prefix", () => withChange(dev(), "eshop:network", ["vpcCidr"], "10.20.0.0/33"), "eshop:network.vpcCidr"],
    ["a CIDR with host bits", () => withChange(dev(), "eshop:network", ["vpcCidr"], "10.20.1.0/16"), "eshop:network.vpcCidr"],
    ["a VPC too small for the subnets", () => withChange(dev(), "eshop:network", ["vpcCidr"], "10.20.0.0/24"), "eshop:network.vpcCidr"],
    [
      "an AZ of another region",
      () => withChange(dev(), "eshop:network", ["availabilityZones"], ["eu-west-1a", "us-east-1b"]),
      "eshop:network.availabilityZones[1]",
    ],
    ["a NAT mode that does not exist", () => withChange(dev(), "eshop:network", ["natGateways"], "none"), "eshop:network.natGateways"],
    [
      "a log retention CloudWatch refuses",
      () => withChange(dev(), "eshop:cluster", ["logRetentionDays"], 10),
      "eshop:cluster.logRetentionDays",
    ],
    ["a malformed EKS version", () => withChange(dev(), "eshop:cluster", ["kubernetesVersion"], "1.9"), "eshop:cluster.kubernetesVersion"],
    [
      "an API endpoint open to the internet",
      () => withChange(dev(), "eshop:apiAccessCidrs", [], JSON.stringify(["0.0.0.0/0"])),
      "eshop:apiAccessCidrs[0]",
    ],
    ...["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "203.0.113.7/32"].map(
      (cidr): [string, () => Record<string, string>, string] => [
        `the documentation range ${cidr} as API access`,
        () => withChange(dev(), "eshop:apiAccessCidrs", [], JSON.stringify(["52.30.17.0/28", cidr])),
        "eshop:apiAccessCidrs[1]",
      ],
    ),
    ["no API access CIDRs at all", () => withChange(dev(), "eshop:apiAccessCidrs", [], undefined), "eshop:apiAccessCidrs"],
    ["no deploy role", () => withChange(dev(), "eshop:access", ["deployRoleArn"], undefined), "eshop:access.deployRoleArn"],
    [
      "a preview role that is not an IAM ARN",
      () => withChange(dev(), "eshop:access", ["previewRoleArn"], "eshop-preview"),
      "eshop:access.previewRoleArn",
    ],
    [
      "an unknown control-plane log type",
      () => withChange(dev(), "eshop:cluster", ["logTypes"], ["api", "everything"]),
      "eshop:cluster.logTypes[1]",
    ],
    [
      "a flow log window AWS refuses",
      () => withChange(dev(), "eshop:network", ["flowLogAggregationSeconds"], 300),
      "eshop:network.flowLogAggregationSeconds",
    ],
    [
      "default tags that are not strings (the us-east-1 provider gets them too)",
      () => withChange(dev(), "aws:defaultTags", ["tags", "stack"], 7),
      "aws:defaultTags",
    ],
    [
      "an alert webhook that is not https",
      () => withChange(dev(), "eshop:alertWebhookUrl", [], "http://hooks.example.net/x"),
      "eshop:alertWebhookUrl",
    ],
    [
      "a replica count beside the HPA",
      () => withChange(dev(), "eshop:workloads", ["defaults", "replicas"], 2),
      "eshop:workloads.defaults.replicas",
    ],
    [
      "a bare digest where the stack has no repositories",
      () => withChange(stackConfig("prod"), "eshop:images", ["db-service"], `sha256:${"c".repeat(64)}`),
      "eshop:images.db-service",
    ],
    [
      "an invalid instance type",
      () => withChange(dev(), "eshop:cluster", ["nodeInstanceTypes"], ["large"]),
      "eshop:cluster.nodeInstanceTypes[0]",
    ],
    ["node min above desired", () => withChange(dev(), "eshop:cluster", ["nodesPerAz", "min"], 2), "eshop:cluster.nodesPerAz.min"],
    ["node desired above max", () => withChange(dev(), "eshop:cluster", ["nodesPerAz", "desired"], 4), "eshop:cluster.nodesPerAz.desired"],
    [
      "an EC2 type as database class",
      () => withChange(dev(), "eshop:database", ["instanceClass"], "m6i.large"),
      "eshop:database.instanceClass",
    ],
    [
      "max storage below allocated",
      () => withChange(dev(), "eshop:database", ["maxAllocatedStorageGiB"], 19),
      "eshop:database.maxAllocatedStorageGiB",
    ],
    [
      "backups kept longer than RDS allows",
      () => withChange(dev(), "eshop:database", ["backupRetentionDays"], 40),
      "eshop:database.backupRetentionDays",
    ],
    ["a misspelt field", () => withChange(dev(), "eshop:database", ["multiAZ"], true), "eshop:database.multiAZ"],
    ["an unknown top-level key", () => withChange(dev(), "eshop:databse", [], "{}"), "eshop:databse"],
    ["a host outside the zone", () => withChange(dev(), "eshop:dns", ["host"], "shop.example.org"), "eshop:dns.host"],
    [
      "a WAF limit below WAF's minimum",
      () => withChange(dev(), "eshop:edge", ["wafRateLimitPer5Minutes"], 5),
      "eshop:edge.wafRateLimitPer5Minutes",
    ],
    [
      "an image by tag",
      () => withChange(dev(), "eshop:images", ["user-service"], "eshop/user-service:latest"),
      "eshop:images.user-service",
    ],
    ["a missing image", () => withChange(dev(), "eshop:images", ["db-service"], undefined), "eshop:images.db-service"],
    [
      "an image for a service not in the catalog",
      () => withChange(dev(), "eshop:images", ["cart-service"], `sha256:${"b".repeat(64)}`),
      "eshop:images.cart-service",
    ],
    [
      "sizing for a service not in the catalog",
      () => withChange(dev(), "eshop:workloads", ["services", "cart-service"], { cpuLimit: "1" }),
      "eshop:workloads.services.cart-service",
    ],
    [
      "a CPU request above its limit",
      () => withChange(dev(), "eshop:workloads", ["defaults", "cpuRequest"], "2"),
      "eshop:workloads.defaults.cpuRequest",
    ],
    [
      "a memory request above its limit",
      () => withChange(dev(), "eshop:workloads", ["services", "db-service", "memoryRequest"], "1Gi"),
      "eshop:workloads.services.db-service.memoryRequest",
    ],
    [
      "a malformed memory quantity",
      () => withChange(dev(), "eshop:workloads", ["defaults", "memoryLimit"], "512MB"),
      "eshop:workloads.defaults.memoryLimit",
    ],
    [
      "autoscaling min above max",
      () => withChange(dev(), "eshop:workloads", ["services", "user-service", "autoscaling"], { minReplicas: 5, maxReplicas: 4 }),
      "eshop:workloads.services.user-service.autoscaling.minReplicas",
    ],
    [
      "a vendor without https",
      () => withChange(dev(), "eshop:vendors", ["Visa", "baseUrl"], "http://visa.example.net"),
      "eshop:vendors.Visa.baseUrl",
    ],
    [
      "a vendor without an API key",
      () => withChange(dev(), "eshop:vendorApiKeys", [], JSON.stringify({ Visa: "k", Mastercard: "k" })),
      "eshop:vendorApiKeys.Amex",
    ],
    ["a missing vendor API key set", () => withChange(dev(), "eshop:vendorApiKeys", [], undefined), "eshop:vendorApiKeys.Visa"],
    [
      "a canary of an internal service",
      () => withChange(dev(), "eshop:canary", [], { service: "db-service", digest: `sha256:${"d".repeat(64)}`, weight: 10 }),
      "eshop:canary.service",
    ],
    [
      "a canary by tag",
      () => withChange(dev(), "eshop:canary", [], { service: "product-service", digest: "v2", weight: 10 }),
      "eshop:canary.digest",
    ],
    [
      "a canary weight above 100",
      () => withChange(dev(), "eshop:canary", [], { service: "product-service", digest: `sha256:${"d".repeat(64)}`, weight: 101 }),
      "eshop:canary.weight",
    ],
    [
      "a canary without a weight",
      () => withChange(dev(), "eshop:canary", [], { service: "product-service", digest: `sha256:${"d".repeat(64)}` }),
      "eshop:canary.weight",
    ],
    ["a prod stack that calls itself staging", () => withChange(stackConfig("prod"), "eshop:tier", [], "staging"), "eshop:tier"],
  ];
  for (const [name, config, key] of invalid) {
    it(`refuses ${name}, naming ${key}`, () =>
      void refused(key === "eshop:tier" || name.includes("no repositories") ? "prod" : "dev", config(), key));
  }

  it("never prints a secret in a refusal", () => {
    const message = refused(
      "dev",
      withChange(
        stackConfig("dev"),
        "eshop:vendorApiKeys",
        [],
        JSON.stringify({ Visa: "k", Mastercard: "k", Amex: "k", Diners: "leaked-diners-key" }),
      ),
      "eshop:vendorApiKeys.Diners",
    );
    assert.doesNotMatch(message, /leaked-diners-key/);
    assert.doesNotMatch(message, new RegExp(JSON.parse(TEST_SECRETS["eshop:vendorApiKeys"]).Visa));
  });
});
