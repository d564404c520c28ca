import type { Settings } from "../stacks";
import { Cluster } from "./cluster";
import { Database } from "./database";
import { ShopDomain } from "./dns";
import { ImageRepositories } from "./images";
import { Network } from "./network";

/** Everything the workloads layer builds on, one component per concern. */
export interface Platform {
  network: Network;
  cluster: Cluster;
  database: Database;
  domain: ShopDomain;
  /** Only in the stack that owns the registry (eshop:registry.createRepositories). */
  images?: ImageRepositories;
}

export function createPlatform(settings: Settings): Platform {
  const production = settings.tier === "production";
  const prefix = settings.resourcePrefix;

  const network = new Network("network", { prefix, region: settings.region, settings: settings.network });
  const cluster = new Cluster("cluster", {
    settings: settings.cluster,
    access: settings.access,
    targetGroupNamePrefix: prefix,
    production,
    region: settings.region,
    vpcId: network.vpcId,
    availabilityZones: settings.network.availabilityZones,
    privateSubnetIds: network.privateSubnetIds,
  });
  const database = new Database("database", {
    settings: settings.database,
    production,
    vpcId: network.vpcId,
    privateSubnetIds: network.privateSubnetIds,
    publicSubnetIds: network.publicSubnetIds,
    clientSecurityGroupId: cluster.clusterSecurityGroupId,
  });
  const domain = new ShopDomain("domain", { settings: settings.dns });
  const images = settings.registry.createRepositories
    ? new ImageRepositories("images", { serviceNames: settings.services.map((s) => s.name), settings: settings.registry, production })
    : undefined;
  return { network, cluster, database, domain, images };
}
