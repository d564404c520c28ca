import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Catalog } from "../../stacks";
import { aliasRecords, validatedCertificate } from "../dns";
import type { EdgeOrigin } from "../edge";
import { EdgeProtection } from "./edge-protection";
import { ALL_METHODS, CACHED_METHODS, MANAGED_POLICIES, cacheablePathPatterns } from "./behaviours";

export interface CdnArgs {
  /** Names the cache policy and the web ACL, e.g. eshop-prod. */
  prefix: string;
  /** The shop's host (its Route53 alias points here) and its zone. */
  host: string;
  zoneId: pulumi.Input<string>;
  /** The host's ACM validation record, which the regional certificate already owns (infra/dns.ts). */
  certificateValidationRecordFqdn: pulumi.Output<string>;
  /** Its public GET paths are cached. */
  catalog: Catalog;
  /** The web ACL's per-IP rate limit (eshop:edge.wafRateLimitPer5Minutes). */
  wafRateLimitPer5Minutes: number;
  /** How long the web ACL's log group keeps its lines. */
  logRetentionDays: number;
  /** The stack's aws:defaultTags, which an explicit provider does not read by itself. */
  defaultTags: Record<string, string>;
  origin: EdgeOrigin;
  /** How long CloudFront waits for an answer: the load balancer's idle timeout, so the edge's bound stays one number. */
  originReadTimeoutSeconds: number;
}

/** CloudFront reads viewer certificates and CLOUDFRONT-scope web ACLs (and their log groups) from us-east-1 only. */
export const CLOUDFRONT_REGION = "us-east-1";
const ORIGIN_ID = "load-balancer";
/** North America and Europe: the shop's customers, at the lowest price class. */
const PRICE_CLASS = "PriceClass_100";

/**
 * CloudFront in front of the shop's load balancer for the shop host. The catalog's public GET paths are cached
 * as the origin's Cache-Control says (nothing when it says nothing); every other path and method goes through
 * uncached with every viewer header, Authorization included. The origin sees CloudFront's secret header on
 * every request (infra/edge admits nothing else). The web ACL sits here, where the clients' addresses are.
 */
export class Cdn extends pulumi.ComponentResource {
  readonly domainName: pulumi.Output<string>;
  readonly distributionId: pulumi.Output<string>;
  readonly webAclArn: pulumi.Output<string>;

  constructor(name: string, args: CdnArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:cdn:Cdn", name, {}, opts);
    const usEast1 = new aws.Provider(
      `${name}-${CLOUDFRONT_REGION}`,
      { region: CLOUDFRONT_REGION, defaultTags: { tags: args.defaultTags } },
      { parent: this },
    );
    const global = { parent: this, provider: usEast1 };

    const certificateArn = validatedCertificate(
      `${name}-certificate`,
      {
        domainName: args.host,
        zoneId: args.zoneId,
        sharedValidationRecordFqdn: args.certificateValidationRecordFqdn,
      },
      global,
    ).arn;
    const protection = new EdgeProtection(
      `${name}-waf`,
      { prefix: args.prefix, rateLimitPer5Minutes: args.wafRateLimitPer5Minutes, logRetentionDays: args.logRetentionDays },
      { parent: this, providers: { aws: usEast1 } },
    );

    // Min and default TTL 0: an answer without Cache-Control is not cached. Host is in the key because the
    // load balancer routes (and presents its certificate) by the shop host, not by its own DNS name.
    const originCacheControl = new aws.cloudfront.CachePolicy(
      `${name}-origin-cache-control`,
      {
        name: `${args.prefix}-origin-cache-control`,
        comment: "Public GETs, cached as the origin's Cache-Control says",
        minTtl: 0,
        defaultTtl: 0,
        maxTtl: 86_400,
        parametersInCacheKeyAndForwardedToOrigin: {
          headersConfig: { headerBehavior: "whitelist", headers: { items: ["Host"] } },
          cookiesConfig: { cookieBehavior: "none" },
          queryStringsConfig: { queryStringBehavior: "all" },
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        },
      },
      global,
    );

    const toOrigin = { targetOriginId: ORIGIN_ID, viewerProtocolPolicy: "redirect-to-https", compress: true };
    const distribution = new aws.cloudfront.Distribution(
      `${name}-distribution`,
      {
        enabled: true,
        comment: `${args.prefix}: ${args.host}`,
        aliases: [args.host],
        isIpv6Enabled: true,
        httpVersion: "http2and3",
        priceClass: PRICE_CLASS,
        webAclId: protection.webAclArn,
        origins: [
          {
            originId: ORIGIN_ID,
            domainName: args.origin.domainName,
            customOriginConfig: {
              httpPort: 80,
              httpsPort: 443,
              originProtocolPolicy: "https-only",
              originSslProtocols: ["TLSv1.2"],
              originReadTimeout: args.originReadTimeoutSeconds,
              // Below the load balancer's idle timeout, so CloudFront never reuses a connection the ALB is closing.
              originKeepaliveTimeout: 5,
            },
            customHeaders: [{ name: args.origin.verifyHeader.name, value: args.origin.verifyHeader.value }],
          },
        ],
        defaultCacheBehavior: {
          ...toOrigin,
          allowedMethods: ALL_METHODS,
          cachedMethods: CACHED_METHODS,
          cachePolicyId: MANAGED_POLICIES.cachingDisabled,
          originRequestPolicyId: MANAGED_POLICIES.allViewer,
        },
        orderedCacheBehaviors: cacheablePathPatterns(args.catalog).map((pathPattern) => ({
          ...toOrigin,
          pathPattern,
          allowedMethods: CACHED_METHODS,
          cachedMethods: CACHED_METHODS,
          cachePolicyId: originCacheControl.id,
        })),
        // CloudFront caches 5xx answers for 10 s unless told otherwise; the origin's headers decide here too.
        customErrorResponses: [500, 502, 503, 504].map((errorCode) => ({ errorCode, errorCachingMinTtl: 0 })),
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { acmCertificateArn: certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      },
      global,
    );

    aliasRecords(
      `${name}-alias`,
      {
        zoneId: args.zoneId,
        host: args.host,
        target: {
          dnsName: distribution.domainName,
          zoneId: distribution.hostedZoneId,
          ipAddressType: "dualstack",
          evaluateTargetHealth: false,
        },
      },
      { parent: this },
    );

    this.domainName = distribution.domainName;
    this.distributionId = distribution.id;
    this.webAclArn = protection.webAclArn;
    this.registerOutputs({ domainName: this.domainName, distributionId: this.distributionId, webAclArn: this.webAclArn });
  }
}
