// Proves each Dockerfile's build stage builds: runs its exact dotnet commands (see lib/build-stage.mjs).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildStagePlan, runBuildStage } from './lib/build-stage.mjs';
import { dockerfileServices, readRepoFile } from './lib/repo.mjs';

const outputRoot = mkdtempSync(path.join(os.tmpdir(), 'eshop-publish-test-'));
after(() => rmSync(outputRoot, { recursive: true, force: true }));

describe('each Dockerfile build stage publishes its service', () => {
  for (const service of dockerfileServices()) {
    it(`${service.dockerfile}`, { timeout: 10 * 60 * 1000 }, () => {
      const output = path.join(outputRoot, path.basename(service.dir));
      const result = runBuildStage(service.dockerfile, output);
      assert.ok(result.ok, `${result.commands.at(-1)} failed:\n${result.log.slice(-3000)}`);
      assert.ok(existsSync(path.join(output, `${service.assembly}.dll`)), 'the ENTRYPOINT assembly is published');
      const runtimeConfig = JSON.parse(readFileSync(path.join(output, `${service.assembly}.runtimeconfig.json`), 'utf8'));
      const frameworks = [runtimeConfig.runtimeOptions.framework, ...(runtimeConfig.runtimeOptions.frameworks ?? [])].filter(Boolean);
      assert.ok(frameworks.some((framework) => framework.name === 'Microsoft.AspNetCore.App'), 'runs on the aspnet runtime image');
    });
  }
});

describe('the build-stage emulator follows the Dockerfile', () => {
  it('copies and runs exactly what the build stage says', () => {
    const plan = buildStagePlan(readRepoFile('services/UserService/Dockerfile'));
    assert.equal(plan.workdir, '/src');
    assert.equal(plan.output, '/app');
    assert.deepEqual(plan.commands.map((args) => args.slice(0, 2).join(' ')), ['dotnet restore', 'dotnet publish']);
  });

  it('refuses build steps it cannot reproduce', () => {
    const dockerfile = 'FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build\nRUN apt-get install -y clang\nRUN dotnet publish x -o /app\n';
    assert.throws(() => buildStagePlan(dockerfile), /only dotnet commands are emulated/);
  });
});
