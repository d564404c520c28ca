import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { isSecret, reveal } from "../../infra/plan/secrets";

/** What the program asked the (mock) engine to create. */
export interface RecordedResource {
  type: string;
  name: string;
  /** Inputs as plain values: secrets unwrapped (their keys are listed in secretInputs). */
  inputs: Record<string, any>;
  secretInputs: string[];
  provider?: string;
}

const ACCOUNT = "123456789012";

/**
 * Pulumi mocks that answer like AWS would, with deterministic values derived from resource names,
 * so every output of the program resolves offline (no credentials, no network, no CLI).
 */
export class PlatformMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: { token: string; inputs: Record<string, any> }[] = [];
  /** The region of every explicit AWS provider, by its id (a provider reference ends with "::<id>"). */
  private readonly providerRegions = new Map<string, string>();

  constructor(private readonly defaultRegion: string) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
    const inputs = reveal(args.inputs) as Record<string, any>;
    const secretInputs = Object.keys(args.inputs).filter((key) => isSecret(args.inputs[key]));
    this.resources.push({ type: args.type, name: args.name, inputs, secretInputs, provider: args.provider });
    const id = `${args.name}-id`;
    if (args.type === "pulumi:providers:aws" && inputs.region) this.providerRegions.set(id, inputs.region);
    const region = this.providerRegions.get(args.provider?.split("::").pop() ?? "") ?? this.defaultRegion;
    return { id, state: { ...inputs, ...this.computed(args.type, args.name, inputs, region) } };
  }

  /** The region a recorded resource is created in: its explicit provider's, else the stack's. */
  regionOf(resource: RecordedResource): string {
    return this.providerRegions.get(resource.provider?.split("::").pop() ?? "") ?? this.defaultRegion;
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    this.calls.push({ token: args.token, inputs: args.inputs });
    switch (args.token) {
      case "aws:route53/getZone:getZone":
        return { id: "Z0MOCKZONE12345", zoneId: "Z0MOCKZONE12345", name: args.inputs.name, privateZone: false };
      case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
        if (args.inputs.name !== "com.amazonaws.global.cloudfront.origin-facing")
          throw new Error(`mocks: no managed prefix list ${args.inputs.name}`);
        return {
          id: "pl-4fa04526",
          name: args.inputs.name,
          addressFamily: "IPv4",
          maxEntries: 55,
          ownerId: "AWS",
          arn: `arn:aws:ec2:${this.defaultRegion}:aws:prefix-list/pl-4fa04526`,
          entries: [],
        };
      default:
        throw new Error(`mocks: no answer for invoke ${args.token}`);
    }
  }

  private computed(type: string, name: string, inputs: Record<string, any>, region: string): Record<string, any> {
    if (!type.startsWith("aws:")) return this.nonAws(type, name);
    const service = type.split(":")[1].split("/")[0];
    const resourceName = inputs.name ?? name;
    const base = { arn: `arn:aws:${service}:${region}:${ACCOUNT}:${name}`, name: resourceName };
    switch (type) {
      case "aws:eks/cluster:Cluster":
        return {
          ...base,
          arn: `arn:aws:eks:${region}:${ACCOUNT}:cluster/${resourceName}`,
          endpoint: `https://${resourceName}.gr7.${region}.eks.amazonaws.com`,
          certificateAuthority: { data: Buffer.from(`mock CA of ${resourceName}`).toString("base64") },
          vpcConfig: { ...inputs.vpcConfig, clusterSecurityGroupId: `sg-${resourceName}-cluster`, vpcId: "vpc-mock" },
        };
      case "aws:ec2/launchTemplate:LaunchTemplate":
        return { ...base, latestVersion: 1 };
      case "aws:kms/key:Key":
        return { ...base, keyId: `${name}-key-id` };
      case "aws:rds/instance:Instance": {
        const address = `${inputs.identifier}.c0ffee.${region}.rds.amazonaws.com`;
        return { ...base, address, port: inputs.port ?? 5432, endpoint: `${address}:${inputs.port ?? 5432}` };
      }
      case "aws:ecr/repository:Repository":
        return { ...base, repositoryUrl: `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${inputs.name}` };
      case "aws:acm/certificate:Certificate":
        return {
          ...base,
          domainValidationOptions: [
            {
              domainName: inputs.domainName,
              resourceRecordName: `_0a1b2c.${inputs.domainName}.`,
              resourceRecordType: "CNAME",
              resourceRecordValue: "_3d4e5f.acm-validations.aws.",
            },
          ],
        };
      case "aws:acm/certificateValidation:CertificateValidation":
        return { certificateArn: inputs.certificateArn };
      case "aws:lb/targetGroup:TargetGroup": {
        // arnSuffix is what CloudWatch's TargetGroup dimension takes: the ARN from "targetgroup/".
        const arnSuffix = `targetgroup/${resourceName}/${createHash("sha256").update(name).digest("hex").slice(0, 16)}`;
        return { ...base, arn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:${arnSuffix}`, arnSuffix };
      }
      case "aws:lb/loadBalancer:LoadBalancer": {
        const arnSuffix = `app/${resourceName}/${createHash("sha256").update(name).digest("hex").slice(0, 16)}`;
        return { ...base, arn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/${arnSuffix}`, arnSuffix };
      }
      case "aws:cloudfront/distribution:Distribution": {
        const id = `E${createHash("sha256").update(name).digest("hex").slice(0, 13).toUpperCase()}`;
        return {
          arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`,
          domainName: `d${id.slice(1).toLowerCase()}.cloudfront.net`,
          hostedZoneId: "Z2FDTNDATAQYW2",
        };
      }
      case "aws:wafv2/webAcl:WebAcl":
        return {
          ...base,
          arn: `arn:aws:wafv2:${region}:${ACCOUNT}:${inputs.scope === "CLOUDFRONT" ? "global" : "regional"}/webacl/${resourceName}/${name}`,
        };
      case "aws:route53/record:Record":
        return { fqdn: String(inputs.name).replace(/\.$/, "") };
      default:
        return base;
    }
  }

  private nonAws(type: string, name: string): Record<string, any> {
    if (type === "random:index/randomPassword:RandomPassword") return { result: `mock-password-of-${name}` };
    if (type === "kubernetes:helm.sh/v3:Release") return { status: { status: "deployed" } };
    return {};
  }

  /** Resources of one type, e.g. "aws:ec2/subnet:Subnet". */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** Resource counts per type, sorted by type. */
  countsByType(): [string, number][] {
    const counts = new Map<string, number>();
    for (const r of this.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}
