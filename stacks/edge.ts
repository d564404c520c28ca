import { InvalidSetting } from "./errors";
import { ALB_TLS_POLICY, HOSTNAME } from "./formats";
import { Section } from "./section";

export interface DnsSettings {
  /** The public Route53 hosted zone that must already exist, e.g. happyshopping.com. */
  zone: string;
  /** The shop's host name inside that zone, e.g. www.happyshopping.com. */
  host: string;
}

export interface EdgeSettings {
  /** Requests one client IP may send in any 5-minute window before WAF blocks it. */
  wafRateLimitPer5Minutes: number;
  /** The load balancer's TLS policy for the HTTPS listener (TLS 1.2+ only). */
  tlsPolicy: string;
}

export function readDns(section: Section): DnsSettings {
  const zone = section.string("zone", { pattern: HOSTNAME, rule: "must be a DNS zone name such as happyshopping.com" });
  const host = section.string("host", { pattern: HOSTNAME, rule: "must be a host name such as www.happyshopping.com" });
  if (host !== zone && !host.endsWith(`.${zone}`))
    throw new InvalidSetting(section.keyOf("host"), `must be inside the zone ${zone} (got '${host}')`);
  section.done();
  return { zone, host };
}

export function readEdge(section: Section): EdgeSettings {
  const settings: EdgeSettings = {
    // WAFv2 rate-based rules accept 10 .. 2,000,000,000 requests per evaluation window.
    wafRateLimitPer5Minutes: section.integer("wafRateLimitPer5Minutes", { min: 10, max: 2_000_000_000 }),
    tlsPolicy: section.string("tlsPolicy", {
      default: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      pattern: ALB_TLS_POLICY,
      rule: "must be an ELB TLS 1.3 policy (ELBSecurityPolicy-TLS13-...)",
    }),
  };
  section.done();
  return settings;
}
