import * as fs from "fs";
import * as path from "path";

/** The service catalog (services/catalog.json): the single source of truth for services. */
export interface CatalogRoute {
  method: string;
  path: string;
  visibility: "public" | "internal";
}

export interface CatalogService {
  name: string;
  project: string;
  port: number;
  calls: string[];
  external: string[];
  routes: CatalogRoute[];
}

export interface Catalog {
  apiPrefix: string;
  services: CatalogService[];
}

export const CATALOG_PATH = path.resolve(__dirname, "..", "services", "catalog.json");

export function loadCatalog(file: string = CATALOG_PATH): Catalog {
  const catalog = JSON.parse(fs.readFileSync(file, "utf8")) as Catalog;
  const names = catalog.services.map((s) => s.name);
  if (names.length === 0) throw new Error(`${file}: no services`);
  for (const service of catalog.services) {
    if (!/^[a-z][a-z0-9-]{1,40}$/.test(service.name)) throw new Error(`${file}: service name '${service.name}' is not a DNS label`);
    if (!Number.isInteger(service.port)) throw new Error(`${file}: ${service.name}.port must be an integer`);
    const unknownCall = service.calls.find((c) => !names.includes(c));
    if (unknownCall) throw new Error(`${file}: ${service.name} calls unknown service '${unknownCall}'`);
  }
  if (new Set(names).size !== names.length) throw new Error(`${file}: service names repeat`);
  return catalog;
}
