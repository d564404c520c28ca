import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DnsSettings } from "../stacks";

export interface ShopDomainArgs {
  settings: DnsSettings;
}

/**
 * The shop's host in its existing Route53 zone and an ACM certificate for it (in the stack's region, for the
 * load balancer), validated by DNS. `certificateArn` resolves only once ACM has issued the certificate, so an
 * HTTPS listener that uses it never points at a pending certificate.
 */
export class ShopDomain extends pulumi.ComponentResource {
  readonly zoneId: pulumi.Output<string>;
  readonly host: string;
  readonly certificateArn: pulumi.Output<string>;
  /** The DNS validation record of the host, which ACM asks of every certificate for it in this account (any region). */
  readonly validationRecordFqdn: pulumi.Output<string>;

  constructor(name: string, args: ShopDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:dns:ShopDomain", name, {}, opts);
    const { settings } = args;

    const zone = aws.route53.getZoneOutput({ name: settings.zone, privateZone: false }, { parent: this });
    this.zoneId = zone.zoneId;
    this.host = settings.host;
    const certificate = validatedCertificate(`${name}-certificate`, { domainName: settings.host, zoneId: zone.zoneId }, { parent: this });
    this.certificateArn = certificate.arn;
    this.validationRecordFqdn = certificate.validationRecordFqdn;
    this.registerOutputs({ zoneId: this.zoneId, host: this.host, certificateArn: this.certificateArn });
  }
}

export interface ValidatedCertificateArgs {
  domainName: string;
  zoneId: pulumi.Input<string>;
  /**
   * The validation record another certificate for the same name already owns. ACM asks the same CNAME of every
   * certificate for a name in one account, whatever the region; a second Pulumi record for it would delete the
   * first one's record when destroyed. Checked when the certificate exists: a different record fails the update.
   */
  sharedValidationRecordFqdn?: pulumi.Output<string>;
}

export interface ValidatedCertificate {
  /** Resolves once ACM has issued the certificate. */
  arn: pulumi.Output<string>;
  validationRecordFqdn: pulumi.Output<string>;
}

/**
 * An ACM certificate for one name, validated by a DNS record in the zone. `opts.provider` picks the certificate's
 * region (CloudFront reads its certificates from us-east-1 only); the record goes through the default provider,
 * Route53 being global.
 */
export function validatedCertificate(
  name: string,
  args: ValidatedCertificateArgs,
  opts: pulumi.CustomResourceOptions,
): ValidatedCertificate {
  const certificate = new aws.acm.Certificate(
    name,
    { domainName: args.domainName, validationMethod: "DNS", keyAlgorithm: "EC_prime256v1" },
    opts,
  );
  // One name, so one validation record: declared directly rather than inside an apply, so the
  // first preview shows it too.
  const validation = certificate.domainValidationOptions.apply((options) => options[0]);
  const fqdn = args.sharedValidationRecordFqdn
    ? pulumi.all([validation.resourceRecordName, args.sharedValidationRecordFqdn]).apply(([wanted, shared]) => {
        if (wanted.replace(/\.$/, "") !== shared)
          throw new Error(`infra/dns: ${name} asks for validation record ${wanted}, not the shared ${shared}`);
        return shared;
      })
    : new aws.route53.Record(
        `${name}-validation`,
        {
          zoneId: args.zoneId,
          name: validation.resourceRecordName,
          type: validation.resourceRecordType,
          records: [validation.resourceRecordValue],
          ttl: 300,
          allowOverwrite: true,
        },
        { parent: opts.parent },
      ).fqdn;
  const arn = new aws.acm.CertificateValidation(name, { certificateArn: certificate.arn, validationRecordFqdns: [fqdn] }, opts)
    .certificateArn;
  return { arn, validationRecordFqdn: fqdn };
}

export interface AliasTarget {
  dnsName: pulumi.Input<string>;
  /** The target's canonical hosted zone id (not the shop's zone). */
  zoneId: pulumi.Input<string>;
  /** An AAAA alias only resolves for a dual-stack target. */
  ipAddressType: "ipv4" | "dualstack";
  /** Route53 evaluates the health of load balancer targets; CloudFront aliases do not support it. */
  evaluateTargetHealth: boolean;
}

export interface AliasRecordArgs {
  zoneId: pulumi.Input<string>;
  host: string;
  target: AliasTarget;
}

/** The shop host's alias (A, and AAAA for a dual-stack target) to a load balancer or a CloudFront distribution. */
export function aliasRecords(name: string, args: AliasRecordArgs, opts?: pulumi.CustomResourceOptions): aws.route53.Record[] {
  const types = args.target.ipAddressType === "dualstack" ? (["A", "AAAA"] as const) : (["A"] as const);
  return types.map(
    (type) =>
      new aws.route53.Record(
        `${name}-${type.toLowerCase()}`,
        {
          zoneId: args.zoneId,
          name: args.host,
          type,
          aliases: [{ name: args.target.dnsName, zoneId: args.target.zoneId, evaluateTargetHealth: args.target.evaluateTargetHealth }],
        },
        opts,
      ),
  );
}
