import { InvalidSetting } from "./errors";

/** Value formats shared by the settings sections. */

export const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const EC2_INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|[0-9]*xlarge|metal(-[0-9]+xl)?)$/;
export const RDS_INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.(micro|small|medium|large|[0-9]*xlarge)$/;
export const KUBERNETES_VERSION = /^1\.(2[89]|3[0-9])$/;
export const SEMVER = /^\d+\.\d+\.\d+$/;
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const HTTPS_URL = /^https:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/;
export const ALB_TLS_POLICY = /^ELBSecurityPolicy-(TLS13-1-2|TLS13-1-3)-[0-9A-Za-z-]+$/;
export const DURATION_DAYS = /^[1-9]\d*d$/;

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export interface Ipv4Cidr {
  address: number;
  prefix: number;
}

export function parseCidr(value: string, key: string): Ipv4Cidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!match) throw new InvalidSetting(key, `must be an IPv4 CIDR such as 10.0.0.0/16 (got '${value}')`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new InvalidSetting(key, `is not a valid IPv4 CIDR (got '${value}')`);
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const hostBits = 2 ** (32 - prefix);
  if (address % hostBits !== 0)
    throw new InvalidSetting(
      key,
      `has host bits set; did you mean ${formatCidr({ address: address - (address % hostBits), prefix })}? (got '${value}')`,
    );
  return { address, prefix };
}

export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.address / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefix}`;
}

/** Like Terraform's cidrsubnet: the netnum-th block of `newBits` more bits inside `cidr`. */
export function subnetOf(cidr: Ipv4Cidr, newBits: number, netnum: number): Ipv4Cidr {
  const prefix = cidr.prefix + newBits;
  if (prefix > 28 || netnum < 0 || netnum >= 2 ** newBits) throw new RangeError(`no subnet ${netnum} of /${prefix} in /${cidr.prefix}`);
  return { address: cidr.address + netnum * 2 ** (32 - prefix), prefix };
}

/** Kubernetes CPU quantity in millicores ("250m", "1", "1.5"). */
export function cpuMillicores(value: string, key: string): number {
  const milli = /^(\d+)m$/.exec(value);
  if (milli) return Number(milli[1]);
  if (/^\d+(\.\d{1,3})?$/.test(value)) return Math.round(Number(value) * 1000);
  throw new InvalidSetting(key, `must be a CPU quantity such as 250m or 1 (got '${value}')`);
}

/** Kubernetes memory quantity in MiB ("256Mi", "1Gi"). */
export function memoryMebibytes(value: string, key: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(value);
  if (!match) throw new InvalidSetting(key, `must be a memory quantity such as 256Mi or 1Gi (got '${value}')`);
  return Number(match[1]) * (match[2] === "Gi" ? 1024 : 1);
}
