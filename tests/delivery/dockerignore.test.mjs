import assert from "node:assert/strict";
import { describe, it } from "node:test";
import dockerignore from "@balena/dockerignore";
import { parseStages, words } from "./lib/dockerfile-rules.mjs";
import { DOCKERFILE, readRepoFile } from "./lib/repo.mjs";

const rules = dockerignore({ ignorecase: false }).add(readRepoFile(".dockerignore"));

const contextSources = (dockerfileText) =>
  parseStages(dockerfileText)
    .stages.flatMap((stage) => stage.instructions)
    .filter((instruction) => instruction.getKeyword() === "COPY" && !instruction.getFromFlag())
    .flatMap((copy) =>
      words(copy)
        .filter((arg) => !arg.startsWith("--"))
        .slice(0, -1),
    );

describe(".dockerignore", () => {
  it("keeps every file the Dockerfile copies from the build context", () => {
    const sources = contextSources(readRepoFile(DOCKERFILE));
    assert.ok(sources.length > 0);
    for (const source of sources) {
      const probe = source.endsWith("/") ? `${source}catalog.json` : source;
      assert.equal(rules.ignores(probe), false, `${DOCKERFILE} copies ${source}, which .dockerignore excludes`);
    }
    for (const source of ["services/DbService/Program.cs", "services/DbService/Migrations/Sql/0001_accounts.sql"]) {
      assert.equal(rules.ignores(source), false, `${source} must reach the build context`);
    }
  });

  it("leaves build outputs, tests, infrastructure and VCS data out of the context", () => {
    for (const excluded of [
      "services/DbService/bin/Release/net10.0/EShop.DbService.dll",
      "services/ServiceDefaults/obj/project.assets.json",
      "tests/EShop.Shop.Tests/JourneyTests.cs",
      "tests/delivery/node_modules/yaml/package.json",
      "infra/index.ts",
      ".git/HEAD",
      "node_modules/@pulumi/pulumi/package.json",
    ]) {
      assert.equal(rules.ignores(excluded), true, `${excluded} should not reach the build context`);
    }
  });
});
