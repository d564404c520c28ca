import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDockerfile, parseStages } from './lib/dockerfile-rules.mjs';
import { dockerfileServices, projectClosure, readCatalog, readRepoFile } from './lib/repo.mjs';

const catalog = readCatalog();
const services = dockerfileServices();
const expectationsFor = (service) => ({
  project: service.project,
  assembly: service.assembly,
  closure: projectClosure(service.project),
  port: catalog.services.find((entry) => entry.project === service.project)?.port ?? 8080,
});

describe('service Dockerfiles', () => {
  it('exist for every catalog service and for the vendor simulator', () => {
    const withDockerfile = services.map((service) => service.project);
    for (const { name, project } of catalog.services) {
      assert.ok(withDockerfile.includes(project), `${name} (${project}) has no Dockerfile beside it`);
    }
    assert.ok(withDockerfile.includes('services/VendorSimulator/EShop.VendorSimulator.csproj'));
  });

  for (const service of services) {
    it(`${service.dockerfile} keeps every delivery rule`, () => {
      assert.deepEqual(checkDockerfile(readRepoFile(service.dockerfile), expectationsFor(service)), []);
    });
  }
});

describe('db-service image', () => {
  it('bakes in the RDS CA bundle, world-readable, at the path the Pulumi program puts in the connection string', () => {
    const { stages } = parseStages(readRepoFile('services/DbService/Dockerfile'));
    const runtime = stages.at(-1);
    const adds = runtime.instructions.filter((i) => i.getKeyword() === 'ADD')
      .map((i) => [...i.getFlags().map((f) => `--${f.getName()}=${f.getValue()}`), ...i.getArguments().map((a) => a.getValue())]);
    const path = /RDS_CA_BUNDLE_PATH = "([^"]+)"/.exec(readRepoFile('infra/database.ts'))[1];
    assert.deepEqual(adds, [['--chmod=644', 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem', path]]);
    assert.match(readRepoFile('infra/database.ts'), /SSL Mode=VerifyFull;Root Certificate=\$\{RDS_CA_BUNDLE_PATH\}/);
  });
});

describe('Dockerfile rules reject what they forbid', () => {
  const reference = services.find((service) => service.dir === 'services/DbService');
  const expected = expectationsFor(reference);
  const good = readRepoFile(reference.dockerfile);
  const violationsOf = (text) => checkDockerfile(text, expected);
  const hasViolation = (text, fragment) => {
    const violations = violationsOf(text);
    assert.ok(violations.some((violation) => violation.includes(fragment)), `expected "${fragment}" in ${JSON.stringify(violations)}`);
  };

  it('accepts the reference Dockerfile', () => assert.deepEqual(violationsOf(good), []));

  it('rejects a single-stage image', () => {
    hasViolation('FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble\nRUN dotnet publish x\n', 'multi-stage');
  });

  it('rejects a HEALTHCHECK', () => {
    hasViolation(`${good}HEALTHCHECK CMD ["/app/probe"]\n`, 'HEALTHCHECK');
  });

  it('rejects floating and foreign base images', () => {
    hasViolation(good.replace('sdk:10.0.401-noble', 'sdk:10.0'), 'pin the base image');
    hasViolation(good.replace('aspnet:10.0.12-noble-chiseled', 'aspnet:latest'), 'pin the base image');
    hasViolation(good.replace('mcr.microsoft.com/dotnet/sdk', 'docker.io/library/dotnet-sdk'), 'mcr.microsoft.com/dotnet');
  });

  it('rejects root or a missing USER', () => {
    hasViolation(good.replace('USER 1654:1654', 'USER root'), 'non-root UID');
    hasViolation(good.replace('USER 1654:1654\n', ''), 'non-root UID');
  });

  it('rejects a runtime image with a shell', () => {
    hasViolation(good.replace('10.0.12-noble-chiseled', '10.0.12-noble'), 'chiseled');
  });

  it('rejects source copied before the restore layer', () => {
    const sourceFirst = good.replace(
      'COPY services/DbService/EShop.DbService.csproj services/DbService/',
      'COPY services/DbService/ services/DbService/',
    );
    hasViolation(sourceFirst, 'before restore copy exactly');
  });

  it('rejects a restore layer that misses a referenced project', () => {
    const missingReference = good.replace('COPY services/ServiceDefaults/EShop.ServiceDefaults.csproj services/ServiceDefaults/\n', '');
    hasViolation(missingReference, 'before restore copy exactly');
  });

  it('rejects a publish that restores again', () => {
    hasViolation(good.replace(' --no-restore', ''), '--no-restore');
  });

  it('rejects a shell-form ENTRYPOINT and an AOT build on the ASP.NET image', () => {
    hasViolation(good.replace('ENTRYPOINT ["dotnet", "EShop.DbService.dll"]', 'ENTRYPOINT dotnet EShop.DbService.dll'), 'exec form');
    hasViolation(good.replace('-p:UseAppHost=false', '-p:PublishAot=true'), 'Native AOT builds run on dotnet/runtime-deps');
  });
});
