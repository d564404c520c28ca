/**
 * Resources of the shop layer (infra/shop.ts: components "shop", "shop-edge",
 * "shop-cdn", "monitoring", "mesh" and their children, named after them), which the platform suite leaves to the
 * workloads tests.
 */
export function isShopLayer(name: string): boolean {
  return /^(shop|monitoring|mesh)(-|$)/.test(name);
}
