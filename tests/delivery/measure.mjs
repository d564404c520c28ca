// Benchmark (prints figures, never fails on a time): for every service image, the size of what the image ships
// and the process start-to-ready time (spawn until /healthz answers 200, median of --runs starts), for both builds
// of services/Dockerfile's build stage: framework-dependent and Native AOT (a service that is not AOT-ready shows
// why its AOT build fails).
// Usage: node tests/delivery/measure.mjs [--runs=5] [--reuse: keep the builds of an earlier run] [ServiceFolder ...]
// Installs what it needs when run as root (PostgreSQL for db-service, clang for Native AOT: tests/install-prerequisites.sh).
import { createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { runBuildStage } from "./lib/build-stage.mjs";
import { freePort, startUntilReady } from "./lib/processes.mjs";
import { dockerfileServices, readCatalog, repoRoot } from "./lib/repo.mjs";
import { startThrowawayPostgres } from "./lib/throwaway-postgres.mjs";

const BUILDS = ["framework-dependent", "aot"];
const CARD_VENDORS = ["Visa", "Mastercard", "Amex"];
const args = process.argv.slice(2);
const runs = Number(args.find((arg) => arg.startsWith("--runs="))?.split("=")[1] ?? 5);
const reuse = args.includes("--reuse");
const wanted = args.filter((arg) => !arg.startsWith("--"));
const catalog = readCatalog();
const workRoot = path.join(repoRoot, "artifacts/measure");
const secret = () => randomBytes(24).toString("hex");
// Each catalog caller has its own credential; a callee knows only their SHA-256 digests (as the app host sets them).
const callers = catalog.services.filter((service) => service.calls.length > 0).map((service) => service.name);
const secrets = { vendorKey: secret(), fingerprintKey: secret(), credentials: Object.fromEntries(callers.map((name) => [name, secret()])) };
const digest = (credential) => createHash("sha256").update(credential).digest("hex");
const services = dockerfileServices();
const isWanted = (service) => wanted.length === 0 || wanted.includes(service.folder);

execFileSync("bash", [path.join(repoRoot, "tests/install-prerequisites.sh")], { stdio: "inherit" });

const directorySize = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, entry) => sum + (entry.isDirectory() ? directorySize(path.join(dir, entry.name)) : statSync(path.join(dir, entry.name)).size),
    0,
  );
// What the image's runtime stage copies: the executable alone (AOT), or the whole output (framework-dependent).
const shippedSize = (build) =>
  build.variant === "aot" ? statSync(path.join(build.output, build.service.assembly)).size : directorySize(build.output);
const firstError = (log) => {
  const findings = [
    ...new Set([...log.matchAll(/([\w.-]+\.cs)\(\d+,\d+\): (?:error|warning) (IL\d+|SYSLIB\d+)/g)].map((m) => `${m[2]} ${m[1]}`)),
  ];
  if (findings.length > 0) return `${findings.length} trim/AOT findings, e.g. ${findings.slice(0, 4).join(", ")}`;
  const errors = [...new Set([...log.matchAll(/error ([A-Z]+\d+): ([^[\n]+)/g)].map((m) => `${m[1]}: ${m[2].trim()}`))];
  return errors.length === 0 ? log.trim().split("\n").at(-1) : errors.slice(0, 2).join(" | ");
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function environmentFor(service, dependencies, port) {
  const entry = catalog.services.find((candidate) => candidate.name === service.name);
  const env = { ASPNETCORE_ENVIRONMENT: "Production", ASPNETCORE_HTTP_PORTS: String(port) };
  if (entry && secrets.credentials[entry.name]) env.InternalAuth__Token = secrets.credentials[entry.name];
  if (entry && catalog.services.some((other) => other.calls.some((call) => call.service === entry.name))) {
    for (const caller of callers) env[`InternalAuth__Callers__${caller}`] = digest(secrets.credentials[caller]);
  }
  if (!entry) env.Simulator__ApiKey = secrets.vendorKey;
  if (entry?.calls.some((call) => call.service === "db-service")) env.Services__DbService = dependencies.dbService;
  if (entry?.external.includes("postgresql")) {
    env.ConnectionStrings__Postgres = dependencies.postgres;
    env.Database__MigrateOnStartup = "false";
  }
  if (entry?.name === "payment-service") env.Payments__FingerprintKey = secrets.fingerprintKey;
  if (entry?.external.includes("card-vendors")) {
    for (const vendor of CARD_VENDORS) {
      env[`Vendors__${vendor}__BaseUrl`] = dependencies.vendorSimulator;
      env[`Vendors__${vendor}__ApiKey`] = secrets.vendorKey;
    }
  }
  return env;
}

// Both builds start as the image starts them: the native executable, or the app host beside the assemblies.
const executableOf = (build) => path.join(build.output, build.service.assembly);

async function start(build, dependencies, label) {
  const port = await freePort();
  return startUntilReady({
    command: executableOf(build),
    args: [],
    env: environmentFor(build.service, dependencies, port),
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    logFile: path.join(workRoot, `${build.service.folder}-${build.variant}-${label}.log`),
  }).then((started) => ({ ...started, url: `http://127.0.0.1:${port}` }));
}

// Not a timing: that a build really serves its JSON (source-generated under AOT) through db-service and PostgreSQL.
async function signUpAndLogIn(url) {
  const account = JSON.stringify({ email: `measure-${randomBytes(6).toString("hex")}@example.com`, password: "correct horse battery" });
  const post = (route) =>
    fetch(`${url}/api/v1/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: account });
  const signup = await post("signup");
  const login = await post("login");
  const token = login.ok ? (await login.json()).token : undefined;
  return `signup ${signup.status}, login ${login.status}${token ? " with a token" : ""}`;
}

async function listProducts(url) {
  const page = await fetch(`${url}/api/v1/products?limit=5`);
  const items = page.ok ? (await page.json()).items : undefined;
  return `GET /products ${page.status}${items ? ` with ${items.length} products` : ""}`;
}

// A user and a session made directly in db-service with user-service's credential (user-service need not run), then one
// approved payment with a simulator test card: begin, the vendor charge and finish, each through source-generated JSON.
async function payOnce(url, dependencies) {
  const asCaller = (caller, method, route, body) =>
    fetch(`${dependencies.dbService}/api/v1/${route}`, {
      method,
      body: body && JSON.stringify(body),
      headers: { "content-type": "application/json", "x-internal-token": secrets.credentials[caller] },
    });
  const user = await asCaller("user-service", "POST", "user", {
    email: `measure-${randomBytes(6).toString("hex")}@example.com`,
    passwordHash: "not-a-hash",
  });
  if (!user.ok) return `db-service POST /user ${user.status}`;
  const { id, passwordVersion } = await user.json();
  const token = randomBytes(32).toString("base64url");
  const session = await asCaller("user-service", "POST", "session", {
    userId: id,
    tokenHash: createHash("sha256").update(token).digest("hex"),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    passwordVersion,
  });
  if (!session.ok) return `db-service POST /session ${session.status}`;
  const products = await asCaller("product-service", "GET", "product?limit=1");
  if (!products.ok) return `db-service GET /product ${products.status}`;
  const [product] = (await products.json()).items;
  const paid = await fetch(`${url}/api/v1/pay`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": randomBytes(8).toString("hex") },
    body: JSON.stringify({
      items: [{ productId: product.id, quantity: 1 }],
      card: { number: "4242424242424242", expiryMonth: 12, expiryYear: 2035, cvc: "123", holderName: "Measure Run" },
    }),
  });
  const answer = paid.ok ? await paid.json() : undefined;
  return `POST /pay ${paid.status}${answer ? ` ${answer.status}` : ""}`;
}

// What each build must serve once (run 0) besides /healthz.
const smokes = { "user-service": signUpAndLogIn, "product-service": listProducts, "payment-service": payOnce };

mkdirSync(workRoot, { recursive: true });
const builds = [];
const dependencyNames = ["db-service", "vendor-simulator"];
for (const service of services.filter((s) => isWanted(s) || dependencyNames.includes(s.name))) {
  for (const variant of isWanted(service) ? BUILDS : [service.target]) {
    const output = path.join(workRoot, service.folder, variant);
    const earlier = reuse && existsSync(path.join(output, service.assembly));
    process.stderr.write(`${earlier ? "reusing" : "publishing"} ${service.name} (${variant})\n`);
    const result = earlier ? { ok: true, log: "" } : runBuildStage(service, output, { variant });
    builds.push({ service, variant, output, ok: result.ok, error: result.ok ? "" : firstError(result.log) });
  }
}
for (const build of builds.filter((b) => b.ok)) build.size = shippedSize(build);

// The dependencies run as their images do (Native AOT where the project says so), so every smoke goes through them too.
const dependencyBuild = (name) => builds.find((build) => build.service.name === name && build.variant === build.service.target && build.ok);
const postgres = await startThrowawayPostgres();
const running = [];
const measured = builds.filter((b) => b.ok && isWanted(b.service));
try {
  const dependencies = { postgres: postgres.connectionString };
  const db = dependencyBuild("db-service");
  for (const command of ["migrate", "seed"]) {
    execFileSync(executableOf(db), [command], { env: { ...process.env, ...environmentFor(db.service, dependencies, 0) }, stdio: "pipe" });
  }
  const simulator = await start(dependencyBuild("vendor-simulator"), dependencies, "dependency");
  running.push(simulator);
  dependencies.vendorSimulator = simulator.url;
  const dbService = await start(db, dependencies, "dependency");
  running.push(dbService);
  dependencies.dbService = dbService.url;

  // Runs interleave the builds, so a burst of load on the machine spreads over every build alike.
  for (const build of measured) build.readyMs = [];
  for (let run = 0; run < runs; run += 1) {
    for (const build of measured) {
      const instance = await start(build, dependencies, `run${run}`);
      build.readyMs.push(instance.readyAfterMs);
      if (run === 0 && smokes[build.service.name]) build.smoke = await smokes[build.service.name](instance.url, dependencies);
      await instance.stop();
    }
  }
} finally {
  for (const instance of running.reverse()) await instance.stop();
  postgres.stop();
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
console.log(`| service | build | shipped size (MB) | start to /healthz 200 (ms, median of ${runs}) | note |`);
console.log("|---|---|---:|---:|---|");
for (const build of builds.filter((b) => isWanted(b.service))) {
  const image = [build.variant === build.service.target ? "the image" : "", build.smoke ?? ""].filter(Boolean).join("; ");
  console.log(
    build.ok
      ? `| ${build.service.name} | ${build.variant} | ${mb(build.size)} | ${Math.round(median(build.readyMs))} | ${image} |`
      : `| ${build.service.name} | ${build.variant} | – | – | does not build: ${build.error} |`,
  );
}
