import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";
import * as path from "path";
import { SECRET_KEYS } from "../../stacks";
import { PlatformMocks } from "../../tests/infra/mocks";
import { REPO_ROOT, StackName, stackConfig } from "../../tests/infra/stack-config";

/** One resource registration as the engine would receive it. */
export interface Registration {
  urn: string;
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  /** The URN of its explicit provider (none: the stack's default provider of its package). */
  provider?: string;
  /** URNs it depends on (explicit dependsOn and inputs), which is also the reverse destroy order. */
  dependencies: string[];
  /** Inputs with Pulumi secrets still wrapped (see isSecret / reveal). */
  inputs: Record<string, unknown>;
  /** How long the engine waits for a create, update or delete, where the program sets it. */
  customTimeouts?: { create?: string; update?: string; delete?: string };
}

/** Wraps the mock monitor's registerResource to keep what the engine would see: parents, dependencies, secrets. */
function record(monitor: MockMonitor): Registration[] {
  const registrations: Registration[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterResourceRequest, callback: Parameters<MockMonitor["registerResource"]>[1]) => {
    const parent = req.getParent();
    const type = req.getType();
    const name = req.getName();
    const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    // A provider reference is "<urn>::<id>".
    const provider = req.getProvider();
    const object = req.getObject();
    registrations.push({
      urn: `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`,
      type,
      name,
      parent,
      custom: req.getCustom(),
      provider: provider ? provider.split("::").slice(0, -1).join("::") : undefined,
      dependencies: req.getDependenciesList(),
      inputs: object ? deserializeProperties(object) : {},
      customTimeouts: timeouts(req.getCustomtimeouts()),
    });
    return register(req, callback);
  };
  return registrations;
}

function timeouts(message: RegisterResourceRequest.CustomTimeouts | undefined): Registration["customTimeouts"] {
  const set = Object.fromEntries(Object.entries(message?.toObject() ?? {}).filter(([, v]) => typeof v === "string" && v.length > 0));
  return Object.keys(set).length > 0 ? set : undefined;
}

export interface PlanRun {
  stack: StackName;
  registrations: Registration[];
}

/** The program started under the mock runtime: the mocks it talks to, what it registers, and its stack outputs. */
export interface StartedProgram {
  mocks: PlatformMocks;
  /** Filled as the program registers resources. */
  registrations: Registration[];
  /** infra/index.ts's exports: the stack outputs, not yet resolved. */
  outputs: Record<string, unknown>;
}

/**
 * Starts infra/index.ts for one stack under Pulumi's mock runtime: the stack file's config, stand-in secrets, no
 * credentials, no network. Once per process (the runtime's state is global), so each test file runs one.
 */
export async function startProgram(
  stack: StackName,
  config: Record<string, string> = stackConfig(stack),
  mocks = new PlatformMocks(config["aws:region"]),
): Promise<StartedProgram> {
  pulumi.runtime.setAllConfig(config, SECRET_KEYS);
  await pulumi.runtime.setMocks(mocks, "eshop", stack, false);
  const registrations = record(getMonitor() as unknown as MockMonitor);
  // Loaded only now that the mocks are set: Pulumi's own pattern for unit tests.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const outputs = require(path.join(REPO_ROOT, "infra", "index.ts")) as Record<string, unknown>;
  return { mocks, registrations, outputs };
}

/** Runs the program for one stack to the end: every registration the engine would see. */
export async function runStack(stack: StackName, config: Record<string, string> = stackConfig(stack)): Promise<PlanRun> {
  const { registrations, outputs } = await startProgram(stack, config);
  await Promise.all(
    Object.values(outputs).map((value) => new Promise((done) => (pulumi.output(value) as pulumi.Output<unknown>).apply(done))),
  );
  await pulumi.runtime.disconnect();
  return { stack, registrations };
}
