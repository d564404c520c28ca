// Proves services/Dockerfile's build stage builds each image: runs its exact dotnet commands (see lib/build-stage.mjs).
// Every service is published framework-dependent (fast); one Native AOT service is published for real, as its image
// does, and its executable started alone: a Native AOT publish takes minutes, one per run keeps the suite short.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { buildStagePlan, runBuildStage } from "./lib/build-stage.mjs";
import { freePort, startUntilReady } from "./lib/processes.mjs";
import { DOCKERFILE, dockerfileServices, readRepoFile } from "./lib/repo.mjs";

const outputRoot = mkdtempSync(path.join(os.tmpdir(), "eshop-publish-test-"));
after(() => rmSync(outputRoot, { recursive: true, force: true }));
const services = dockerfileServices();
const ELF_MAGIC = "7f454c46";

describe("the build stage publishes every service framework-dependent", () => {
  for (const service of services) {
    it(`SERVICE=${service.folder}`, { timeout: 10 * 60 * 1000 }, () => {
      const output = path.join(outputRoot, service.folder, "framework-dependent");
      const result = runBuildStage(service, output, { variant: "framework-dependent" });
      assert.ok(result.ok, `${result.commands.at(-1)} failed:\n${result.log.slice(-3000)}`);
      assert.ok(existsSync(path.join(output, service.assembly)), "the app host the runtime stage copies to ./service is published");
      assert.ok(existsSync(path.join(output, `${service.assembly}.dll`)), "the assembly the app host runs is published");
      const runtimeConfig = JSON.parse(readFileSync(path.join(output, `${service.assembly}.runtimeconfig.json`), "utf8"));
      const frameworks = [runtimeConfig.runtimeOptions.framework, ...(runtimeConfig.runtimeOptions.frameworks ?? [])].filter(Boolean);
      assert.ok(
        frameworks.some((framework) => framework.name === "Microsoft.AspNetCore.App"),
        "runs on the aspnet runtime image",
      );
    });
  }
});

describe("the build stage publishes a Native AOT service as its image does", () => {
  const service = services.find((s) => s.folder === "VendorSimulator");
  it("the vendor simulator is a Native AOT project", () => assert.equal(service.target, "aot"));

  it("SERVICE=VendorSimulator: one native executable that starts alone and answers /healthz", { timeout: 45 * 60 * 1000 }, async () => {
    const output = path.join(outputRoot, service.folder, "dockerfile");
    const result = runBuildStage(service, output);
    assert.ok(result.ok, `${result.commands.at(-1)} failed:\n${result.log.slice(-3000)}`);
    const executable = path.join(output, service.assembly);
    assert.equal(readFileSync(executable).subarray(0, 4).toString("hex"), ELF_MAGIC, "a native executable");
    assert.equal(existsSync(path.join(output, `${service.assembly}.dll`)), false, "no managed assembly to run");
    // As in the runtime stage: the executable alone, under the image's entry name, outside the publish folder.
    const alone = mkdtempSync(path.join(outputRoot, "aot-alone-"));
    copyFileSync(executable, path.join(alone, "service"));
    rmSync(output, { recursive: true, force: true });
    chmodSync(path.join(alone, "service"), 0o755);
    const port = await freePort();
    const key = randomBytes(16).toString("hex");
    const started = await startUntilReady({
      command: path.join(alone, "service"),
      args: [],
      env: {
        ASPNETCORE_HTTP_PORTS: String(port),
        ASPNETCORE_ENVIRONMENT: "Production",
        Simulator__ApiKey: key,
        InternalAuth__Token: key,
        DOTNET_ROOT: "/nonexistent",
      },
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      logFile: path.join(alone, "service.log"),
    });
    try {
      const charge = await fetch(`http://127.0.0.1:${port}/v1/visa/charges`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key, "idempotency-key": "publish-test" },
        body: JSON.stringify({
          amountMinor: 1250,
          currency: "EUR",
          card: { number: "4242424242424242", expiryMonth: 12, expiryYear: 2099, cvc: "123" },
          tokenize: false,
        }),
      });
      assert.equal(charge.status, 200, await charge.clone().text());
      assert.equal((await charge.json()).last4, "4242", "the source-generated JSON reads and writes the bodies");
      const bad = await fetch(`http://127.0.0.1:${port}/admin/faults`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key },
        body: JSON.stringify({ mode: "bogus" }),
      });
      assert.equal(bad.status, 400, "validation problems are written under Native AOT too");
      assert.ok(Object.keys((await bad.json()).errors).includes("mode"));
    } finally {
      await started.stop();
    }
  });
});

describe("the build-stage emulator follows the Dockerfile", () => {
  it("copies and runs exactly what the build stage says, with the build argument", () => {
    const plan = buildStagePlan(readRepoFile(DOCKERFILE), { SERVICE: "UserService" });
    assert.equal(plan.workdir, "/src");
    assert.equal(plan.output, "/app");
    assert.deepEqual(
      plan.commands.map((args) => args.slice(0, 3).join(" ")),
      ["dotnet restore services/UserService/EShop.UserService.csproj", "dotnet publish services/UserService/EShop.UserService.csproj"],
    );
  });

  it("refuses build steps it cannot reproduce", () => {
    const dockerfile =
      "FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build\nRUN apt-get install -y clang\nRUN dotnet publish x -o /app\n";
    assert.throws(() => buildStagePlan(dockerfile), /only dotnet commands are emulated/);
  });
});
