import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Catalog, CatalogService, callers } from "../../stacks";

export interface InternalCredentialsArgs {
  catalog: Catalog;
}

/**
 * One random credential per caller of internal routes (every catalog service with `calls`, and each operator).
 * A caller's own credential goes only into its own Secret; a callee's Secret holds only the SHA-256 of each
 * caller's credential, which tells callers apart but cannot be presented as one. The operators' credentials
 * stay in the Pulumi state (`operatorCredentials`), delivered to no pod.
 */
export class InternalCredentials extends pulumi.ComponentResource {
  readonly credentials: Record<string, pulumi.Output<string>> = {};
  private readonly catalog: Catalog;

  constructor(name: string, args: InternalCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:workloads:InternalCredentials", name, {}, opts);
    this.catalog = args.catalog;
    for (const caller of callers(args.catalog).filter((c) => c.grants.length > 0)) {
      const password = new random.RandomPassword(`${name}-${caller.name}`, { length: 48, special: false }, { parent: this });
      this.credentials[caller.name] = pulumi.secret(password.result);
    }
    this.registerOutputs({});
  }

  /** The operators' credentials (secret), for the people's tooling outside the cluster. */
  get operatorCredentials(): Record<string, pulumi.Output<string>> {
    return Object.fromEntries(this.catalog.operators.map((o) => [o.name, this.credentials[o.name]]));
  }

  /** A service's Secret entries: its own credential if it calls anything, the callers' digests if it is called. */
  secretsOf(service: CatalogService): Record<string, pulumi.Output<string>> {
    const entries: Record<string, pulumi.Output<string>> = {};
    if (service.grants.length > 0) entries.InternalAuth__Token = this.credentials[service.name];
    const called = callers(this.catalog).some((c) => c.grants.some((g) => g.service === service.name));
    if (called) {
      for (const [caller, credential] of Object.entries(this.credentials))
        entries[`InternalAuth__Callers__${caller}`] = credential.apply(credentialDigest);
    }
    return entries;
  }
}

/** What a callee is configured with: the SHA-256 (hex) of the caller's credential. */
export function credentialDigest(credential: string): string {
  return crypto.createHash("sha256").update(credential, "utf8").digest("hex");
}
