import "./lib/json-modules.mjs";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { validateAction, validateWorkflow } from "@action-validator/core";
import {
  checkActionPins,
  checkCredentials,
  checkDeploymentGates,
  checkPermissions,
  isPulumi,
  parseWorkflowYaml,
  stepsOf,
  usesAction,
} from "./lib/workflow-rules.mjs";
import { readRepoFile, repoRoot } from "./lib/repo.mjs";

const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");

const workflowFiles = readdirSync(`${repoRoot}/.github/workflows`)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => `.github/workflows/${name}`);
const actionFiles = readdirSync(`${repoRoot}/.github/actions`).map((name) => `.github/actions/${name}/action.yml`);
const workflow = (name) => parseWorkflowYaml(readRepoFile(`.github/workflows/${name}`));
const stepIndex = (job, predicate) => stepsOf(job).findIndex(predicate);

async function githubParserErrors(name, content) {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (result.value) await convertWorkflowTemplate(result.context, result.value);
  return result.context.errors.getErrors().map((error) => error.message);
}

describe("every workflow and composite action is valid", () => {
  it("has the four delivery workflows", () => {
    for (const name of ["ci.yml", "preview.yml", "deploy.yml", "rollback.yml"])
      assert.ok(workflowFiles.includes(`.github/workflows/${name}`), name);
  });

  for (const file of workflowFiles) {
    it(`${file} passes action-validator's schema and GitHub's own workflow parser`, async () => {
      const content = readRepoFile(file);
      assert.deepEqual(validateWorkflow(content).errors, []);
      assert.deepEqual(await githubParserErrors(file, content), []);
    });

    it(`${file} keeps the permission, pinning, credential and gate rules`, () => {
      const content = readRepoFile(file);
      const parsed = parseWorkflowYaml(content);
      assert.deepEqual(
        [...checkActionPins(content), ...checkPermissions(parsed), ...checkCredentials(content, parsed), ...checkDeploymentGates(parsed)],
        [],
      );
    });
  }

  for (const file of actionFiles) {
    it(`${file} passes action-validator and pins its actions`, () => {
      const content = readRepoFile(file);
      assert.deepEqual(validateAction(content).errors, []);
      assert.deepEqual([...checkActionPins(content), ...checkCredentials(content, parseWorkflowYaml(content))], []);
    });
  }
});

describe("where Pulumi runs", () => {
  it("runs every job that talks to a cluster (pulumi up or preview) on PULUMI_RUNNER, whose egress the API endpoint admits", () => {
    for (const name of ["preview.yml", "deploy.yml", "rollback.yml"]) {
      for (const [id, job] of Object.entries(workflow(name).jobs)) {
        const pulumi = stepsOf(job).some((step) => isPulumi(step, "up") || isPulumi(step, "preview"));
        if (pulumi) assert.equal(job["runs-on"], "${{ vars.PULUMI_RUNNER }}", `${name} ${id}`);
      }
    }
    assert.match(workflow("preview.yml").jobs.mode.steps[0].run, /-n "\$PULUMI_RUNNER"/, "no runner: the offline plan instead");
  });
});

describe("ci.yml", () => {
  const ci = workflow("ci.yml");
  it("runs on every push and pull request", () => assert.deepEqual(Object.keys(ci.on).sort(), ["pull_request", "push"]));
  it("runs the README test command", () => assert.ok(stepsOf(ci.jobs.test).some((step) => step.run === "bash tests/run.sh")));
  it("fails on High or Critical advisories in NuGet (transitive) and npm dependencies before any image builds", () => {
    const steps = stepsOf(ci.jobs.dependencies).map((step) => step.run ?? "");
    assert.ok(steps.includes("bash .github/scripts/nuget-audit.sh EShop.sln"));
    assert.ok(steps.includes("npm audit --omit=dev --audit-level=high"));
    const script = readRepoFile(".github/scripts/nuget-audit.sh");
    assert.match(script, /dotnet list "\$target" package --vulnerable --include-transitive --format json/);
    assert.match(script, /"High" or \.severity == "Critical"/);
    assert.match(script, /exit 1/);
    assert.ok([ci.jobs.images.needs].flat().includes("dependencies"));
  });
  it("builds every image after the tests and never pushes", () => {
    assert.ok([ci.jobs.images.needs].flat().includes("test"));
    const build = stepsOf(ci.jobs.images).find((step) => usesAction(step, "docker/build-push-action"));
    assert.equal(build.with.push, false);
  });
});

describe("preview.yml", () => {
  const preview = workflow("preview.yml");
  it("comments one pulumi preview --diff per stack, edited on re-runs", () => {
    const job = preview.jobs["pulumi-preview"];
    assert.deepEqual(job.strategy.matrix.stack, ["dev", "prod"]);
    const step = stepsOf(job).find((s) => isPulumi(s, "preview"));
    assert.equal(step.with.diff, true);
    assert.equal(step.with["comment-on-pr"], true);
    assert.equal(step.with["edit-pr-comment"], true);
    assert.match(step.with["stack-name"], /\$\{\{ matrix\.stack \}\}$/);
  });
  it("falls back to the offline plan exactly when the cloud preview does not run", () => {
    assert.equal(preview.jobs["pulumi-preview"].if, "needs.mode.outputs.cloud == 'true'");
    assert.equal(preview.jobs["offline-plan"].if, "needs.mode.outputs.cloud != 'true'");
    assert.ok(stepsOf(preview.jobs["offline-plan"]).some((step) => step.run === "npm run plan"));
  });
});

describe("deploy.yml", () => {
  const deploy = workflow("deploy.yml");
  const { build, "deploy-staging": staging, "plan-production": plan, "promote-production": promote } = deploy.jobs;
  it("runs on merges to main only", () => assert.deepEqual(deploy.on, { push: { branches: ["main"] } }));
  it("scans each image before pushing it and records the pushed digest", () => {
    const scan = stepIndex(build, (step) => usesAction(step, "aquasecurity/trivy-action"));
    const push = stepIndex(build, (step) => /docker push/.test(step.run ?? ""));
    assert.ok(scan >= 0 && push > scan, "trivy runs before the push");
    assert.equal(stepsOf(build)[scan].with["exit-code"], "1");
    assert.match(stepsOf(build)[push].run, /RepoDigests/);
  });
  it("deploys dev, then smoke-tests the journey against the staging URL", () => {
    const up = stepIndex(staging, (step) => isPulumi(step, "up"));
    assert.match(stepsOf(staging)[up].with["stack-name"], /\/dev$/);
    assert.ok(stepIndex(staging, (step) => step.uses === "./.github/actions/set-stack-images") < up);
    assert.ok(stepIndex(staging, (step) => step.uses === "./.github/actions/journey-smoke-test") > up);
  });
  it("tags every image staging deployed deployed-<run>, the prefix the ECR lifecycle spares", () => {
    const up = stepIndex(staging, (step) => isPulumi(step, "up"));
    const tag = stepIndex(staging, (step) => /tag-deployed-images\.sh digests/.test(step.run ?? ""));
    assert.ok(tag > up, "tags after pulumi up");
    assert.match(readRepoFile(".github/scripts/tag-deployed-images.sh"), /--image-tag "deployed-\$run_id"/);
    assert.match(readRepoFile("infra/images.ts"), /tagPrefixList: \[DEPLOYED_TAG_PREFIX\]/);
    assert.match(readRepoFile("stacks/images.ts"), /DEPLOYED_TAG_PREFIX = "deployed-"/);
  });
  it("promotes the same digests to prod by applying the plan saved before the approval", () => {
    assert.equal(promote.environment.name, "production");
    assert.deepEqual([promote.needs].flat(), ["plan-production"]);
    const releaseArtifact = stepsOf(staging).find((step) => usesAction(step, "actions/upload-artifact")).with.name;
    for (const job of [plan, promote]) {
      assert.ok(stepsOf(job).some((step) => usesAction(step, "actions/download-artifact") && step.with.name === releaseArtifact));
    }
    const saved = stepsOf(plan).find((step) => isPulumi(step, "preview")).with.plan;
    const applied = stepsOf(promote).find((step) => isPulumi(step, "up")).with.plan;
    assert.ok(saved && saved === applied, "pulumi up applies the previewed plan");
    assert.ok(
      stepIndex(promote, (step) => step.uses === "./.github/actions/journey-smoke-test") >
        stepIndex(promote, (step) => isPulumi(step, "up")),
    );
  });
});

describe("deploy.yml canary", () => {
  const { "plan-production": plan, "promote-production": promote } = workflow("deploy.yml").jobs;
  const runs = (job, pattern) => stepIndex(job, (step) => pattern.test(step.run ?? ""));
  it("starts the canary in the config both before the saved plan and before applying it", () => {
    for (const job of [plan, promote]) {
      const start = runs(job, /canary\.sh start "\$STACK" "\$SERVICE" digests 10/);
      assert.ok(start > stepIndex(job, (step) => step.uses === "./.github/actions/set-stack-images"), "after the digests are set");
      assert.ok(start < stepIndex(job, (step) => isPulumi(step, "preview") || isPulumi(step, "up")), "before the plan");
    }
  });
  it("after the smoke test reads the alarms, then promotes or aborts, applies it, and fails an abort with the reason", () => {
    const steps = stepsOf(promote);
    const smoke = stepIndex(promote, (step) => step.uses === "./.github/actions/journey-smoke-test");
    const analyse = runs(promote, /canary\.sh analyse/);
    const promoteStep = runs(promote, /canary\.sh promote/);
    const abort = runs(promote, /canary\.sh abort/);
    const outcome = steps.findIndex((step, i) => i > analyse && isPulumi(step, "up"));
    const fail = steps.findIndex((step) => /canary aborted: \$REASON/.test(step.run ?? ""));
    assert.ok(smoke < analyse && analyse < promoteStep && promoteStep < abort && abort < outcome && outcome < fail, "in that order");
    assert.equal(steps[analyse].id, "canary");
    assert.match(steps[promoteStep].if, /verdict == 'promote'/);
    assert.match(steps[abort].if, /always\(\)/);
    assert.match(steps[fail].if, /verdict == 'abort'/);
    assert.match(steps[fail].env.REASON, /steps\.canary\.outputs\.reason/);
    assert.match(steps[outcome].if, /steps\.promote\.outcome == 'success' \|\| steps\.abort\.outputs\.changed == 'true'/);
  });
});

describe("rollback.yml", () => {
  const rollback = workflow("rollback.yml");
  it("is started by hand for a chosen stack", () => {
    assert.deepEqual(rollback.on.workflow_dispatch.inputs.stack.options, ["dev", "prod"]);
  });
  it("redeploys an earlier release's digests", () => {
    const steps = stepsOf(rollback.jobs.redeploy);
    const download = steps.find((step) => usesAction(step, "actions/download-artifact"));
    assert.equal(download.with.name, "release-digests");
    assert.match(download.with["run-id"], /needs\.release\.outputs\.run-id/);
    assert.ok(steps.some((step) => step.uses === "./.github/actions/set-stack-images"));
    const stop = steps.findIndex((step) => /canary\.sh abort/.test(step.run ?? ""));
    assert.ok(stop >= 0 && stop < steps.findIndex((step) => isPulumi(step, "up")), "any canary stops before the earlier images deploy");
  });
});

describe("workflow rules reject what they forbid", () => {
  const rulesOf = (text) => {
    const parsed = parseWorkflowYaml(text);
    return [...checkActionPins(text), ...checkPermissions(parsed), ...checkCredentials(text, parsed), ...checkDeploymentGates(parsed)];
  };
  const hasViolation = (text, fragment) => {
    const violations = rulesOf(text);
    assert.ok(
      violations.some((violation) => violation.includes(fragment)),
      `expected "${fragment}" in ${JSON.stringify(violations)}`,
    );
  };
  const sha = "a".repeat(40);
  const job = (body) => `on: push\npermissions:\n  contents: read\njobs:\n  j:\n    runs-on: ubuntu-24.04\n${body}`;

  it("accepts a minimal compliant workflow", () => {
    assert.deepEqual(
      rulesOf(job(`    steps:\n      - uses: actions/checkout@${sha} # v4.2.2\n        with:\n          persist-credentials: false\n`)),
      [],
    );
  });
  it("rejects tags, short SHAs and pins without a version comment", () => {
    hasViolation(job("    steps:\n      - uses: actions/checkout@v4\n"), "full 40-hex");
    hasViolation(job("    steps:\n      - uses: actions/checkout@11bd719\n"), "full 40-hex");
    hasViolation(job(`    steps:\n      - uses: actions/checkout@${sha}\n`), "naming the pinned version");
  });
  it("rejects broad or unneeded permissions", () => {
    hasViolation("on: push\npermissions: write-all\njobs: {}\n", "top-level permissions");
    hasViolation(job("    permissions:\n      contents: write\n    steps: []\n"), "contents: write");
    hasViolation(job("    permissions:\n      id-token: write\n    steps: []\n"), "id-token: write exactly");
  });
  it("rejects long-lived keys and pull_request_target", () => {
    hasViolation(job("    steps:\n      - run: aws s3 ls\n        env:\n          AWS_ACCESS_KEY_ID: ${{ secrets.KEY }}\n"), "long-lived");
    hasViolation("on: pull_request_target\npermissions:\n  contents: read\njobs: {}\n", "pull_request_target");
  });
  it("rejects an ungated production deployment", () => {
    const up = `    steps:\n      - uses: pulumi/actions@${sha} # v6\n        with:\n          command: up\n          stack-name: org/prod\n`;
    hasViolation(job(up), "GitHub Environment");
    hasViolation(job(`    environment: staging\n${up}`), "production");
    hasViolation(job(`    environment: production\n${up}`), "concurrency group");
    hasViolation(job(`    environment: staging\n${up.replace("org/prod", "org/${{ inputs.stack }}")}`), "production");
  });
});
