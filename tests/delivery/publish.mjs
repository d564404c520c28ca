// Publishes every service exactly as its Dockerfile's build stage does (no container engine needed).
// Usage: node tests/delivery/publish.mjs [--variant=framework-dependent|ready-to-run|aot] [ServiceDir ...]
//        (default: the Dockerfile's own command, for every service with a Dockerfile)
// Output: artifacts/publish/<ServiceDir>/<variant>/
import path from 'node:path';
import { runBuildStage } from './lib/build-stage.mjs';
import { dockerfileServices, repoRoot } from './lib/repo.mjs';

const args = process.argv.slice(2);
const variant = args.find((arg) => arg.startsWith('--variant='))?.slice('--variant='.length) ?? 'framework-dependent';
const wanted = args.filter((arg) => !arg.startsWith('--'));
const services = dockerfileServices().filter((service) => wanted.length === 0 || wanted.includes(path.basename(service.dir)));
if (wanted.length > 0 && services.length !== wanted.length) {
  console.error(`unknown service folder in ${wanted.join(', ')}; known: ${dockerfileServices().map((s) => path.basename(s.dir)).join(', ')}`);
  process.exit(2);
}

let failures = 0;
for (const service of services) {
  const output = path.join(repoRoot, 'artifacts/publish', path.basename(service.dir), variant);
  console.log(`== ${service.dockerfile} (${variant})`);
  const result = runBuildStage(service.dockerfile, output, { variant, log: console.log });
  if (result.ok) {
    console.log(`published to ${path.relative(repoRoot, output)}`);
  } else {
    failures += 1;
    console.error(result.log.split('\n').filter((line) => /error|warn/i.test(line)).slice(0, 20).join('\n') || result.log.slice(-4000));
    console.error(`FAILED: ${service.dockerfile}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
