// Publishes services exactly as services/Dockerfile's build stage does (no container engine needed).
// Usage: node tests/delivery/publish.mjs [--variant=dockerfile|framework-dependent|aot] [ServiceFolder ...]
//        (default: the Dockerfile's own command, which is Native AOT where the project sets PublishAot; every image)
// Output: artifacts/publish/<ServiceFolder>/<variant>/
import path from "node:path";
import { runBuildStage } from "./lib/build-stage.mjs";
import { dockerfileServices, repoRoot } from "./lib/repo.mjs";

const args = process.argv.slice(2);
const variant = args.find((arg) => arg.startsWith("--variant="))?.slice("--variant=".length) ?? "dockerfile";
const wanted = args.filter((arg) => !arg.startsWith("--"));
const services = dockerfileServices().filter((service) => wanted.length === 0 || wanted.includes(service.folder));
if (wanted.length > 0 && services.length !== wanted.length) {
  console.error(
    `unknown service folder in ${wanted.join(", ")}; known: ${dockerfileServices()
      .map((s) => s.folder)
      .join(", ")}`,
  );
  process.exit(2);
}

let failures = 0;
for (const service of services) {
  const output = path.join(repoRoot, "artifacts/publish", service.folder, variant);
  console.log(`== ${service.dockerfile} SERVICE=${service.folder} (${variant})`);
  const result = runBuildStage(service, output, { variant, log: console.log });
  if (result.ok) {
    console.log(`published to ${path.relative(repoRoot, output)}`);
  } else {
    failures += 1;
    console.error(
      result.log
        .split("\n")
        .filter((line) => /error|warn/i.test(line))
        .slice(0, 20)
        .join("\n") || result.log.slice(-4000),
    );
    console.error(`FAILED: ${service.folder}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
