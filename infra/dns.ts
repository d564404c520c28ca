import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DnsSettings } from "../stacks";

export interface ShopDomainArgs {
  settings: DnsSettings;
}

/**
 * The shop's host in its existing Route53 zone and an ACM certificate for it, validated by DNS.
 * `certificateArn` resolves only once ACM has issued the certificate, so an HTTPS listener that
 * uses it never points at a pending certificate.
 */
export class ShopDomain extends pulumi.ComponentResource {
  readonly zoneId: pulumi.Output<string>;
  readonly host: string;
  readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: ShopDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:infra:ShopDomain", name, {}, opts);
    const { settings } = args;
    const parent = { parent: this };

    const zone = aws.route53.getZoneOutput({ name: settings.zone, privateZone: false }, parent);
    const certificate = new aws.acm.Certificate(`${name}-certificate`, {
      domainName: settings.host,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
    }, { parent: this });

    // One name, so one validation record: declared directly rather than inside an apply, so the
    // first preview shows it too.
    const validation = certificate.domainValidationOptions.apply((options) => options[0]);
    const validationRecord = new aws.route53.Record(`${name}-certificate-validation`, {
      zoneId: zone.zoneId,
      name: validation.resourceRecordName,
      type: validation.resourceRecordType,
      records: [validation.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    }, parent);
    const validated = new aws.acm.CertificateValidation(`${name}-certificate`, {
      certificateArn: certificate.arn,
      validationRecordFqdns: [validationRecord.fqdn],
    }, parent);

    this.zoneId = zone.zoneId;
    this.host = settings.host;
    this.certificateArn = validated.certificateArn;
    this.registerOutputs({ zoneId: this.zoneId, host: this.host, certificateArn: this.certificateArn });
  }

  /**
   * The shop host's alias (A, and AAAA for a dual-stack one) to a load balancer, for the workloads layer once the
   * load balancer exists.
   */
  aliasTo(name: string, loadBalancer: LoadBalancerTarget, opts?: pulumi.CustomResourceOptions): aws.route53.Record[] {
    return aliasRecords(name, { zoneId: this.zoneId, host: this.host, loadBalancer }, { parent: this, ...opts });
  }
}

export interface LoadBalancerTarget {
  dnsName: pulumi.Input<string>;
  /** The load balancer's canonical hosted zone id (not the shop's zone). */
  zoneId: pulumi.Input<string>;
  /** An AAAA alias only resolves for a dual-stack load balancer. */
  ipAddressType: "ipv4" | "dualstack";
}

export interface AliasRecordArgs {
  zoneId: pulumi.Input<string>;
  host: string;
  loadBalancer: LoadBalancerTarget;
}

export function aliasRecords(name: string, args: AliasRecordArgs, opts?: pulumi.CustomResourceOptions): aws.route53.Record[] {
  const types = args.loadBalancer.ipAddressType === "dualstack" ? (["A", "AAAA"] as const) : (["A"] as const);
  return types.map((type) => new aws.route53.Record(`${name}-${type.toLowerCase()}`, {
    zoneId: args.zoneId,
    name: args.host,
    type,
    aliases: [{ name: args.loadBalancer.dnsName, zoneId: args.loadBalancer.zoneId, evaluateTargetHealth: true }],
  }, opts));
}
