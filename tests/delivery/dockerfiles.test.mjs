import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { checkDockerfile, parseStages, resolveBuildArgs } from "./lib/dockerfile-rules.mjs";
import { DOCKERFILE, dockerfileServices, projectClosure, readCatalog, readRepoFile, repoRoot } from "./lib/repo.mjs";

const catalog = readCatalog();
const services = dockerfileServices();
const expectationsFor = (service) => ({
  ...service,
  closure: projectClosure(service.project),
  port: catalog.services.find((entry) => entry.project === service.project)?.port ?? 8080,
});
const dockerfile = readRepoFile(DOCKERFILE);

describe("services/Dockerfile", () => {
  it("builds every catalog service and the vendor simulator, each from its own project", () => {
    assert.deepEqual(services.map((s) => s.name).sort(), [...catalog.services.map((s) => s.name), "vendor-simulator"].sort());
  });

  for (const service of services) {
    it(`keeps every delivery rule for SERVICE=${service.folder} --target ${service.target}`, () => {
      assert.deepEqual(checkDockerfile(dockerfile, expectationsFor(service)), []);
    });
  }

  it("is the only Dockerfile (no per-service copies to drift apart)", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*Dockerfile*"], {
      cwd: repoRoot,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
    assert.deepEqual(files, [DOCKERFILE]);
  });

  it("gives both targets the RDS CA bundle, world-readable, at the path the Pulumi program puts in the connection string", () => {
    const { stages } = parseStages(dockerfile);
    const path = /RDS_CA_BUNDLE_PATH = "([^"]+)"/.exec(readRepoFile("infra/database.ts"))[1];
    for (const target of ["aot", "framework-dependent"]) {
      const adds = stages
        .find((stage) => stage.name === target)
        .instructions.filter((i) => i.getKeyword() === "ADD")
        .map((i) => [...i.getFlags().map((f) => `--${f.getName()}=${f.getValue()}`), ...i.getArguments().map((a) => a.getValue())]);
      assert.deepEqual(adds, [["--chmod=644", "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem", path]], target);
    }
    assert.match(readRepoFile("infra/database.ts"), /SSL Mode=VerifyFull;Root Certificate=\$\{RDS_CA_BUNDLE_PATH\}/);
  });
});

describe("the image list the workflows build", () => {
  it("has each image with the folder the Dockerfile needs and the target its project decides", () => {
    const list = (...args) =>
      JSON.parse(execFileSync("bash", [".github/scripts/service-images.sh", ...args], { cwd: repoRoot, encoding: "utf8" }));
    const expected = services.map(({ name, dir, folder, target }) => ({ name, dir, folder, target }));
    assert.deepEqual(list("--include-local"), expected);
    assert.deepEqual(
      list(),
      expected.filter((image) => image.name !== "vendor-simulator"),
      "only catalog services are deployed",
    );
  });
});

describe("Dockerfile rules reject what they forbid", () => {
  const aotService = services.find((service) => service.aot);
  const fdService = services.find((service) => !service.aot) ?? { ...aotService, aot: false, target: "framework-dependent" };
  const violationsOf = (text, service = aotService) => checkDockerfile(text, expectationsFor(service));
  const hasViolation = (text, fragment, service = aotService) => {
    const violations = violationsOf(text, service);
    assert.ok(
      violations.some((violation) => violation.includes(fragment)),
      `expected "${fragment}" in ${JSON.stringify(violations)}`,
    );
  };
  const good = dockerfile;

  it("accepts the Dockerfile for both targets", () => {
    assert.deepEqual(violationsOf(good, aotService), []);
    assert.deepEqual(violationsOf(good, fdService), []);
  });

  it("resolves build arguments the way docker build does", () => {
    const text =
      "ARG SERVICE\nARG KIND=aot\nFROM x AS build\nARG SERVICE\nRUN dotnet publish services/${SERVICE}/$SERVICE.csproj --target $KIND $OTHER\n";
    assert.match(resolveBuildArgs(text, { SERVICE: "Foo" }), /publish services\/Foo\/Foo\.csproj --target aot \$OTHER\n/);
  });

  it("rejects a single-stage image", () => {
    hasViolation("FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble\nRUN dotnet publish x\n", "multi-stage");
  });

  it("rejects a HEALTHCHECK", () => {
    hasViolation(`${good}HEALTHCHECK CMD ["/app/probe"]\n`, "HEALTHCHECK");
  });

  it("rejects floating and foreign base images", () => {
    hasViolation(good.replace("sdk:10.0.401-noble-aot", "sdk:10.0-noble-aot"), "pin the base image");
    hasViolation(good.replace("runtime-deps:10.0.12-noble-chiseled", "runtime-deps:latest"), "pin the base image");
    hasViolation(good.replace("aspnet:10.0.12-noble-chiseled", "aspnet:latest"), "pin the base image", fdService);
    hasViolation(good.replace("mcr.microsoft.com/dotnet/sdk", "docker.io/library/dotnet-sdk"), "mcr.microsoft.com/dotnet");
  });

  it("rejects root or a missing USER", () => {
    hasViolation(good.replace("USER 1654:1654", "USER root"), "non-root UID");
    hasViolation(good.replaceAll("USER 1654:1654\n", ""), "non-root UID", fdService);
  });

  it("rejects a runtime image with a shell", () => {
    hasViolation(good.replace("runtime-deps:10.0.12-noble-chiseled", "runtime-deps:10.0.12-noble"), "chiseled");
    hasViolation(good.replace("aspnet:10.0.12-noble-chiseled", "aspnet:10.0.12-noble"), "chiseled", fdService);
  });

  it("rejects source copied before the restore layer", () => {
    hasViolation(
      good.replace("COPY services/Catalog/EShop.Catalog.csproj services/Catalog/", "COPY services/Catalog/ services/Catalog/"),
      "not project files: services/Catalog/",
    );
  });

  it("rejects a restore layer that misses a referenced project", () => {
    hasViolation(
      good.replace("COPY services/ServiceDefaults/EShop.ServiceDefaults.csproj services/ServiceDefaults/\n", ""),
      "missing: services/ServiceDefaults/EShop.ServiceDefaults.csproj",
    );
    hasViolation(good.replace(`COPY ${aotService.project} ${aotService.dir}/\n`, ""), `missing: ${aotService.project}`);
  });

  it("rejects a build stage without the sources", () => {
    hasViolation(good.replace("COPY services/ services/\n", ""), "copy the sources of services/Catalog/");
  });

  it("rejects a publish that restores again, or that decides AOT instead of the project", () => {
    hasViolation(good.replace(" --no-restore", ""), "--no-restore");
    hasViolation(good.replace("-r linux-x64 -o /app", "-r linux-x64 -o /app -p:PublishAot=true"), "without -p:PublishAot");
  });

  it("rejects a restore and publish for different runtimes", () => {
    hasViolation(good.replace(".csproj -r linux-x64\n", ".csproj -r linux-arm64\n"), "same runtime identifier");
  });

  it("rejects a shell-form ENTRYPOINT, and an entry point under another name", () => {
    hasViolation(good.replace('ENTRYPOINT ["./service"]', "ENTRYPOINT ./service"), "exec form");
    hasViolation(good.replace("EShop.${SERVICE} ./service\n# The RDS", "EShop.${SERVICE} ./app\n# The RDS"), "to ./service");
  });

  it("rejects a Native AOT image on the ASP.NET image, a framework-dependent one on runtime-deps", () => {
    hasViolation(
      good.replace("runtime-deps:10.0.12-noble-chiseled AS aot", "aspnet:10.0.12-noble-chiseled AS aot"),
      "Native AOT builds run on dotnet/runtime-deps",
    );
    hasViolation(
      good.replace("aspnet:10.0.12-noble-chiseled AS framework-dependent", "runtime-deps:10.0.12-noble-chiseled AS framework-dependent"),
      "framework-dependent builds run on dotnet/aspnet",
      fdService,
    );
  });

  it("rejects an AOT image that ships the symbols, a framework-dependent one without its assemblies", () => {
    hasViolation(
      good.replace(
        "COPY --from=build /app/EShop.${SERVICE} ./service\n# The RDS",
        "COPY --from=build /app/ ./\nCOPY --from=build /app/EShop.${SERVICE} ./service\n# The RDS",
      ),
      "executable only",
    );
    hasViolation(good.replace("COPY --from=build /app/ ./\n", ""), "copies the whole output", fdService);
  });

  it("rejects an image whose target stage is missing", () => {
    hasViolation(good.replace(" AS aot\n", " AS native\n"), "no stage named aot");
  });
});
