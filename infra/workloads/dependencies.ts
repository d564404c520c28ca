import * as pulumi from "@pulumi/pulumi";
import type { ApplicationSettings, Catalog, CatalogService, TelemetrySettings } from "../../stacks";
import { ALB_IDLE_TIMEOUT_SECONDS } from "./contract";

/**
 * What each kind of external dependency named in services/catalog.json (`external`) gives a
 * service: settings, secrets and the egress its NetworkPolicy allows. A catalog entry naming a
 * kind this table does not know fails the program, so nothing is deployed half-wired.
 */
export type ExternalKind = "postgresql" | "card-vendors";

/** The stack settings a service's container environment is made of. */
export interface EnvironmentSettings {
  /** The stack's name (OpenTelemetry's deployment.environment.name). */
  stack: string;
  application: ApplicationSettings;
  telemetry: TelemetrySettings;
}

export interface DependencyInputs extends EnvironmentSettings {
  /** The callees' ports, and the services settings may be owned by. */
  catalog: Catalog;
  /** Each service's internal-credential Secret entries (its own credential, its callers' digests). */
  internalSecrets: (service: CatalogService) => Record<string, pulumi.Output<string>>;
  /** Npgsql connection string of the runtime role (secret): DML only. */
  databaseConnectionString: pulumi.Input<string>;
  /** payment-service's own key for the keyed hash of card numbers in its request fingerprints (secret): no other service has it. */
  paymentFingerprintKey: pulumi.Input<string>;
}

/** What the migration Job of the database owner gets instead of the runtime connection. */
export interface MigrationInputs {
  /** Npgsql connection string of the schema owner (secret): DDL. */
  connectionString: pulumi.Input<string>;
  runtimeRole: string;
  runtimePassword: pulumi.Input<string>;
}

/** The migration Job's environment: the schema owner's login, and the runtime role it keeps in step. */
export function migrationSecrets(inputs: MigrationInputs): Record<string, pulumi.Output<string>> {
  return {
    ConnectionStrings__Postgres: pulumi.secret(inputs.connectionString),
    Database__RuntimeRole: pulumi.secret(inputs.runtimeRole),
    Database__RuntimePassword: pulumi.secret(inputs.runtimePassword),
  };
}

export interface ExternalEgress {
  /** Destination CIDRs, or "internet" for anything outside the VPC. */
  to: "database-subnets" | "internet";
  port: number;
}

interface ExternalDependency {
  config(inputs: DependencyInputs): Record<string, string>;
  secrets(inputs: DependencyInputs): Record<string, pulumi.Input<string>>;
  egress: ExternalEgress;
}

const EXTERNAL: Record<ExternalKind, ExternalDependency> = {
  postgresql: {
    // Kubernetes runs the migration Job (`migrate`) before the Deployment rolls instead.
    config: () => ({ Database__MigrateOnStartup: "false" }),
    secrets: (inputs) => ({ ConnectionStrings__Postgres: inputs.databaseConnectionString }),
    egress: { to: "database-subnets", port: 5432 },
  },
  "card-vendors": {
    config: ({ application }) =>
      Object.fromEntries(
        application.vendors.flatMap((v) => [
          [`Vendors__${v.name}__BaseUrl`, v.baseUrl],
          [`Vendors__${v.name}__TimeoutSeconds`, String(v.timeoutSeconds)],
        ]),
      ),
    secrets: ({ application, paymentFingerprintKey }) => ({
      ...Object.fromEntries(application.vendors.map((v) => [`Vendors__${v.name}__ApiKey`, v.apiKey])),
      Payments__FingerprintKey: paymentFingerprintKey,
    }),
    egress: { to: "internet", port: 443 },
  },
};

export function externalDependency(service: CatalogService, kind: string): ExternalDependency {
  if (!(kind in EXTERNAL)) {
    throw new Error(
      `services/catalog.json: ${service.name} depends on unknown external '${kind}' (known: ${Object.keys(EXTERNAL).join(", ")})`,
    );
  }
  return EXTERNAL[kind as ExternalKind];
}

/**
 * Settings owned by one named service. Keys must be services of the catalog: a renamed service
 * fails here instead of silently losing its settings.
 */
const SERVICE_SETTINGS: Record<string, (application: ApplicationSettings) => Record<string, string>> = {
  "user-service": (application) => ({ Tokens__LifetimeMinutes: String(application.tokenLifetimeMinutes) }),
  // payment-service refuses to start unless every wait inside /pay ends before the edge gives up.
  "payment-service": () => ({ Payments__EdgeTimeoutSeconds: String(ALB_IDLE_TIMEOUT_SECONDS) }),
};

export function serviceSpecificConfig(
  inputs: Pick<DependencyInputs, "catalog" | "application">,
  service: CatalogService,
): Record<string, string> {
  for (const name of Object.keys(SERVICE_SETTINGS)) {
    if (!inputs.catalog.services.some((s) => s.name === name))
      throw new Error(`infra/workloads: settings for '${name}', which is not in services/catalog.json`);
  }
  return SERVICE_SETTINGS[service.name]?.(inputs.application) ?? {};
}
