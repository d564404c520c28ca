// Runs a Dockerfile's .NET build stage without a container engine: the same COPY layout from the build
// context (honouring .dockerignore) into a scratch WORKDIR, then the stage's exact `dotnet` commands.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import dockerignore from "@balena/dockerignore";
import { parseStages, resolveBuildArgs, words } from "./dockerfile-rules.mjs";
import { readRepoFile, repoRoot } from "./repo.mjs";

/** The build stage as a plan: { workdir, copies: [{ sources, destination }], commands: [[...args]], output }. */
export function buildStagePlan(dockerfileText, buildArgs = {}) {
  const { stages } = parseStages(resolveBuildArgs(dockerfileText, buildArgs));
  const stage = stages.find((s) => s.instructions.some((i) => i.getKeyword() === "RUN" && words(i)[1] === "publish"));
  if (!stage) throw new Error("no build stage with `dotnet publish`");
  const plan = { workdir: "/", copies: [], commands: [] };
  for (const instruction of stage.instructions) {
    const args = words(instruction);
    switch (instruction.getKeyword()) {
      case "ARG":
        break; // resolved above from buildArgs
      case "WORKDIR":
        plan.workdir = path.posix.resolve(plan.workdir, args[0]);
        break;
      case "COPY":
        plan.copies.push({ sources: args.slice(0, -1), destination: path.posix.resolve(plan.workdir, args.at(-1)) });
        break;
      case "RUN":
        if (args[0] !== "dotnet") throw new Error(`unsupported build step (only dotnet commands are emulated): RUN ${args.join(" ")}`);
        plan.commands.push(args);
        break;
      default:
        throw new Error(`unsupported build-stage instruction ${instruction.getKeyword()}`);
    }
  }
  const publish = plan.commands.find((args) => args[1] === "publish");
  plan.output = publish[publish.indexOf("-o") + 1];
  return plan;
}

export const VARIANTS = ["dockerfile", "framework-dependent", "aot"];

/**
 * The Dockerfile's plan, or a variant of it made only with publish properties (never a csproj edit):
 * `dockerfile` publishes as the image does (Native AOT when the project sets PublishAot), `framework-dependent`
 * and `aot` force one build for any project (to compare both, or to show why a service is not AOT yet).
 */
export function variantPlan(plan, variant) {
  if (!VARIANTS.includes(variant)) throw new Error(`unknown variant ${variant}; known: ${VARIANTS.join(", ")}`);
  if (variant === "dockerfile") return plan;
  const property = `-p:PublishAot=${variant === "aot"}`;
  const commands = plan.commands.map((args) => (["restore", "publish"].includes(args[1]) ? [...args, property] : args));
  return { ...plan, commands };
}

/** Docker COPY from the context: a folder's contents land in the destination, a file lands inside it. */
function copyFromContext(sources, destination, ignore, scratch) {
  const keep = (file) => {
    const relative = path.relative(repoRoot, file);
    return relative === "" || !(ignore.ignores(relative) || ignore.ignores(`${relative}/`));
  };
  for (const source of sources) {
    const from = path.join(repoRoot, source);
    const to = statSync(from).isDirectory() ? path.join(scratch, destination) : path.join(scratch, destination, path.basename(source));
    cpSync(from, to, { recursive: true, filter: keep });
  }
}

/**
 * Runs the build stage of `image.dockerfile` (repository-relative) with `image.buildArgs` and leaves the published
 * output in `outputDir`. Returns { ok, commands, log }. `variant` is one of VARIANTS.
 */
export function runBuildStage(image, outputDir, { variant = "dockerfile", log = () => {} } = {}) {
  const plan = variantPlan(buildStagePlan(readRepoFile(image.dockerfile), image.buildArgs), variant);
  const ignore = dockerignore({ ignorecase: false }).add(readRepoFile(".dockerignore"));
  const scratch = mkdtempSync(path.join(os.tmpdir(), "eshop-build-stage-"));
  try {
    for (const { sources, destination } of plan.copies) {
      mkdirSync(path.join(scratch, destination), { recursive: true });
      copyFromContext(sources, destination, ignore, scratch);
    }
    rmSync(outputDir, { recursive: true, force: true });
    const executed = [];
    for (const args of plan.commands) {
      const command = args.map((arg) => (arg === plan.output ? outputDir : arg));
      executed.push(command.join(" "));
      log(`$ ${command.join(" ")}`);
      const result = spawnSync(command[0], command.slice(1), {
        cwd: path.join(scratch, plan.workdir),
        encoding: "utf8",
        env: { ...process.env, DOTNET_NOLOGO: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
      });
      if (result.status !== 0) {
        return { ok: false, commands: executed, log: `${result.stdout}\n${result.stderr}` };
      }
    }
    return { ok: true, commands: executed, log: "" };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
