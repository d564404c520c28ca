import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import dockerignore from '@balena/dockerignore';
import { parseStages, words } from './lib/dockerfile-rules.mjs';
import { dockerfileServices, readRepoFile } from './lib/repo.mjs';

const rules = dockerignore({ ignorecase: false }).add(readRepoFile('.dockerignore'));

const contextSources = (dockerfileText) => parseStages(dockerfileText).stages
  .flatMap((stage) => stage.instructions)
  .filter((instruction) => instruction.getKeyword() === 'COPY' && !instruction.getFromFlag())
  .flatMap((copy) => words(copy).filter((arg) => !arg.startsWith('--')).slice(0, -1));

describe('.dockerignore', () => {
  it('keeps every file the Dockerfiles copy from the build context', () => {
    for (const service of dockerfileServices()) {
      for (const source of contextSources(readRepoFile(service.dockerfile))) {
        const probe = source.endsWith('/') ? `${source}Program.cs` : source;
        assert.equal(rules.ignores(probe), false, `${service.dockerfile} copies ${source}, which .dockerignore excludes`);
      }
    }
  });

  it('leaves build outputs, tests, infrastructure and VCS data out of the context', () => {
    for (const excluded of [
      'services/DbService/bin/Release/net10.0/EShop.DbService.dll',
      'services/ServiceDefaults/obj/project.assets.json',
      'tests/EShop.Shop.Tests/JourneyTests.cs',
      'tests/delivery/node_modules/yaml/package.json',
      'infra/index.ts',
      '.git/HEAD',
      'node_modules/@pulumi/pulumi/package.json',
    ]) {
      assert.equal(rules.ignores(excluded), true, `${excluded} should not reach the build context`);
    }
  });
});
