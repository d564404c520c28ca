// Benchmark (prints figures, never fails on a time): published size and process start-to-ready time
// (spawn until /readyz answers 200) of every service, per build variant of its Dockerfile's build stage.
// Usage: node tests/delivery/measure.mjs [--runs=5] [ServiceDir ...]
// Needs the PostgreSQL server programs (initdb, pg_ctl) for db-service; see the README, section "Delivery".
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runBuildStage } from './lib/build-stage.mjs';
import { freePort, startUntilReady } from './lib/processes.mjs';
import { dockerfileServices, readCatalog, repoRoot } from './lib/repo.mjs';
import { startThrowawayPostgres } from './lib/throwaway-postgres.mjs';

const RUN_VARIANTS = ['framework-dependent', 'ready-to-run', 'aot'];
const CARD_VENDORS = ['Visa', 'Mastercard', 'Amex'];
const args = process.argv.slice(2);
const runs = Number(args.find((arg) => arg.startsWith('--runs='))?.split('=')[1] ?? 5);
const wanted = args.filter((arg) => !arg.startsWith('--'));
const catalog = readCatalog();
const workRoot = path.join(repoRoot, 'artifacts/measure');
const secrets = { internalToken: randomBytes(24).toString('hex'), vendorKey: randomBytes(24).toString('hex') };

const services = dockerfileServices().map((service) => ({
  ...service,
  name: catalog.services.find((entry) => entry.project === service.project)?.name ?? 'vendor-simulator',
}));
const byName = (name) => services.find((service) => service.name === name);

const directorySize = (dir) => readdirSync(dir, { withFileTypes: true })
  .reduce((sum, entry) => sum + (entry.isDirectory() ? directorySize(path.join(dir, entry.name)) : statSync(path.join(dir, entry.name)).size), 0);
const firstError = (log) => {
  const trimFindings = [...new Set([...log.matchAll(/([\w.-]+\.cs)\(\d+,\d+\): error (IL\d+)/g)].map((m) => `${m[2]} ${m[1]}`))];
  if (trimFindings.length > 0) return trimFindings.join(', ');
  const errors = [...new Set([...log.matchAll(/error ([A-Z]+\d+): ([^[\n]+)/g)].map((m) => `${m[1]}: ${m[2].trim()}`))];
  return errors.length === 0 ? log.trim().split('\n').at(-1) : errors.slice(0, 2).join(' | ');
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function environmentFor(service, dependencies, port) {
  const entry = catalog.services.find((candidate) => candidate.name === service.name);
  const env = { ASPNETCORE_ENVIRONMENT: 'Production', ASPNETCORE_HTTP_PORTS: String(port), InternalAuth__Token: secrets.internalToken };
  if (!entry) env.Simulator__ApiKey = secrets.vendorKey;
  if (entry?.calls.includes('db-service')) env.Services__DbService = dependencies.dbService;
  if (entry?.external.includes('postgresql')) {
    env.ConnectionStrings__Postgres = dependencies.postgres;
    env.Database__MigrateOnStartup = 'false';
  }
  if (entry?.external.includes('card-vendors')) {
    for (const vendor of CARD_VENDORS) {
      env[`Vendors__${vendor}__BaseUrl`] = dependencies.vendorSimulator;
      env[`Vendors__${vendor}__ApiKey`] = secrets.vendorKey;
    }
  }
  return env;
}

const launchCommand = (build) => (build.variant === 'aot'
  ? { command: path.join(build.output, build.service.assembly), args: [] }
  : { command: 'dotnet', args: [path.join(build.output, `${build.service.assembly}.dll`)] });

async function start(build, dependencies, label) {
  const port = await freePort();
  return startUntilReady({
    ...launchCommand(build),
    env: environmentFor(build.service, dependencies, port),
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    logFile: path.join(workRoot, `${path.basename(build.service.dir)}-${build.variant}-${label}.log`),
  }).then((started) => ({ ...started, url: `http://127.0.0.1:${port}` }));
}

mkdirSync(workRoot, { recursive: true });
const builds = [];
const aotAnalysis = new Map();
for (const service of services.filter((s) => wanted.length === 0 || wanted.includes(path.basename(s.dir)) || ['db-service', 'vendor-simulator'].includes(s.name))) {
  for (const variant of [...RUN_VARIANTS, 'aot-analyzers']) {
    const output = path.join(workRoot, path.basename(service.dir), variant);
    process.stderr.write(`building ${service.name} (${variant})\n`);
    const result = runBuildStage(service.dockerfile, output, { variant });
    if (variant === 'aot-analyzers') aotAnalysis.set(service.name, result.ok ? 'no trim/AOT warnings' : firstError(result.log));
    else builds.push({ service, variant, output, ok: result.ok, error: result.ok ? '' : firstError(result.log), size: result.ok ? directorySize(output) : 0 });
  }
}

const dependencyBuild = (name) => builds.find((build) => build.service.name === name && build.variant === 'framework-dependent' && build.ok);
const postgres = await startThrowawayPostgres();
const running = [];
try {
  const dependencies = { postgres: postgres.connectionString };
  const db = dependencyBuild('db-service');
  execFileSync('dotnet', [path.join(db.output, `${db.service.assembly}.dll`), 'migrate'], {
    env: { ...process.env, ...environmentFor(db.service, dependencies, 0) }, stdio: 'pipe',
  });
  const simulator = await start(dependencyBuild('vendor-simulator'), dependencies, 'dependency');
  running.push(simulator);
  dependencies.vendorSimulator = simulator.url;
  const dbService = await start(db, dependencies, 'dependency');
  running.push(dbService);
  dependencies.dbService = dbService.url;

  // Runs interleave the builds, so a burst of load on the machine spreads over every variant alike.
  const measured = builds.filter((b) => b.ok && (wanted.length === 0 || wanted.includes(path.basename(b.service.dir))));
  for (const build of measured) build.readyMs = [];
  for (let run = 0; run < runs; run += 1) {
    for (const build of measured) {
      const instance = await start(build, dependencies, `run${run}`);
      build.readyMs.push(instance.readyAfterMs);
      await instance.stop();
    }
  }
} finally {
  for (const instance of running.reverse()) await instance.stop();
  postgres.stop();
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
console.log(`| service | build | published size (MB) | start to /readyz 200 (ms, median of ${runs}) | note |`);
console.log('|---|---|---:|---:|---|');
for (const build of builds.filter((b) => wanted.length === 0 || wanted.includes(path.basename(b.service.dir)))) {
  const note = build.variant === 'aot' ? `trim/AOT analysis: ${aotAnalysis.get(build.service.name)}` : '';
  console.log(build.ok
    ? `| ${build.service.name} | ${build.variant} | ${mb(build.size)} | ${Math.round(median(build.readyMs))} | ${note} |`
    : `| ${build.service.name} | ${build.variant} | – | – | build fails: ${build.error}${note ? `; ${note}` : ''} |`);
}
