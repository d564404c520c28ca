import { formatCidr, parseCidr, subnetOf } from "../../stacks/formats";

/** Public subnets hold the load balancers and NAT gateways; nodes, pods and the database live in private ones. */
export type SubnetTier = "public" | "private";

export interface SubnetPlacement {
  availabilityZone: string;
  cidrBlock: string;
}

/** Every subnet of the VPC by tier, in the order of the configured availability zones. */
export type SubnetLayout = Record<SubnetTier, SubnetPlacement[]>;

/**
 * The one formula for the VPC's subnets, computed from settings alone so that its CIDRs are plain values at
 * plan time. Private subnets are large (a /19 in a /16, from the first block on) because the VPC CNI gives
 * every pod a VPC address; public subnets only hold load balancers and NAT gateways and are carved from the
 * last eighth (/24 blocks 224.. in a /16).
 */
export function subnetLayout(vpcCidr: string, availabilityZones: string[]): SubnetLayout {
  const vpc = parseCidr(vpcCidr, "eshop:network.vpcCidr");
  const place = (newBits: number, firstBlock: number) =>
    availabilityZones.map((availabilityZone, i) => ({ availabilityZone, cidrBlock: formatCidr(subnetOf(vpc, newBits, firstBlock + i)) }));
  return { public: place(8, 224), private: place(3, 0) };
}

/** The CIDRs of one tier, e.g. where the load balancer's nodes are (public) or the database is (private). */
export function cidrsOf(layout: SubnetLayout, tier: SubnetTier): string[] {
  return layout[tier].map((subnet) => subnet.cidrBlock);
}
