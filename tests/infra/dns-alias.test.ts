import assert from "node:assert/strict";
import { it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { aliasRecords } from "../../infra/dns";
import { PlatformMocks } from "./mocks";

it("aliases the shop host to a load balancer with target health: A, and AAAA only for a dual-stack one", async () => {
  const mocks = new PlatformMocks("eu-west-1");
  await pulumi.runtime.setMocks(mocks, "eshop", "dev", false);
  const target = (ipAddressType: "ipv4" | "dualstack") => ({ dnsName: "eshop-dev-123.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2", ipAddressType });
  const records = [
    ...aliasRecords("shop", { zoneId: "Z0MOCKZONE12345", host: "staging.happyshopping.com", loadBalancer: target("dualstack") }),
    ...aliasRecords("shop-v4", { zoneId: "Z0MOCKZONE12345", host: "staging.happyshopping.com", loadBalancer: target("ipv4") }),
  ];
  await Promise.all(records.map((r) => new Promise((done) => r.fqdn.apply(done))));
  const recorded = mocks.ofType("aws:route53/record:Record");
  assert.deepEqual(recorded.map((r) => `${r.name}:${r.inputs.type}`), ["shop-a:A", "shop-aaaa:AAAA", "shop-v4-a:A"]);
  for (const record of recorded) {
    assert.equal(record.inputs.name, "staging.happyshopping.com");
    assert.equal(record.inputs.zoneId, "Z0MOCKZONE12345");
    assert.deepEqual(record.inputs.aliases, [{ name: "eshop-dev-123.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2", evaluateTargetHealth: true }]);
  }
});
