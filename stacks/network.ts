import { InvalidSetting } from "./errors";
import { LOG_RETENTION_DAYS, parseCidr } from "./formats";
import { Section } from "./section";

export interface NetworkSettings {
  vpcCidr: string;
  availabilityZones: string[];
  /** "single": one NAT gateway shared by all AZs (cheap); "perAz": one per AZ (survives an AZ loss). */
  natGateways: "single" | "perAz";
  flowLogRetentionDays: number;
  /** Flow log aggregation window: 600 s costs least, 60 s shows traffic sooner. */
  flowLogAggregationSeconds: 60 | 600;
}

export function readNetwork(section: Section, region: string): NetworkSettings {
  const vpcCidr = section.string("vpcCidr");
  const cidr = parseCidr(vpcCidr, section.keyOf("vpcCidr"));
  if (cidr.prefix < 16 || cidr.prefix > 20) {
    throw new InvalidSetting(
      section.keyOf("vpcCidr"),
      `prefix must be between /16 and /20 so each AZ gets a private /${cidr.prefix + 3} (got /${cidr.prefix})`,
    );
  }
  const settings: NetworkSettings = {
    vpcCidr,
    availabilityZones: section.stringList("availabilityZones", {
      minItems: 2,
      maxItems: 6,
      item: (az, key) => {
        if (!new RegExp(`^${region}[a-z]$`).test(az))
          throw new InvalidSetting(key, `must be an availability zone of ${region}, e.g. ${region}a (got '${az}')`);
      },
    }),
    natGateways: section.string("natGateways", { oneOf: ["single", "perAz"] }) as NetworkSettings["natGateways"],
    flowLogRetentionDays: section.integer("flowLogRetentionDays", { min: 1, max: 3653, default: 30, allowed: LOG_RETENTION_DAYS }),
    flowLogAggregationSeconds: section.integer("flowLogAggregationSeconds", { min: 60, max: 600, allowed: [60, 600] }) as 60 | 600,
  };
  section.done();
  return settings;
}
