import * as pulumi from "@pulumi/pulumi";
import type { CatalogService } from "../../stacks";
import { otelEnvironment } from "../telemetry/endpoint";
import { DependencyInputs, externalDependency, serviceSpecificConfig } from "./dependencies";

/** `db-service` -> `DbService`: the configuration section name of a service's base URL. */
export function sectionName(service: string): string {
  return service
    .split("-")
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

/** Non-secret environment of a service's container (its ConfigMap). */
export function serviceConfig(service: CatalogService, inputs: DependencyInputs): Record<string, string> {
  const port = (name: string) => inputs.catalog.services.find((s) => s.name === name)!.port;
  const config: Record<string, string> = {
    ASPNETCORE_HTTP_PORTS: String(service.port),
    // Per-client rate limits need the caller's address: the ALB appends it to X-Forwarded-For and the
    // framework takes only the last entry, so a client cannot spoof it (pods admit no other edge).
    ASPNETCORE_FORWARDEDHEADERS_ENABLED: "true",
  };
  for (const callee of service.calls) config[`Services__${sectionName(callee)}`] = `http://${callee}:${port(callee)}`;
  for (const kind of service.external) Object.assign(config, externalDependency(service, kind).config(inputs));
  Object.assign(config, otelEnvironment(inputs.telemetry, service.name, inputs.stack));
  return { ...config, ...serviceSpecificConfig(inputs, service) };
}

/** Secret environment of a service's container (its Secret): every value stays a Pulumi secret. */
export function serviceSecrets(service: CatalogService, inputs: DependencyInputs): Record<string, pulumi.Output<string>> {
  const secrets: Record<string, pulumi.Input<string>> = { ...inputs.internalSecrets(service) };
  for (const kind of service.external) Object.assign(secrets, externalDependency(service, kind).secrets(inputs));
  return Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, pulumi.secret(value)]));
}
