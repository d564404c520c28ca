import * as pulumi from "@pulumi/pulumi";
import { startProgram } from "../../infra/plan/run";
import type { PlatformMocks } from "./mocks";
import { StackName, stackConfig } from "./stack-config";

export interface ProgramRun {
  mocks: PlatformMocks;
  /** The entry file's stack outputs, resolved (secrets unwrapped). */
  outputs: Record<string, unknown>;
  /** Which outputs are secrets. */
  secretOutputs: string[];
}

function resolve(value: unknown): Promise<{ value: unknown; secret: boolean }> {
  if (pulumi.Output.isInstance(value)) {
    const output = value;
    return Promise.all([new Promise((done) => output.apply((v) => done(v))), (output as any).isSecret as Promise<boolean>]).then(
      ([resolved, secret]) => ({ value: resolved, secret }),
    );
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return Promise.all(entries.map(([, v]) => resolve(v))).then((resolved) => ({
      value: Object.fromEntries(entries.map(([k], i) => [k, resolved[i].value])),
      secret: resolved.some((r) => r.secret),
    }));
  }
  return Promise.resolve({ value, secret: false });
}

/**
 * Runs infra/index.ts for one stack under the mock runtime with that stack file's config (plus
 * stand-in secrets) and resolves its outputs. One run per process: Pulumi's runtime state is global.
 */
export async function runProgram(stack: StackName, config: Record<string, string> = stackConfig(stack)): Promise<ProgramRun> {
  const program = await startProgram(stack, config);
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  for (const [key, value] of Object.entries(program.outputs)) {
    const resolved = await resolve(value);
    outputs[key] = resolved.value;
    if (resolved.secret) secretOutputs.push(key);
  }
  // Let registrations that no exported output depends on (e.g. Helm releases) finish too.
  await pulumi.runtime.disconnect();
  return { mocks: program.mocks, outputs, secretOutputs };
}
