import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import type { Settings } from "../../stacks";
import { CLOUDFRONT_REGION } from "../../infra/cdn";
import { MANAGED_POLICIES } from "../../infra/cdn/behaviours";
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST, ORIGIN_VERIFY_HEADER } from "../../infra/edge";
import { MANAGED_RULE_GROUPS } from "../../infra/cdn/edge-protection";
import { PlanRun, Registration, runStack } from "../../infra/plan/run";
import { isSecret, reveal } from "../../infra/plan/secrets";
import { ALB_IDLE_TIMEOUT_SECONDS } from "../../infra/workloads/contract";
import { REPO_ROOT, StackName, stackSettings } from "./stack-config";

/**
 * Runs the whole program for one stack under mocks and checks the CDN in front of the load balancer: what CloudFront
 * caches and forwards, what it needs in us-east-1, and that the load balancer admits nothing but CloudFront.
 */
export function describeCdn(stack: StackName): void {
  describe(`CDN of stack ${stack}`, () => {
    let run: PlanRun;
    let settings: Settings;
    const registrations = (type: string) => run.registrations.filter((r) => r.type === type);
    const only = (type: string): Registration => {
      const found = registrations(type);
      assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
      return found[0];
    };
    const inputs = (r: Registration) => reveal(r.inputs);
    const regionOf = (r: Registration) =>
      r.provider ? inputs(run.registrations.find((p) => p.urn === r.provider)!).region : settings.region;
    const distribution = () => inputs(only("aws:cloudfront/distribution:Distribution"));
    const publicGets = () =>
      settings.catalog.services
        .flatMap((s) => s.routes)
        .filter((r) => r.visibility === "public" && r.method === "GET")
        .map((r) => r.path);

    before(async () => {
      settings = stackSettings(stack);
      run = await runStack(stack);
    });

    it("passes every method of every other path through uncached, with every viewer header: Authorization reaches the services", () => {
      const fallback = distribution().defaultCacheBehavior;
      assert.deepEqual([...fallback.allowedMethods].sort(), ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
      // An origin request policy may not name Authorization; AllViewer forwards it only because caching is off.
      assert.equal(fallback.cachePolicyId, MANAGED_POLICIES.cachingDisabled);
      assert.equal(fallback.originRequestPolicyId, MANAGED_POLICIES.allViewer);
      assert.equal(fallback.viewerProtocolPolicy, "redirect-to-https");
    });

    it("caches GET and HEAD of the catalog's public GET paths only, for as long as the origin's Cache-Control says", () => {
      const behaviours = distribution().orderedCacheBehaviors;
      assert.deepEqual(behaviours.map((b: any) => b.pathPattern).sort(), publicGets().sort());
      const policy = only("aws:cloudfront/cachePolicy:CachePolicy");
      for (const behaviour of behaviours) {
        assert.deepEqual(behaviour.allowedMethods, ["GET", "HEAD"]);
        assert.deepEqual(behaviour.cachedMethods, ["GET", "HEAD"]);
        assert.equal(behaviour.cachePolicyId, `${policy.name}-id`);
        assert.equal(behaviour.originRequestPolicyId, undefined, "only the cache key reaches the origin: nothing the key does not vary on");
      }
      const { minTtl, defaultTtl, parametersInCacheKeyAndForwardedToOrigin: key } = inputs(policy);
      assert.deepEqual([minTtl, defaultTtl], [0, 0], "no Cache-Control, no caching; no-store and max-age=0 are obeyed");
      assert.deepEqual(key.headersConfig.headers.items, ["Host"]);
      assert.equal(key.queryStringsConfig.queryStringBehavior, "all", "limit and cursor page the catalogue");
      assert.equal(key.cookiesConfig.cookieBehavior, "none");
      const internalPaths = settings.catalog.services
        .flatMap((s) => s.routes)
        .filter((r) => r.visibility === "internal")
        .map((r) => r.path);
      assert.deepEqual(
        behaviours.filter((b: any) => internalPaths.includes(b.pathPattern)),
        [],
      );
    });

    it("creates the viewer certificate, the CLOUDFRONT-scope web ACL and its log group in us-east-1, and nothing else there", () => {
      const provider = only("pulumi:providers:aws");
      assert.equal(inputs(provider).region, CLOUDFRONT_REGION);
      assert.ok(provider.parent.includes("eshop:cdn:Cdn"), "the provider is the CDN's child");
      assert.deepEqual(JSON.parse(inputs(provider).defaultTags).tags, settings.defaultTags, "the stack's default tags reach us-east-1 too");
      const viewer = distribution().viewerCertificate;
      const validation = registrations("aws:acm/certificateValidation:CertificateValidation").find(
        (v) => inputs(v).certificateArn === viewer.acmCertificateArn,
      )!;
      const certificate = registrations("aws:acm/certificate:Certificate").find((c) => validation.dependencies.includes(c.urn))!;
      assert.equal(inputs(certificate).domainName, settings.dns.host);
      assert.deepEqual([viewer.sslSupportMethod, viewer.minimumProtocolVersion], ["sni-only", "TLSv1.2_2021"]);
      const acl = only("aws:wafv2/webAcl:WebAcl");
      assert.equal(inputs(acl).scope, "CLOUDFRONT");
      assert.equal(
        distribution().webAclId,
        `arn:aws:wafv2:${CLOUDFRONT_REGION}:123456789012:global/webacl/${inputs(acl).name}/${acl.name}`,
      );
      const logs = registrations("aws:cloudwatch/logGroup:LogGroup").find((g) => inputs(g).name.startsWith("aws-waf-logs-"))!;
      const inUsEast1 = run.registrations
        .filter((r) => r.custom && regionOf(r) === CLOUDFRONT_REGION)
        .map((r) => r.type)
        .sort();
      assert.deepEqual(inUsEast1, [
        "aws:acm/certificate:Certificate",
        "aws:acm/certificateValidation:CertificateValidation",
        "aws:cloudfront/cachePolicy:CachePolicy",
        "aws:cloudfront/distribution:Distribution",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:wafv2/webAcl:WebAcl",
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
      ]);
      assert.equal(regionOf(logs), CLOUDFRONT_REGION);
    });

    it("puts a per-IP rate limit first, then the common, known-bad-inputs and SQL injection managed rules, where the clients' addresses are", () => {
      const acl = inputs(only("aws:wafv2/webAcl:WebAcl"));
      assert.deepEqual(acl.defaultAction, { allow: {} });
      const [rate, ...managed] = [...acl.rules].sort((a: any, b: any) => a.priority - b.priority);
      assert.deepEqual(rate.action, { block: {} });
      assert.deepEqual(rate.statement.rateBasedStatement, {
        limit: settings.edge.wafRateLimitPer5Minutes,
        evaluationWindowSec: 300,
        aggregateKeyType: "IP",
      });
      assert.deepEqual(
        managed.map((r: any) => r.statement.managedRuleGroupStatement.name),
        [...MANAGED_RULE_GROUPS],
      );
      assert.ok(managed.every((r: any) => r.statement.managedRuleGroupStatement.vendorName === "AWS" && r.overrideAction.none));
      assert.match(
        inputs(only("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")).logDestinationConfigs[0],
        /:us-east-1:.*waf-logs/,
      );
    });

    it("admits to the load balancer only CloudFront's origin-facing addresses, on 443 only", () => {
      const group = registrations("aws:ec2/securityGroup:SecurityGroup").find((g) => g.name === "shop-edge-alb")!;
      const ingress = registrations("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .map(inputs)
        .filter((r) => r.securityGroupId === `${group.name}-id`);
      // The mocks answer the prefix-list lookup for this one name only (tests/infra/mocks.ts), with pl-4fa04526.
      assert.deepEqual(
        ingress.map((r) => [r.prefixListId, r.cidrIpv4, r.fromPort, r.toPort]),
        [["pl-4fa04526", undefined, 443, 443]],
      );
      assert.equal(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST, "com.amazonaws.global.cloudfront.origin-facing");
    });

    it("forwards nothing that lacks CloudFront's secret header: every forward rule requires it, the catch-all 404 comes last, the rest gets 403", () => {
      const [origin] = distribution().origins;
      assert.deepEqual(origin.customOriginConfig.originProtocolPolicy, "https-only");
      const [header] = origin.customHeaders;
      assert.equal(header.name, ORIGIN_VERIFY_HEADER);
      assert.ok(header.value.length >= 32);
      const rules = registrations("aws:lb/listenerRule:ListenerRule").map(inputs);
      const forwards = rules.filter((r) => r.actions[0].type === "forward");
      assert.ok(forwards.length > 0);
      for (const rule of rules) {
        assert.deepEqual(
          rule.conditions.find((c: any) => c.httpHeader)?.httpHeader,
          { httpHeaderName: header.name, values: [header.value] },
          `rule ${rule.priority}`,
        );
      }
      const catchAll = rules.find((r) => r.actions[0].type === "fixed-response")!;
      assert.ok(forwards.every((r) => r.priority < catchAll.priority));
      assert.equal(inputs(only("aws:lb/listener:Listener")).defaultActions[0].fixedResponse.statusCode, "403");
    });

    it("keeps the header's value a secret: in CloudFront's origin, in the listener rules, and out of the committed plan", () => {
      const secretValue = distribution().origins[0].customHeaders[0].value;
      assert.ok(isSecret(only("aws:cloudfront/distribution:Distribution").inputs.origins));
      for (const rule of registrations("aws:lb/listenerRule:ListenerRule")) assert.ok(isSecret(rule.inputs.conditions), rule.name);
      const plan = fs.readFileSync(path.join(REPO_ROOT, "stacks", `${stack}.plan.yaml`), "utf8");
      assert.ok(!plan.includes(secretValue), "the committed plan never shows the header's value");
      assert.match(plan, /shop-edge-origin-secret/);
    });

    it("waits for the origin as long as the load balancer does, and aliases the shop host (A and AAAA) to the distribution", () => {
      const config = distribution().origins[0].customOriginConfig;
      assert.equal(config.originReadTimeout, ALB_IDLE_TIMEOUT_SECONDS);
      assert.ok(config.originKeepaliveTimeout < ALB_IDLE_TIMEOUT_SECONDS);
      assert.deepEqual(distribution().aliases, [settings.dns.host]);
      const aliases = registrations("aws:route53/record:Record")
        .map(inputs)
        .filter((r) => r.aliases);
      assert.deepEqual(
        aliases.map((r) => [r.name, r.type]),
        [
          [settings.dns.host, "A"],
          [settings.dns.host, "AAAA"],
        ],
      );
      assert.ok(
        aliases.every(
          (r) =>
            r.aliases[0].name.endsWith(".cloudfront.net") &&
            r.aliases[0].zoneId === "Z2FDTNDATAQYW2" &&
            r.aliases[0].evaluateTargetHealth === false,
        ),
      );
      assert.equal(distribution().isIpv6Enabled, true, "an AAAA alias needs an IPv6-enabled distribution");
    });
  });
}
