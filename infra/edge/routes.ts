import type { Catalog, CatalogRoute } from "../../stacks";

export interface PublicRoute extends CatalogRoute {
  service: string;
  port: number;
  /** The ALB path-pattern: catalog parameters such as {id} become one-segment wildcards. */
  pathPattern: string;
  /** Listener rule priority: stable catalog order, gaps of 10 for manual insertion. */
  priority: number;
}

/** The listener's last rule (ALB priorities go up to 50000): after every route, canary-weighted or not. */
export const CATCH_ALL_PRIORITY = 50_000;

/** The catalog's public routes, and only those: the edge never forwards anything else. */
export function publicRoutes(catalog: Catalog): PublicRoute[] {
  return catalog.services
    .flatMap((service) =>
      service.routes
        .filter((route) => route.visibility === "public")
        .map((route) => ({ ...route, service: service.name, port: service.port })),
    )
    .map((route, index) => ({ ...route, pathPattern: route.path.replace(/\{[^}]+\}/g, "*"), priority: (index + 1) * 10 }));
}

/** Services that receive traffic from the load balancer. */
export function publicServices(catalog: Catalog): string[] {
  return [...new Set(publicRoutes(catalog).map((r) => r.service))];
}
