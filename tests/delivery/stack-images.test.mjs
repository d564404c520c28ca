// The stack image scripts under .github/scripts, run for real with a recording stand-in for the pulumi CLI.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { readCatalog, repoRoot } from "./lib/repo.mjs";

const digest = (n) => `123456789012.dkr.ecr.eu-west-1.amazonaws.com/eshop/svc@sha256:${String(n).repeat(64).slice(0, 64)}`;
const services = readCatalog().services.map((service) => service.name);
let scratch;

beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "eshop-stack-images-"));
  writeFileSync(
    path.join(scratch, "pulumi"),
    [
      "#!/usr/bin/env bash",
      `echo "$*" >> "${scratch}/calls"`,
      `if [[ "$1 $2" == "stack output" ]]; then cat "${scratch}/output.json" 2>/dev/null || { echo "no output" >&2; exit 255; }; fi`,
    ].join("\n"),
  );
  chmodSync(path.join(scratch, "pulumi"), 0o755);
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const runNamedScript = (script, digestsDir) =>
  spawnSync("bash", [`.github/scripts/${script}`, "acme/prod", digestsDir], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, PATH: `${scratch}:${process.env.PATH}` },
  });
const runScript = (digestsDir) => runNamedScript("set-stack-images.sh", digestsDir);
const calls = () => readFileSync(path.join(scratch, "calls"), "utf8").trim().split("\n");

describe("set-stack-images.sh", () => {
  it("sets eshop:images.<service> to each digest of the catalog services", () => {
    services.forEach((service, i) => writeFileSync(path.join(scratch, service), digest(i + 1)));
    const result = runScript(scratch);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      calls(),
      services.map((service, i) => `config set --stack acme/prod --path eshop:images.${service} ${digest(i + 1)}`),
    );
  });

  it("refuses a release that lacks a service digest", () => {
    services.slice(1).forEach((service) => writeFileSync(path.join(scratch, service), digest(1)));
    const result = runScript(scratch);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, new RegExp(`no image digest for ${services[0]}`));
  });

  it("refuses a tag instead of a digest", () => {
    services.forEach((service) => writeFileSync(path.join(scratch, service), "registry.example/eshop/svc:latest"));
    const result = runScript(scratch);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /is not repository@sha256:<digest>/);
  });
});

describe("current-stack-images.sh", () => {
  it("writes the images the stack runs now, one file per service", () => {
    const images = Object.fromEntries(services.map((service, i) => [service, digest(i + 1)]));
    writeFileSync(path.join(scratch, "output.json"), JSON.stringify(images));
    const out = path.join(scratch, "deployed");
    const result = runNamedScript("current-stack-images.sh", out);
    assert.equal(result.status, 0, result.stderr);
    for (const [service, ref] of Object.entries(images)) assert.equal(readFileSync(path.join(out, service), "utf8"), ref);
  });

  it("exits 3 for a stack that was never deployed", () => {
    const result = runNamedScript("current-stack-images.sh", path.join(scratch, "deployed"));
    assert.equal(result.status, 3);
    assert.match(result.stderr, /never deployed/);
  });
});
