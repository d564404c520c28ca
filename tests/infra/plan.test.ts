import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { it } from "node:test";
import { REPO_ROOT, TEST_SECRETS } from "./stack-config";

const plan = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "infra", "plan", "main.ts"), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });

it("the committed offline plans (stacks/<stack>.plan.yaml) match the program", () => {
  const check = plan("--check");
  assert.equal(check.status, 0, `stale snapshot: run \`npm run plan\` and commit it\n${check.stderr}`);
});

it("the committed plans hold no secret value and nothing run-dependent", () => {
  const secrets = [
    TEST_SECRETS["eshop:alertWebhookUrl"],
    ...Object.values(JSON.parse(TEST_SECRETS["eshop:vendorApiKeys"]) as string[]),
    "mock-password",
  ];
  for (const stack of ["dev", "prod"]) {
    const text = fs.readFileSync(path.join(REPO_ROOT, "stacks", `${stack}.plan.yaml`), "utf8");
    for (const secret of secrets) assert.ok(!text.includes(secret), `${stack} plan leaks a secret`);
    assert.match(text, /ConnectionStrings__Postgres: "\[secret\]"/);
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, "no timestamps");
  }
});

it("a stale plan fails the check and prints the diff", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eshop-stale-plan-"));
  const committed = fs.readFileSync(path.join(REPO_ROOT, "stacks", "dev.plan.yaml"), "utf8");
  fs.writeFileSync(path.join(dir, "dev.plan.yaml"), committed.replace("maxReplicas: 3", "maxReplicas: 7"));
  const check = plan("--check", "--stack=dev", `--dir=${dir}`);
  assert.equal(check.status, 1);
  assert.match(check.stderr, /dev\.plan\.yaml is stale/);
  assert.match(check.stderr, /^-\s+maxReplicas: 7$/m);
  assert.match(check.stderr, /^\+\s+maxReplicas: 3$/m);
});
