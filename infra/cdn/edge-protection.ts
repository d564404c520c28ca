import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface EdgeProtectionArgs {
  /** Names the web ACL, its metrics and its log group, e.g. eshop-prod. */
  prefix: string;
  /** Requests one client IP may send in any 5-minute window before it is blocked (eshop:edge.wafRateLimitPer5Minutes). */
  rateLimitPer5Minutes: number;
  logRetentionDays: number;
}

/** AWS managed rule groups the web ACL applies, in evaluation order after the rate limit. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

/**
 * The WAFv2 web ACL of the shop's CloudFront distribution: per-IP rate limit, then AWS managed rules. CLOUDFRONT
 * scope, so it (and its log group) must be created through a us-east-1 provider (infra/cdn passes one). Behind
 * CloudFront a regional ACL on the load balancer would see CloudFront's addresses, not the clients'.
 */
export class EdgeProtection extends pulumi.ComponentResource {
  readonly webAclArn: pulumi.Output<string>;

  constructor(name: string, args: EdgeProtectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:cdn:EdgeProtection", name, {}, opts);
    const parent = { parent: this };
    const metric = (suffix: string) => `${args.prefix}-${suffix}`;

    const webAcl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      {
        name: args.prefix,
        description: `EShop ${args.prefix}: rate limit and AWS managed rules`,
        scope: "CLOUDFRONT",
        defaultAction: { allow: {} },
        rules: [
          {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: args.rateLimitPer5Minutes, evaluationWindowSec: 300, aggregateKeyType: "IP" } },
            visibilityConfig: visibility(metric("rate-limit")),
          },
          ...MANAGED_RULE_GROUPS.map((group, i) => ({
            name: group,
            priority: 10 * (i + 1),
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: visibility(metric(group)),
          })),
        ],
        visibilityConfig: visibility(metric("web-acl")),
      },
      parent,
    );

    // WAF only logs to groups whose name starts with aws-waf-logs-, in us-east-1 for a CLOUDFRONT-scope ACL.
    const logs = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: `aws-waf-logs-${args.prefix}`,
        retentionInDays: args.logRetentionDays,
      },
      parent,
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-logs`,
      {
        resourceArn: webAcl.arn,
        logDestinationConfigs: [logs.arn],
        redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
      },
      parent,
    );

    this.webAclArn = webAcl.arn;
    this.registerOutputs({ webAclArn: this.webAclArn });
  }
}
