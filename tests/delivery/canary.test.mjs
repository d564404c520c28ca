// .github/scripts/canary.sh run for real with stand-ins for the pulumi CLI (a config file, stack outputs), the
// AWS CLI (CloudWatch alarm states), kubectl (Prometheus' answer through the API server) and sleep: start, the
// analysis's verdicts, promote and abort.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { repoRoot } from "./lib/repo.mjs";

// What the prod stack exports with a canary (tests/infra/canary-analysis.test.ts keeps it equal to the program's).
const analysis = JSON.parse(readFileSync(path.join(repoRoot, "tests", "delivery", "fixtures", "prod-canary-analysis.json"), "utf8"));
const kubeconfig = '{"apiVersion":"v1","kind":"Config","current-context":"eshop-prod"}';

const repository = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/eshop/product-service";
const digest = (c) => `sha256:${c.repeat(64)}`;
const alarmNames = ["eshop-prod-product-service-canary-5xx", "eshop-prod-product-service-canary-p99"];
let scratch;

// The stand-in pulumi keeps `config set/get` (with --path for eshop:images.<service>) in config.json.
const fakePulumi = (dir) => `#!/usr/bin/env node
const fs = require('fs');
const file = '${dir}/config.json';
const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const args = process.argv.slice(2).filter((a, i, all) => a !== '--stack' && all[i - 1] !== '--stack' && a !== '--path' && a !== '--json');
fs.appendFileSync('${dir}/calls', process.argv.slice(2).join(' ') + '\\n');
const [group, verb, key, value] = args;
if (group === 'stack' && verb === 'output') {
  const outputs = JSON.parse(fs.readFileSync('${dir}/outputs.json', 'utf8'));
  if (!(key in outputs)) process.exit(255);
  const value = outputs[key];
  process.stdout.write(typeof value === 'string' && !process.argv.includes('--json') ? value : JSON.stringify(value));
} else if (group === 'config' && verb === 'get') {
  if (!(key in config)) process.exit(255);
  process.stdout.write(config[key]);
} else if (group === 'config' && verb === 'set') {
  config[key] = value;
  fs.writeFileSync(file, JSON.stringify(config));
} else process.exit(2);
`;

beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "eshop-canary-"));
  writeFileSync(path.join(scratch, "pulumi"), fakePulumi(scratch));
  writeFileSync(path.join(scratch, "aws"), `#!/usr/bin/env bash\necho "$*" >> "${scratch}/aws-calls"\ncat "${scratch}/alarms.json"\n`);
  // The stand-in kubectl keeps its arguments and the kubeconfig it was handed; prometheus.json is the answer,
  // kubectl-fails (when present) the error it prints instead.
  writeFileSync(
    path.join(scratch, "kubectl"),
    `#!/usr/bin/env bash
printf '%s\\n' "$@" > "${scratch}/kubectl-args"
cp "$2" "${scratch}/kubeconfig-seen"
if [[ -f "${scratch}/kubectl-fails" ]]; then cat "${scratch}/kubectl-fails" >&2; exit 1; fi
cat "${scratch}/prometheus.json"
`,
  );
  writeFileSync(path.join(scratch, "sleep"), `#!/usr/bin/env bash\necho "$1" > "${scratch}/slept"\n`);
  for (const tool of ["pulumi", "aws", "kubectl", "sleep"]) chmodSync(path.join(scratch, tool), 0o755);
  writeFileSync(
    path.join(scratch, "outputs.json"),
    JSON.stringify({ images: { "product-service": `${repository}@${digest("a")}` }, canaryAlarmNames: alarmNames }),
  );
  writeFileSync(path.join(scratch, "product-service"), `${repository}@${digest("b")}`);
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const canary = (...args) =>
  spawnSync("bash", [".github/scripts/canary.sh", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, PATH: `${scratch}:${process.env.PATH}` },
  });
const config = () => JSON.parse(readFileSync(path.join(scratch, "config.json"), "utf8"));
const alarms = (...states) =>
  writeFileSync(
    path.join(scratch, "alarms.json"),
    JSON.stringify({
      MetricAlarms: states.map((state, i) => ({
        AlarmName: alarmNames[i],
        StateValue: state,
        StateReason: `Threshold Crossed: ${alarmNames[i]}`,
      })),
    }),
  );
const prometheus = (value) =>
  writeFileSync(
    path.join(scratch, "prometheus.json"),
    JSON.stringify({
      status: "success",
      data: { resultType: "vector", result: value === undefined ? [] : [{ metric: {}, value: [1764676800.5, value] }] },
    }),
  );
const withPrometheus = () => {
  const file = path.join(scratch, "outputs.json");
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), canaryAnalysis: analysis, kubeconfig }));
};
const kubectlArgs = () => readFileSync(path.join(scratch, "kubectl-args"), "utf8").trim().split("\n");
const outputs = (text) =>
  Object.fromEntries(
    text
      .trim()
      .split("\n")
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );

describe("canary.sh", () => {
  it("start keeps the running image as stable and makes the new digest the canary at the weight", () => {
    const result = canary("start", "acme/prod", "product-service", scratch, "10");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(config()["eshop:images.product-service"], `${repository}@${digest("a")}`);
    assert.deepEqual(JSON.parse(config()["eshop:canary"]), { service: "product-service", digest: digest("b"), weight: 10 });
  });

  it("start releases the image with the others when it is what runs already", () => {
    writeFileSync(path.join(scratch, "product-service"), `${repository}@${digest("a")}`);
    const result = canary("start", "acme/prod", "product-service", scratch, "10");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /no canary/);
    assert.throws(() => config(), "no config was set");
  });

  it("the analysis promotes when no alarm fires, reading exactly the stack's canary alarms", () => {
    canary("start", "acme/prod", "product-service", scratch, "10");
    alarms("OK", "OK");
    const result = canary("analyse", "acme/prod", "0");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(outputs(result.stdout).verdict, "promote");
    assert.match(
      readFileSync(path.join(scratch, "aws-calls"), "utf8"),
      new RegExp(`cloudwatch describe-alarms --alarm-names ${alarmNames.join(" ")}`),
    );
  });

  it("the analysis aborts naming the alarm that fired and its reason", () => {
    canary("start", "acme/prod", "product-service", scratch, "10");
    alarms("ALARM", "OK");
    const verdict = outputs(canary("analyse", "acme/prod", "0").stdout);
    assert.equal(verdict.verdict, "abort");
    assert.equal(verdict.reason, `${alarmNames[0]}: Threshold Crossed: ${alarmNames[0]}`);
  });

  it("the analysis aborts when CloudWatch lacks one of the alarms, and has nothing to judge without a canary", () => {
    canary("start", "acme/prod", "product-service", scratch, "10");
    alarms("OK");
    assert.equal(outputs(canary("analyse", "acme/prod", "0").stdout).verdict, "abort");
    canary("abort", "acme/prod");
    assert.equal(outputs(canary("analyse", "acme/prod", "0").stdout).verdict, "none");
  });

  it("promote makes the canary digest stable in the same repository and sets the weight to 0", () => {
    canary("start", "acme/prod", "product-service", scratch, "10");
    const result = canary("promote", "acme/prod");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(config()["eshop:images.product-service"], `${repository}@${digest("b")}`);
    assert.equal(JSON.parse(config()["eshop:canary"]).weight, 0);
  });

  it("abort sets the weight to 0 and says so, leaving the stable image alone; without a running canary it changes nothing", () => {
    assert.equal(outputs(canary("abort", "acme/prod").stdout).changed, "false");
    assert.throws(() => config(), "no config was set without a canary");
    canary("start", "acme/prod", "product-service", scratch, "10");
    assert.equal(outputs(canary("abort", "acme/prod").stdout).changed, "true");
    assert.equal(outputs(canary("abort", "acme/prod").stdout).changed, "false", "a second abort changes nothing");
    assert.equal(config()["eshop:images.product-service"], `${repository}@${digest("a")}`);
    assert.deepEqual(JSON.parse(config()["eshop:canary"]), { service: "product-service", digest: digest("b"), weight: 0 });
  });

  describe("with Prometheus (the stack exports canaryAnalysis)", () => {
    beforeEach(() => {
      canary("start", "acme/prod", "product-service", scratch, "10");
      withPrometheus();
      alarms("OK", "OK");
    });

    it("promotes below the threshold, asking the API server's proxy for the canary's 5xx share over the wait, with the stack's kubeconfig, which it then removes", () => {
      prometheus("1.2");
      const result = canary("analyse", "acme/prod", "900");
      assert.equal(result.status, 0, result.stderr);
      const verdict = outputs(result.stdout);
      assert.equal(verdict.verdict, "promote");
      assert.match(verdict.reason, /no canary alarm fired in 900s; 1\.20 % 5xx in Prometheus/);
      assert.equal(readFileSync(path.join(scratch, "slept"), "utf8").trim(), "900");
      const [flag, file, get, raw, url] = kubectlArgs();
      assert.deepEqual([flag, get, raw], ["--kubeconfig", "get", "--raw"]);
      assert.equal(readFileSync(path.join(scratch, "kubeconfig-seen"), "utf8"), kubeconfig);
      assert.ok(!existsSync(file), "the kubeconfig does not outlive the analysis");
      const [api, query] = url.split("/query?query=");
      assert.equal(api, analysis.prometheusApi);
      assert.equal(decodeURIComponent(query), analysis.errorRateQuery.replaceAll("{window}", "900s"));
      assert.doesNotMatch(result.stdout + result.stderr, /eshop-prod"/, "the kubeconfig is never printed");
    });

    it("aborts above the threshold, naming the rate, the window and the threshold", () => {
      prometheus("12.5");
      const verdict = outputs(canary("analyse", "acme/prod", "0").stdout);
      assert.equal(verdict.verdict, "abort");
      assert.equal(
        verdict.reason,
        `Prometheus: 12.50 % of the canary's answers were 5xx in the last 120s (threshold ${analysis.errorRatePercent} %)`,
      );
      assert.match(decodeURIComponent(kubectlArgs()[4]), /\[120s\]/, "rate() gets at least two scrapes even after a short wait");
    });

    it("aborts without evidence: no series, or no request in the window", () => {
      prometheus(undefined);
      assert.match(outputs(canary("analyse", "acme/prod", "0").stdout).reason, /^Prometheus has no request of the canary in the last 120s/);
      prometheus("NaN");
      assert.equal(outputs(canary("analyse", "acme/prod", "0").stdout).verdict, "abort");
    });

    it("aborts when Prometheus cannot be asked or answers something else than a number", () => {
      writeFileSync(
        path.join(scratch, "kubectl-fails"),
        "Error from server (ServiceUnavailable): the server is currently unable to handle the request",
      );
      const unreachable = outputs(canary("analyse", "acme/prod", "0").stdout);
      assert.equal(unreachable.verdict, "abort");
      assert.match(unreachable.reason, /could not be asked.*ServiceUnavailable/);
      rmSync(path.join(scratch, "kubectl-fails"));
      writeFileSync(
        path.join(scratch, "prometheus.json"),
        JSON.stringify({ status: "error", errorType: "bad_data", error: "parse error" }),
      );
      assert.match(outputs(canary("analyse", "acme/prod", "0").stdout).reason, /could not be asked.*parse error/);
      prometheus("+Inf");
      assert.equal(outputs(canary("analyse", "acme/prod", "0").stdout).reason, "Prometheus answered '+Inf' for the canary's error rate");
    });

    it("gives every reason when both CloudWatch and Prometheus object", () => {
      alarms("ALARM", "OK");
      prometheus("7");
      const verdict = outputs(canary("analyse", "acme/prod", "0").stdout);
      assert.equal(verdict.verdict, "abort");
      assert.equal(
        verdict.reason,
        `${alarmNames[0]}: Threshold Crossed: ${alarmNames[0]}; Prometheus: 7.00 % of the canary's answers were 5xx in the last 120s (threshold 5 %)`,
      );
    });
  });
});
