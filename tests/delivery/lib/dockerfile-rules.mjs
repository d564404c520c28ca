// The delivery rules for a service Dockerfile, checked on the parsed instruction tree.
import { DockerfileParser } from "dockerfile-ast";
import path from "node:path";

export const APP_UID = "1654";
export const ENTRY_NAME = "service";
export const ROOT_BUILD_FILES = ["global.json", "Directory.Build.props", "Directory.Packages.props"];
const EXACT_VERSION_TAG = /^\d+\.\d+\.\d+(-[a-z0-9.-]+)?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export const words = (instruction) => instruction.getArguments().map((argument) => argument.getValue());

/**
 * The Dockerfile as `docker build --build-arg NAME=value` sees it: ${NAME} and $NAME replaced by the given value or
 * the ARG default (ARG lines stay). A variable with neither is left as it is, so a rule that needs it fails visibly.
 */
export function resolveBuildArgs(text, buildArgs = {}) {
  const defaults = Object.fromEntries(
    [...text.matchAll(/^ARG\s+(\w+)(?:=(\S*))?\s*$/gm)].filter((m) => m[2] !== undefined).map((m) => [m[1], m[2]]),
  );
  const values = { ...defaults, ...buildArgs };
  return text
    .split("\n")
    .map((line) =>
      /^ARG\s/.test(line) ? line : line.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced, bare) => values[braced ?? bare] ?? whole),
    )
    .join("\n");
}

/** Splits the parsed file into stages: { from, name, instructions } in file order. */
export function parseStages(text) {
  const dockerfile = DockerfileParser.parse(text);
  const stages = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      stages.push({ from: instruction, name: instruction.getBuildStage(), instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1).instructions.push(instruction);
    }
  }
  return { dockerfile, stages };
}

const optionValue = (args, ...names) => {
  const index = args.findIndex((arg) => names.includes(arg));
  return index >= 0 ? args[index + 1] : undefined;
};

function checkBaseImages(stages, violations) {
  const earlierStages = new Set();
  for (const { from, name } of stages) {
    const image = from.getImageName();
    if (!earlierStages.has(from.getImage())) {
      const tag = from.getImageTag();
      const digest = from.getImageDigest();
      if (from.getRegistry() !== "mcr.microsoft.com" || !image?.startsWith("dotnet/")) {
        violations.push(`FROM ${from.getImage()}: base images come from mcr.microsoft.com/dotnet`);
      }
      if (!(digest && DIGEST.test(digest)) && !(tag && EXACT_VERSION_TAG.test(tag))) {
        violations.push(`FROM ${from.getImage()}: pin the base image to an exact version tag or a sha256 digest`);
      }
    }
    if (name) earlierStages.add(name);
  }
}

function checkRuntimeStage(runtime, buildStage, expected, violations) {
  const { aot } = expected;
  const image = runtime.from.getImageName();
  const tag = runtime.from.getImageTag() ?? "";
  const wantedImage = aot ? "dotnet/runtime-deps" : "dotnet/aspnet";
  if (image !== wantedImage)
    violations.push(`runtime stage: ${aot ? "Native AOT" : "framework-dependent"} builds run on ${wantedImage}, not ${image}`);
  if (!tag.includes("chiseled")) violations.push("runtime stage: use a chiseled image (no shell, no package manager)");

  const keyword = (name) => runtime.instructions.filter((instruction) => instruction.getKeyword() === name);
  if (keyword("RUN").length > 0) violations.push("runtime stage: RUN needs a shell, the runtime image has none");
  const users = keyword("USER");
  const uid = users.length > 0 ? words(users.at(-1))[0].split(":")[0] : undefined;
  if (uid !== APP_UID) violations.push(`runtime stage: USER must be the non-root UID ${APP_UID} (found ${uid ?? "none"})`);

  const fromBuild = keyword("COPY")
    .filter((copy) => copy.getFromFlag()?.getValue() === buildStage.name)
    .map((copy) => words(copy).filter((arg) => !arg.startsWith("--")));
  if (fromBuild.length === 0) violations.push(`runtime stage: copy the published output from the "${buildStage.name}" stage`);
  const output = publishOutput(buildStage);
  // The entry point has one name in every image, so ENTRYPOINT needs no build argument (exec form expands none).
  const entry = fromBuild.find((args) => args.at(-1) === `./${ENTRY_NAME}`);
  if (!entry || entry[0] !== `${output}/${expected.assembly}`) {
    violations.push(
      `runtime stage: copy ${output}/${expected.assembly} (the ${aot ? "native executable" : "app host"}) to ./${ENTRY_NAME}`,
    );
  }
  if (aot && fromBuild.some((args) => args[0] === output || args[0] === `${output}/`)) {
    violations.push(
      "runtime stage: a Native AOT image ships the executable only, not the whole output (its .dbg symbols are larger than the app)",
    );
  }
  if (!aot && !fromBuild.some((args) => args[0] === output || args[0] === `${output}/`)) {
    violations.push(`runtime stage: a framework-dependent image copies the whole output (${output}/), the assemblies are in it`);
  }

  const entrypoints = keyword("ENTRYPOINT");
  const entrypoint =
    entrypoints.length > 0
      ? entrypoints
          .at(-1)
          .getJSONStrings()
          .map((s) => s.getJSONValue())
      : [];
  if (JSON.stringify(entrypoint) !== JSON.stringify([`./${ENTRY_NAME}`])) {
    violations.push(`runtime stage: ENTRYPOINT must be the exec form ["./${ENTRY_NAME}"]`);
  }

  const port = String(expected.port);
  if (!keyword("EXPOSE").some((expose) => words(expose).includes(port))) violations.push(`runtime stage: EXPOSE ${port}`);
  const portEnv = keyword("ENV").some((env) => words(env).includes(`ASPNETCORE_HTTP_PORTS=${port}`));
  if (!portEnv) violations.push(`runtime stage: ENV ASPNETCORE_HTTP_PORTS=${port}`);
}

const publishOutput = (buildStage) => {
  const publish = buildStage.instructions
    .filter((i) => i.getKeyword() === "RUN")
    .map(words)
    .find((args) => args[1] === "publish");
  return optionValue(publish ?? [], "-o", "--output");
};

function checkBuildStage(stage, expected, violations) {
  const runs = stage.instructions
    .map((instruction, index) => ({ instruction, index, args: words(instruction) }))
    .filter(({ instruction }) => instruction.getKeyword() === "RUN");
  const restore = runs.find(({ args }) => args[0] === "dotnet" && args[1] === "restore");
  const publish = runs.find(({ args }) => args[0] === "dotnet" && args[1] === "publish");
  if (!restore || !publish || restore.index > publish.index) {
    violations.push("build stage: `dotnet restore` runs as its own step before `dotnet publish`");
    return;
  }
  if (restore.args[2] !== expected.project) violations.push(`build stage: restore ${expected.project}`);
  if (publish.args[2] !== expected.project) violations.push(`build stage: publish ${expected.project}`);
  if (!publish.args.includes("--no-restore"))
    violations.push("build stage: publish with --no-restore so the restore layer is the one used");
  if (optionValue(publish.args, "-c", "--configuration") !== "Release") violations.push("build stage: publish -c Release");
  const restoreRid = optionValue(restore.args, "-r", "--runtime");
  const publishRid = optionValue(publish.args, "-r", "--runtime");
  if (restoreRid !== publishRid) violations.push("build stage: restore and publish must use the same runtime identifier");

  if (publish.args.some((arg) => /PublishAot=/i.test(arg))) {
    violations.push("build stage: publish without -p:PublishAot (the project file decides, the image target follows it)");
  }

  const copiedBefore = (end) =>
    stage.instructions
      .slice(0, end)
      .filter((instruction) => instruction.getKeyword() === "COPY")
      .flatMap((copy) =>
        words(copy)
          .filter((arg) => !arg.startsWith("--"))
          .slice(0, -1),
      );
  const restoreInputs = copiedBefore(restore.index);
  const wantedRestoreInputs = [...ROOT_BUILD_FILES, ...expected.closure];
  const missing = wantedRestoreInputs.filter((file) => !restoreInputs.includes(file));
  const notProjectFiles = restoreInputs.filter((file) => !ROOT_BUILD_FILES.includes(file) && !file.endsWith(".csproj"));
  if (missing.length > 0 || notProjectFiles.length > 0) {
    violations.push(
      `build stage: before restore copy exactly the project and props files, including ${wantedRestoreInputs.join(", ")}` +
        ` (missing: ${missing.join(", ") || "none"}; not project files: ${notProjectFiles.join(", ") || "none"})`,
    );
  }
  const sourceInputs = copiedBefore(publish.index).slice(restoreInputs.length);
  for (const projectDir of expected.closure.map((project) => `${path.posix.dirname(project)}/`)) {
    const covered = sourceInputs.some((source) => source.endsWith("/") && projectDir.startsWith(source));
    if (!covered) violations.push(`build stage: copy the sources of ${projectDir} after the restore`);
  }
}

/**
 * Returns the rule violations of the Dockerfile for one image (empty when it keeps every rule).
 * expected: { project, assembly, closure, port, aot, target, buildArgs }.
 */
export function checkDockerfile(text, expected) {
  const violations = [];
  const { dockerfile, stages } = parseStages(resolveBuildArgs(text, expected.buildArgs));
  if (dockerfile.getHEALTHCHECKs().length > 0) violations.push("no HEALTHCHECK: Kubernetes probes check health");
  if (stages.length < 2) {
    violations.push("multi-stage: a build stage and a separate runtime stage");
    return violations;
  }
  checkBaseImages(stages, violations);
  const buildStage = stages.find((stage) => stage.instructions.some((i) => i.getKeyword() === "RUN" && words(i)[1] === "publish"));
  if (!buildStage) {
    violations.push("build stage: no `dotnet publish` found");
    return violations;
  }
  checkBuildStage(buildStage, expected, violations);
  const runtime = stages.find((stage) => stage.name === expected.target);
  if (!runtime) {
    violations.push(`no stage named ${expected.target}: the image target of ${expected.project}`);
    return violations;
  }
  checkRuntimeStage(runtime, buildStage, expected, violations);
  return violations;
}
