// Delivery rules for GitHub workflow files, checked on the parsed YAML (and, for pin comments, the text).
import { parse } from "yaml";

const PINNED_USES = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^#\s*v?\d+(\.\d+)*\b/;
const ALLOWED_WRITES = new Set(["id-token", "pull-requests"]);

const jobsOf = (workflow) => Object.entries(workflow.jobs ?? {});
const stepsOf = (job) => job.steps ?? [];
const usesAction = (step, action) => typeof step.uses === "string" && step.uses.startsWith(`${action}@`);
const isPulumi = (step, command) => usesAction(step, "pulumi/actions") && step.with?.command === command;

/** Remote `uses:` references must be full commit SHAs followed by a comment naming the version. */
export function checkActionPins(text) {
  const violations = [];
  for (const [, reference, comment = ""] of text.matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)[ \t]*(#.*)?$/gm)) {
    if (reference.startsWith("./")) continue;
    if (!PINNED_USES.test(reference)) violations.push(`${reference}: pin actions to a full 40-hex commit SHA`);
    else if (!VERSION_COMMENT.test(comment.trim())) violations.push(`${reference}: add a comment naming the pinned version (# vX.Y.Z)`);
  }
  return violations;
}

/** Default read-only token, write scopes only per job and only where the job needs them. */
export function checkPermissions(workflow) {
  const violations = [];
  if (JSON.stringify(workflow.permissions) !== JSON.stringify({ contents: "read" })) {
    violations.push("top-level permissions must be exactly { contents: read }");
  }
  for (const [id, job] of jobsOf(workflow)) {
    const permissions = job.permissions ?? {};
    if (typeof permissions === "string") {
      violations.push(`${id}: list permissions per scope, not "${permissions}"`);
      continue;
    }
    for (const [scope, level] of Object.entries(permissions)) {
      if (level === "write" && !ALLOWED_WRITES.has(scope)) violations.push(`${id}: ${scope}: write is not needed by any delivery job`);
    }
    const assumesAwsRole = stepsOf(job).some((step) => usesAction(step, "aws-actions/configure-aws-credentials"));
    if ((permissions["id-token"] === "write") !== assumesAwsRole) {
      violations.push(`${id}: id-token: write exactly when the job assumes an AWS role through OIDC`);
    }
    const comments = stepsOf(job).some((step) => step.with?.["comment-on-pr"] === true || usesAction(step, "actions/github-script"));
    if ((permissions["pull-requests"] === "write") !== comments) {
      violations.push(`${id}: pull-requests: write exactly when the job comments on the pull request`);
    }
  }
  return violations;
}

/** Cloud access only through OIDC roles: no access keys anywhere, no privileged fork triggers, no persisted git token. */
export function checkCredentials(text, workflow) {
  const violations = [];
  if (/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/.test(text)) {
    violations.push("long-lived AWS access keys are forbidden: assume a role through GitHub OIDC");
  }
  const on = workflow.on ?? {};
  const triggers = typeof on === "string" ? [on] : Array.isArray(on) ? on : Object.keys(on);
  if (triggers.includes("pull_request_target")) {
    violations.push("pull_request_target runs fork code with secrets: use pull_request");
  }
  for (const [id, job] of jobsOf(workflow)) {
    for (const step of stepsOf(job)) {
      if (usesAction(step, "aws-actions/configure-aws-credentials") && !step.with?.["role-to-assume"]) {
        violations.push(`${id}: configure-aws-credentials must assume a role (role-to-assume)`);
      }
      if (usesAction(step, "actions/checkout") && step.with?.["persist-credentials"] !== false) {
        violations.push(`${id}: checkout with persist-credentials: false`);
      }
    }
  }
  return violations;
}

/**
 * Every `pulumi up` runs alone per stack and in a GitHub Environment; one whose stack is not literally the
 * staging stack `dev` (prod, or chosen by an expression) must be able to run only in `production` for prod.
 */
export function checkDeploymentGates(workflow) {
  const violations = [];
  for (const [id, job] of jobsOf(workflow)) {
    for (const step of stepsOf(job).filter((s) => isPulumi(s, "up"))) {
      const environment = typeof job.environment === "string" ? job.environment : job.environment?.name;
      if (!job.concurrency) violations.push(`${id}: pulumi up needs a concurrency group so two updates never race`);
      if (!environment) {
        violations.push(`${id}: pulumi up must run in a GitHub Environment`);
      } else if (String(step.with["stack-name"]).split("/").at(-1) !== "dev" && !/production/.test(environment)) {
        violations.push(`${id}: pulumi up on prod must be gated by the "production" environment`);
      }
    }
  }
  return violations;
}

export const parseWorkflowYaml = (text) => parse(text);
export { stepsOf, usesAction, isPulumi };
