/**
 * Child process of the readiness suite: runs one stack's program under the mock runtime with a
 * changed configuration and prints each Deployment's pod template as JSON. Pulumi's runtime state
 * is global, so a second run with another configuration needs its own process.
 * Usage: node --import tsx tests/infra/render-pod-templates.ts <stack> '<[key, path[], value][] as JSON>'
 */
import { runStack } from "../../infra/plan/run";
import { kubernetesObjects, ofKind } from "./k8s-objects";
import { StackName, stackConfig, withChange } from "./stack-config";

async function main(stack: StackName, changes: [string, string[], unknown][]): Promise<void> {
  const config = changes.reduce((c, [key, path, value]) => withChange(c, key, path, value), stackConfig(stack));
  const run = await runStack(stack, config);
  const templates = Object.fromEntries(ofKind(kubernetesObjects(run), "Deployment").map((d) => [d.metadata.name, d.spec.template]));
  process.stdout.write(JSON.stringify(templates));
}

main(process.argv[2] as StackName, JSON.parse(process.argv[3] ?? "[]")).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
