import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT, StackName } from "../../tests/infra/stack-config";
import { renderPlan } from "./render";
import { runStack } from "./run";

export const STACKS: StackName[] = ["dev", "prod"];
export const planFile = (stack: StackName, dir = path.join(REPO_ROOT, "stacks")) => path.join(dir, `${stack}.plan.yaml`);

/**
 * `npm run plan` writes stacks/<stack>.plan.yaml for every stack; `npm run plan:check` (and the
 * tests) fail with the diff when a committed snapshot differs from the program. `--stack=<name>`
 * limits the run to one stack, `--dir=<path>` reads/writes the snapshots elsewhere.
 * Each stack runs in its own process because Pulumi's runtime state is global.
 */
async function main(args: string[]): Promise<number> {
  const single = args.find((a) => a.startsWith("--stack="))?.slice("--stack=".length) as StackName | undefined;
  const check = args.includes("--check");
  const dir = args.find((a) => a.startsWith("--dir="))?.slice("--dir=".length);
  if (!single) {
    let failed = 0;
    for (const stack of STACKS) {
      const child = spawnSync(process.execPath, [...process.execArgv, __filename, `--stack=${stack}`, ...args], { stdio: "inherit" });
      if (child.status !== 0) failed++;
    }
    return failed === 0 ? 0 : 1;
  }
  const run = await runStack(single);
  const text = renderPlan(single, run.registrations);
  const file = planFile(single, dir);
  if (!check) {
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(REPO_ROOT, file)} (${run.registrations.length} resources)`);
    return 0;
  }
  const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (committed === text) {
    console.log(`${path.relative(REPO_ROOT, file)} is up to date`);
    return 0;
  }
  const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eshop-plan-")), `${single}.plan.yaml`);
  fs.writeFileSync(fresh, text);
  const diff = spawnSync(
    "diff",
    ["-u", "--label", `committed ${path.relative(REPO_ROOT, file)}`, "--label", "program", fs.existsSync(file) ? file : "/dev/null", fresh],
    { encoding: "utf8" },
  );
  console.error(`${path.relative(REPO_ROOT, file)} is stale: run \`npm run plan\` and commit the result.\n${diff.stdout}`);
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
