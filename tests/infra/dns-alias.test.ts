import assert from "node:assert/strict";
import { it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { aliasRecords } from "../../infra/dns";
import { PlatformMocks } from "./mocks";

it("aliases the shop host: A, and AAAA only for a dual-stack target, with target health only where asked", async () => {
  const mocks = new PlatformMocks("eu-west-1");
  await pulumi.runtime.setMocks(mocks, "eshop", "dev", false);
  const records = [
    ...aliasRecords("cdn", {
      zoneId: "Z0MOCKZONE12345",
      host: "staging.happyshopping.com",
      target: {
        dnsName: "d111111abcdef8.cloudfront.net",
        zoneId: "Z2FDTNDATAQYW2",
        ipAddressType: "dualstack",
        evaluateTargetHealth: false,
      },
    }),
    ...aliasRecords("alb", {
      zoneId: "Z0MOCKZONE12345",
      host: "staging.happyshopping.com",
      target: {
        dnsName: "eshop-dev-123.eu-west-1.elb.amazonaws.com",
        zoneId: "Z32O12XQLNTSW2",
        ipAddressType: "ipv4",
        evaluateTargetHealth: true,
      },
    }),
  ];
  await Promise.all(records.map((r) => new Promise((done) => r.fqdn.apply(done))));
  const recorded = mocks.ofType("aws:route53/record:Record");
  assert.deepEqual(
    recorded.map((r) => `${r.name}:${r.inputs.type}`),
    ["cdn-a:A", "cdn-aaaa:AAAA", "alb-a:A"],
  );
  for (const record of recorded) {
    assert.equal(record.inputs.name, "staging.happyshopping.com");
    assert.equal(record.inputs.zoneId, "Z0MOCKZONE12345");
  }
  assert.deepEqual(recorded[1].inputs.aliases, [
    { name: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false },
  ]);
  assert.deepEqual(recorded[2].inputs.aliases, [
    { name: "eshop-dev-123.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2", evaluateTargetHealth: true },
  ]);
});
