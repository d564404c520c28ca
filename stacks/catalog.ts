import * as fs from "fs";
import * as path from "path";

/** The service catalog (services/catalog.json): the single source of truth for services. */
export interface CatalogRoute {
  method: string;
  path: string;
  visibility: "public" | "internal";
}

/** One route of another service that a caller may use (services/catalog.json `calls`). */
export interface CatalogGrant {
  service: string;
  method: string;
  path: string;
}

export interface CatalogService {
  name: string;
  project: string;
  port: number;
  /** The services this one calls (derived from `grants`). */
  calls: string[];
  /** The routes of other services this one may call. */
  grants: CatalogGrant[];
  external: string[];
  routes: CatalogRoute[];
}

/** A caller that is no service: tooling run by people, outside the cluster. */
export interface CatalogOperator {
  name: string;
  grants: CatalogGrant[];
}

export interface Catalog {
  apiPrefix: string;
  services: CatalogService[];
  operators: CatalogOperator[];
}

interface CatalogFile {
  apiPrefix: string;
  services: (Omit<CatalogService, "calls" | "grants"> & { calls: CatalogGrant[] })[];
  operators?: { name: string; calls: CatalogGrant[] }[];
}

/** Every caller of internal routes, services and operators, with its grants. */
export function callers(catalog: Catalog): { name: string; grants: CatalogGrant[] }[] {
  return [...catalog.services, ...catalog.operators];
}

export const CATALOG_PATH = path.resolve(__dirname, "..", "services", "catalog.json");

export function loadCatalog(file: string = CATALOG_PATH): Catalog {
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as CatalogFile;
  const catalog: Catalog = {
    apiPrefix: raw.apiPrefix,
    services: raw.services.map(({ calls, ...service }) => ({
      ...service,
      grants: calls,
      calls: [...new Set(calls.map((g) => g.service))],
    })),
    operators: (raw.operators ?? []).map(({ name, calls }) => ({ name, grants: calls })),
  };
  const names = catalog.services.map((s) => s.name);
  if (names.length === 0) throw new Error(`${file}: no services`);
  for (const service of catalog.services) {
    if (!/^[a-z][a-z0-9-]{1,40}$/.test(service.name)) throw new Error(`${file}: service name '${service.name}' is not a DNS label`);
    if (!Number.isInteger(service.port)) throw new Error(`${file}: ${service.name}.port must be an integer`);
    const unknownCall = service.calls.find((c) => !names.includes(c));
    if (unknownCall) throw new Error(`${file}: ${service.name} calls unknown service '${unknownCall}'`);
  }
  if (new Set(names).size !== names.length) throw new Error(`${file}: service names repeat`);
  for (const caller of callers(catalog)) {
    for (const grant of caller.grants) {
      const callee = catalog.services.find((s) => s.name === grant.service);
      if (!callee?.routes.some((r) => r.method === grant.method && r.path === grant.path && r.visibility === "internal"))
        throw new Error(
          `${file}: ${caller.name} is granted ${grant.method} ${grant.path} of '${grant.service}', which is no internal route of it`,
        );
    }
  }
  return catalog;
}
