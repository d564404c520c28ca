import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { it } from "node:test";
import { parseAllDocuments } from "yaml";
import { REPO_ROOT } from "./stack-config";

// payment-service's own margin and default (services/PaymentService/Payments/PaymentOptions.cs), read from the source so
// this check moves with the service instead of copying its numbers.
const options = fs.readFileSync(path.join(REPO_ROOT, "services", "PaymentService", "Payments", "PaymentOptions.cs"), "utf8");
const number = (pattern: RegExp, what: string): number => {
  const match = options.match(pattern);
  assert.ok(match, `PaymentOptions.cs no longer declares ${what}`);
  return Number(match[1]);
};
const margin = number(/EdgeMarginSeconds = ([0-9.]+);/, "EdgeMarginSeconds");
const defaultWait = number(/double WaitSeconds \{ get; set; \} = ([0-9.]+);/, "the WaitSeconds default");

for (const stack of ["dev", "prod"]) {
  it(`${stack}: every wait inside /pay ends at least ${margin} s before the load balancer's idle timeout`, () => {
    const docs = parseAllDocuments(fs.readFileSync(path.join(REPO_ROOT, "stacks", `${stack}.plan.yaml`), "utf8")).map((d) => d.toJS());
    const albs = docs[0].resources.filter((r: { resource: string }) => r.resource.startsWith("aws:lb/loadBalancer:LoadBalancer::"));
    assert.ok(albs.length > 0, "the plan has a load balancer");
    const configMap = docs.find((d) => d?.kind === "ConfigMap" && d.metadata?.name === "payment-service");
    assert.ok(configMap, "the plan has payment-service's ConfigMap");
    const wait = Number(configMap.data?.Payments__WaitSeconds ?? defaultWait);
    for (const alb of albs) {
      // AWS's default idle timeout is 60 s when the program leaves it unset.
      const idle = Number(alb.inputs.idleTimeout ?? 60);
      assert.ok(wait + margin <= idle, `${alb.resource}: Payments__WaitSeconds ${wait} s + ${margin} s exceeds the idle timeout ${idle} s`);
      // payment-service checks its bound against this at start-up, so it must be the edge's real timeout.
      assert.equal(
        Number(configMap.data?.Payments__EdgeTimeoutSeconds),
        idle,
        "Payments__EdgeTimeoutSeconds must be the load balancer's idle timeout",
      );
    }
  });
}
