import * as pulumi from "@pulumi/pulumi";
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
  monitor.registerResource = (req: any, callback: (err: any, response: any) => void) => {
    const parent: string = req.getParent();
    const type: string = req.getType();
    const name: string = req.getName();
    const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    registrations.push({
      urn: `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`,
      type,
      name,
      parent,
      custom: req.getCustom(),
      // A provider reference is "<urn>::<id>".
      provider: req.getProvider() ? req.getProvider().split("::").slice(0, -1).join("::") : undefined,
      dependencies: req.getDependenciesList(),
      inputs: deserializeProperties(req.getObject()),
      customTimeouts: timeouts(req.getCustomtimeouts()),
    });
    return register(req, callback);
  };
  return registrations;
}

function timeouts(message: any): Registration["customTimeouts"] {
  const value = message?.toObject?.() as { create?: string; update?: string; delete?: string } | undefined;
  const set = Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => typeof v === "string" && v.length > 0));
  return Object.keys(set).length > 0 ? set : undefined;
}

export interface PlanRun {
  stack: StackName;
  registrations: Registration[];
}

/**
 * Runs infra/index.ts for one stack under Pulumi's mock runtime: the stack file's config, stand-in
 * secrets, no credentials, no network. Once per process (the runtime's state is global).
 */
export async function runStack(stack: StackName, config: Record<string, string> = stackConfig(stack)): Promise<PlanRun> {
  pulumi.runtime.setAllConfig(config, SECRET_KEYS);
  await pulumi.runtime.setMocks(new PlatformMocks(config["aws:region"]), "eshop", stack, false);
  const registrations = record(getMonitor() as unknown as MockMonitor);

  const program = require(path.join(REPO_ROOT, "infra", "index.ts")) as Record<string, unknown>;
  await Promise.all(Object.values(program).map((value) => new Promise((done) => (pulumi.output(value) as pulumi.Output<unknown>).apply(done))));
  await pulumi.runtime.disconnect();
  return { stack, registrations };
}
