import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { it } from "node:test";
import { runProgram } from "./program";
import { REPO_ROOT, stackConfig, withCanary } from "./stack-config";

// tests/delivery/canary.test.mjs feeds this very answer to .github/scripts/canary.sh, so the script is tested
// against what the program exports, not against a guess of it.
const FIXTURE = path.join(REPO_ROOT, "tests", "delivery", "fixtures", "prod-canary-analysis.json");

it("prod with a canary exports what the canary analysis asks Prometheus: the canary Service's 5xx share over the OpenTelemetry request counter", async () => {
  const config = withCanary(stackConfig("prod"), "product-service", 10);
  const { outputs } = await runProgram("prod", config);
  const analysis = outputs.canaryAnalysis as { prometheusApi: string; errorRateQuery: string; errorRatePercent: number };
  assert.equal(analysis.prometheusApi, "/api/v1/namespaces/monitoring/services/kube-prometheus-stack-prometheus:http-web/proxy/api/v1");
  assert.match(
    analysis.errorRateQuery,
    /http_server_request_duration_seconds_count\{namespace="eshop",service="product-service-canary",http_response_status_code=~"5\.\."\}\[\{window\}\]/,
  );
  assert.match(
    analysis.errorRateQuery,
    / or vector\(0\)\) \/ sum\(rate\(http_server_request_duration_seconds_count\{namespace="eshop",service="product-service-canary"\}\[\{window\}\]\)\)$/,
  );
  assert.equal(analysis.errorRatePercent, 5);
  assert.deepEqual(JSON.parse(fs.readFileSync(FIXTURE, "utf8")), analysis, `${path.relative(REPO_ROOT, FIXTURE)} is stale`);
});
