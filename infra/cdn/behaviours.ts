import type { Catalog } from "../../stacks";
import { publicRoutes } from "../edge/routes";

/**
 * AWS-managed CloudFront policies, by the ids their documentation gives
 * (docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html and
 * using-managed-origin-request-policies.html).
 */
export const MANAGED_POLICIES = {
  /** Cache policy: every TTL 0, nothing in the cache key. */
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  /**
   * Origin request policy: every viewer header (Host included), cookie and query string. With caching disabled
   * it forwards Authorization too, which no origin request policy may name itself.
   */
  allViewer: "216adef6-5c7f-47e4-b989-5492eafa07d3",
} as const;

export const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
export const CACHED_METHODS = ["GET", "HEAD"];

/**
 * Path patterns of the public GET routes that CloudFront may cache: a path whose public routes are all GET.
 * A path that also takes another method stays on the uncached default behaviour, which forwards Authorization.
 */
export function cacheablePathPatterns(catalog: Catalog): string[] {
  const routes = publicRoutes(catalog);
  const paths = [...new Set(routes.map((r) => r.pathPattern))];
  return paths.filter((path) => routes.filter((r) => r.pathPattern === path).every((r) => r.method === "GET"));
}
