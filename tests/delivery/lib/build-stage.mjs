// Runs a Dockerfile's .NET build stage without a container engine: the same COPY layout from the build
// context (honouring .dockerignore) into a scratch WORKDIR, then the stage's exact `dotnet` commands.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import { parseStages, words } from './dockerfile-rules.mjs';
import { readRepoFile, repoRoot } from './repo.mjs';

/** The build stage as a plan: { workdir, copies: [{ sources, destination }], commands: [[...args]], output }. */
export function buildStagePlan(dockerfileText) {
  const { stages } = parseStages(dockerfileText);
  const stage = stages.find((s) => s.instructions.some((i) => i.getKeyword() === 'RUN' && words(i)[1] === 'publish'));
  if (!stage) throw new Error('no build stage with `dotnet publish`');
  const plan = { workdir: '/', copies: [], commands: [] };
  for (const instruction of stage.instructions) {
    const args = words(instruction);
    switch (instruction.getKeyword()) {
      case 'WORKDIR': plan.workdir = path.posix.resolve(plan.workdir, args[0]); break;
      case 'COPY': plan.copies.push({ sources: args.slice(0, -1), destination: path.posix.resolve(plan.workdir, args.at(-1)) }); break;
      case 'RUN':
        if (args[0] !== 'dotnet') throw new Error(`unsupported build step (only dotnet commands are emulated): RUN ${args.join(' ')}`);
        plan.commands.push(args);
        break;
      default: throw new Error(`unsupported build-stage instruction ${instruction.getKeyword()}`);
    }
  }
  const publish = plan.commands.find((args) => args[1] === 'publish');
  plan.output = publish[publish.indexOf('-o') + 1];
  return plan;
}

export const VARIANTS = ['framework-dependent', 'ready-to-run', 'aot', 'aot-analyzers'];

/**
 * The Dockerfile's plan, or a variant of it made only with publish properties (never a csproj edit):
 * ready-to-run precompiles the IL for linux-x64 (still on the ASP.NET runtime image); aot is Native AOT;
 * aot-analyzers builds with the trim and AOT analyzers on, which fails on any code Native AOT cannot compile.
 */
export function variantPlan(plan, variant, runtimeIdentifier = 'linux-x64') {
  const extra = {
    'framework-dependent': null,
    'ready-to-run': { restore: ['-r', runtimeIdentifier, '-p:PublishReadyToRun=true'], publish: ['-r', runtimeIdentifier, '--self-contained', 'false', '-p:PublishReadyToRun=true'], dropAppHostFlag: false },
    aot: { restore: ['-r', runtimeIdentifier, '-p:PublishAot=true'], publish: ['-r', runtimeIdentifier, '-p:PublishAot=true'], dropAppHostFlag: true },
  }[variant];
  if (variant === 'aot-analyzers') {
    // What PublishAot=true switches on, minus the native compiler pack (which the registry here lacks):
    // the source generators that replace reflection, and the analyzers; restore must see them too.
    const analysis = ['-p:EnableAotAnalyzer=true', '-p:EnableTrimAnalyzer=true', '-p:EnableRequestDelegateGenerator=true', '-p:EnableConfigurationBindingGenerator=true'];
    return { ...plan, commands: plan.commands.map((args) => {
      if (args[1] === 'restore') return [...args, ...analysis];
      if (args[1] === 'publish') return ['dotnet', 'build', ...args.slice(2).filter((arg) => arg !== '-p:UseAppHost=false'), ...analysis];
      return args;
    }) };
  }
  if (extra === undefined) throw new Error(`unknown variant ${variant}; known: ${VARIANTS.join(', ')}`);
  if (extra === null) return plan;
  const commands = plan.commands.map((args) => {
    if (args[1] === 'restore') return [...args, ...extra.restore];
    if (args[1] === 'publish') return [...args.filter((arg) => !(extra.dropAppHostFlag && arg === '-p:UseAppHost=false')), ...extra.publish];
    return args;
  });
  return { ...plan, commands };
}

/** Docker COPY from the context: a folder's contents land in the destination, a file lands inside it. */
function copyFromContext(sources, destination, ignore, scratch) {
  const keep = (file) => {
    const relative = path.relative(repoRoot, file);
    return relative === '' || !(ignore.ignores(relative) || ignore.ignores(`${relative}/`));
  };
  for (const source of sources) {
    const from = path.join(repoRoot, source);
    const to = statSync(from).isDirectory() ? path.join(scratch, destination) : path.join(scratch, destination, path.basename(source));
    cpSync(from, to, { recursive: true, filter: keep });
  }
}

/**
 * Runs the build stage of `dockerfile` (repository-relative) and leaves the published output in `outputDir`.
 * Returns { ok, commands, log }. `variant` is one of VARIANTS.
 */
export function runBuildStage(dockerfile, outputDir, { variant = 'framework-dependent', log = () => {} } = {}) {
  const plan = variantPlan(buildStagePlan(readRepoFile(dockerfile)), variant);
  const ignore = dockerignore({ ignorecase: false }).add(readRepoFile('.dockerignore'));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'eshop-build-stage-'));
  try {
    for (const { sources, destination } of plan.copies) {
      mkdirSync(path.join(scratch, destination), { recursive: true });
      copyFromContext(sources, destination, ignore, scratch);
    }
    rmSync(outputDir, { recursive: true, force: true });
    const executed = [];
    for (const args of plan.commands) {
      const command = args.map((arg) => (arg === plan.output ? outputDir : arg));
      executed.push(command.join(' '));
      log(`$ ${command.join(' ')}`);
      const result = spawnSync(command[0], command.slice(1), {
        cwd: path.join(scratch, plan.workdir), encoding: 'utf8', env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      });
      if (result.status !== 0) {
        return { ok: false, commands: executed, log: `${result.stdout}\n${result.stderr}` };
      }
    }
    return { ok: true, commands: executed, log: '' };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
