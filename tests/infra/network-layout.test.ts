import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cidrsOf, subnetLayout } from "../../infra/network/layout";
import { parseCidr } from "../../stacks/formats";

describe("subnet layout (infra/network/layout.ts)", () => {
  it("carves private /19s from the start and public /24s from the last eighth of a /16, one of each per AZ in order", () => {
    const layout = subnetLayout("10.20.0.0/16", ["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    assert.deepEqual(cidrsOf(layout, "private"), ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"]);
    assert.deepEqual(cidrsOf(layout, "public"), ["10.20.224.0/24", "10.20.225.0/24", "10.20.226.0/24"]);
    assert.deepEqual(
      layout.public.map((s) => s.availabilityZone),
      ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    );
  });

  it("keeps the tiers apart in the smallest VPC the settings accept (a /20 with six AZs)", () => {
    const layout = subnetLayout(
      "10.0.0.0/20",
      ["a", "b", "c", "d", "e", "f"].map((z) => `eu-west-1${z}`),
    );
    const range = (cidr: string) => {
      const { address, prefix } = parseCidr(cidr, "cidr");
      return [address, address + 2 ** (32 - prefix)];
    };
    const all = [...cidrsOf(layout, "private"), ...cidrsOf(layout, "public")].map(range).sort((a, b) => a[0] - b[0]);
    all.slice(1).forEach(([start], i) => assert.ok(start >= all[i][1], "no two subnets overlap"));
    assert.ok(all[all.length - 1][1] <= range("10.0.0.0/20")[1], "every subnet inside the VPC");
  });
});
