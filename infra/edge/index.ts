import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AlertThresholds, Catalog } from "../../stacks";
import { ALB_IDLE_TIMEOUT_SECONDS, DEREGISTRATION_DELAY_SECONDS, CONTAINER } from "../workloads/contract";
import { NAME_LABEL, PART_OF } from "../workloads/labels";
import { CanaryAlarms } from "./canary-alarms";
import { CATCH_ALL_PRIORITY, publicRoutes, publicServices } from "./routes";

export interface EdgeArgs {
  /** Names the load balancer, its security group and target groups, e.g. eshop-prod. */
  prefix: string;
  /** Production keeps the load balancer from being deleted. */
  production: boolean;
  /** The shop's host: every listener rule requires it. */
  host: string;
  /** Its public routes become the listener rules. */
  catalog: Catalog;
  /** The HTTPS listener's TLS policy (eshop:edge.tlsPolicy). */
  tlsPolicy: string;
  vpcId: pulumi.Input<string>;
  publicSubnetIds: pulumi.Input<string>[];
  /** The security group of the nodes, and so of the pods (VPC CNI without per-pod groups). */
  podSecurityGroupId: pulumi.Input<string>;
  certificateArn: pulumi.Input<string>;
  namespace: pulumi.Input<string>;
  /** The Kubernetes Service of every public catalog service. */
  services: Record<string, k8s.core.v1.Service>;
  /** TargetGroupBindings depend on it so that destroy removes them while it still runs. */
  loadBalancerController: pulumi.Resource;
  /**
   * A canary release of one public service: its own Kubernetes Service, the percent of requests it gets, and the
   * thresholds its alarms fail it above.
   */
  canary?: {
    service: string;
    kubernetesService: k8s.core.v1.Service;
    weight: number;
    alarms: Pick<AlertThresholds, "errorRatePercent" | "p99LatencyMs">;
  };
}

const NAME_LIMIT = 32;
/** The VPC has no IPv6 CIDR, so the load balancer is IPv4 only (CloudFront reaches it over IPv4). */
const IP_ADDRESS_TYPE = "ipv4";
/** CloudFront's origin-facing addresses in the stack's region (AWS-managed prefix list). */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";
/** The header CloudFront adds to every origin request; the listener forwards nothing without it. */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";

/** What the CDN needs to reach the load balancer and be admitted by it. */
export interface EdgeOrigin {
  domainName: pulumi.Output<string>;
  verifyHeader: { name: string; value: pulumi.Output<string> };
}

/**
 * A Pulumi-owned Application Load Balancer, the origin of the shop's CloudFront distribution (infra/cdn).
 * Pulumi creates the ALB, its listener, rules and target groups; the Load Balancer Controller
 * only registers pod IPs into the target groups through TargetGroupBindings. So nothing waits for
 * an Ingress status, nothing in AWS is created behind Pulumi's back, and destroy follows the
 * dependency graph: bindings (controller still running), then rules, target groups, the ALB, and
 * only then the subnets and the cluster. It admits only CloudFront: its security group opens 443 to
 * CloudFront's origin-facing prefix list, and every forwarding rule also requires the secret header
 * CloudFront adds; a request without it matches no rule and gets the listener's 403.
 */
export class Edge extends pulumi.ComponentResource {
  readonly dnsName: pulumi.Output<string>;
  readonly loadBalancerArn: pulumi.Output<string>;
  readonly origin: EdgeOrigin;
  /** The canary's CloudWatch alarms (5xx ratio, p99 latency), when a canary is configured. */
  readonly canaryAlarmNames?: pulumi.Output<string[]>;

  constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:edge:Edge", name, {}, opts);
    const { prefix, catalog } = args;
    const parent = { parent: this };

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-alb`,
      {
        name: `${prefix}-alb`,
        vpcId: args.vpcId,
        description: `${prefix} load balancer: HTTPS from CloudFront only, to the pods' port only`,
      },
      parent,
    );
    const cloudFront = aws.ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST }, parent);
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-alb-in-443`,
      {
        securityGroupId: securityGroup.id,
        prefixListId: cloudFront.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "CloudFront origin-facing to 443",
      },
      parent,
    );
    const podPorts = [...new Set(publicRoutes(catalog).map((r) => r.port))];
    for (const port of podPorts) {
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-alb-to-pods-${port}`,
        {
          securityGroupId: securityGroup.id,
          referencedSecurityGroupId: args.podSecurityGroupId,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: "to the pods (IP targets)",
        },
        parent,
      );
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-pods-from-alb-${port}`,
        {
          securityGroupId: args.podSecurityGroupId,
          referencedSecurityGroupId: securityGroup.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: "from the shop load balancer",
        },
        parent,
      );
    }

    const loadBalancer = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        name: limited(prefix),
        loadBalancerType: "application",
        internal: false,
        ipAddressType: IP_ADDRESS_TYPE,
        securityGroups: [securityGroup.id],
        subnets: args.publicSubnetIds,
        dropInvalidHeaderFields: true,
        enableDeletionProtection: args.production,
        idleTimeout: ALB_IDLE_TIMEOUT_SECONDS,
      },
      parent,
    );

    // No port 80: viewers' HTTP is redirected by CloudFront, which reaches the origin over HTTPS only.
    const https = new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: args.tlsPolicy,
        certificateArn: args.certificateArn,
        // Whatever lacks CloudFront's secret header ends here: no rule matches it.
        defaultActions: [problem(403, "Forbidden")],
      },
      parent,
    );
    // Secret wherever it flows: these rules' conditions, the distribution's origin header, the state.
    const secret = pulumi.secret(new random.RandomPassword(`${name}-origin-secret`, { length: 40, special: false }, parent).result);
    const fromCloudFront = { httpHeader: { httpHeaderName: ORIGIN_VERIFY_HEADER, values: [secret] } };

    const targetGroup = (resourceName: string, groupName: string, port: number) =>
      new aws.lb.TargetGroup(
        resourceName,
        {
          name: limited(groupName),
          vpcId: args.vpcId,
          targetType: "ip",
          port,
          protocol: "HTTP",
          protocolVersion: "HTTP1",
          deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
          healthCheck: {
            path: CONTAINER.readinessPath,
            port: "traffic-port",
            protocol: "HTTP",
            matcher: "200",
            interval: 10,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 2,
          },
        },
        parent,
      );
    const binding = (
      resourceName: string,
      bindingName: string,
      service: string,
      kubernetesService: k8s.core.v1.Service,
      port: number,
      group: aws.lb.TargetGroup,
    ) =>
      new k8s.apiextensions.CustomResource(
        resourceName,
        {
          apiVersion: "elbv2.k8s.aws/v1beta1",
          kind: "TargetGroupBinding",
          metadata: { name: bindingName, namespace: args.namespace, labels: { [NAME_LABEL]: service, ...PART_OF } },
          spec: { serviceRef: { name: kubernetesService.metadata.name, port }, targetGroupARN: group.arn, targetType: "ip" },
        },
        { parent: this, dependsOn: [args.loadBalancerController, kubernetesService] },
      );

    const targetGroups: Record<string, aws.lb.TargetGroup> = {};
    for (const service of publicServices(catalog)) {
      const port = catalog.services.find((s) => s.name === service)!.port;
      targetGroups[service] = targetGroup(`${name}-${service}`, `${prefix}-${service}`, port);
      const kubernetesService = args.services[service];
      if (!kubernetesService) throw new Error(`infra/edge: no Kubernetes Service for public service ${service}`);
      binding(`${name}-${service}`, service, service, kubernetesService, port, targetGroups[service]);
    }

    const canary = args.canary;
    let canaryGroup: aws.lb.TargetGroup | undefined;
    if (canary) {
      const port = catalog.services.find((s) => s.name === canary.service)!.port;
      // "-cn": target group names are at most 32 characters, and "-canary" does not fit eshop-prod-payment-service.
      canaryGroup = targetGroup(`${name}-${canary.service}-canary`, `${prefix}-${canary.service}-cn`, port);
      binding(`${name}-${canary.service}-canary`, `${canary.service}-canary`, canary.service, canary.kubernetesService, port, canaryGroup);
      this.canaryAlarmNames = new CanaryAlarms(
        `${name}-${canary.service}-canary`,
        {
          prefix,
          service: canary.service,
          loadBalancerArnSuffix: loadBalancer.arnSuffix,
          targetGroupArnSuffix: canaryGroup.arnSuffix,
          errorRatePercent: canary.alarms.errorRatePercent,
          p99LatencyMs: canary.alarms.p99LatencyMs,
        },
        parent,
      ).alarmNames;
    }

    for (const route of publicRoutes(catalog)) {
      const stable = targetGroups[route.service];
      new aws.lb.ListenerRule(
        `${name}-${route.service}-${route.method.toLowerCase()}${route.path.replace(/[^a-z0-9]+/gi, "-")}`,
        {
          listenerArn: https.arn,
          priority: route.priority,
          conditions: [
            fromCloudFront,
            { hostHeader: { values: [args.host] } },
            { pathPattern: { values: [route.pathPattern] } },
            { httpRequestMethod: { values: [route.method] } },
          ],
          actions: [
            canary && canaryGroup && canary.service === route.service
              ? {
                  type: "forward",
                  // Weighted, without stickiness: each request is sampled afresh, so the canary's share is the weight.
                  forward: {
                    targetGroups: [
                      { arn: stable.arn, weight: 100 - canary.weight },
                      { arn: canaryGroup.arn, weight: canary.weight },
                    ],
                    stickiness: { enabled: false, duration: 1 },
                  },
                }
              : { type: "forward", targetGroupArn: stable.arn },
          ],
        },
        parent,
      );
    }

    // From CloudFront but not a public catalog route (internal routes included): evaluated after every forward.
    new aws.lb.ListenerRule(
      `${name}-not-found`,
      {
        listenerArn: https.arn,
        priority: CATCH_ALL_PRIORITY,
        conditions: [fromCloudFront, { pathPattern: { values: ["*"] } }],
        actions: [problem(404, "Not Found")],
      },
      parent,
    );

    this.dnsName = loadBalancer.dnsName;
    this.loadBalancerArn = loadBalancer.arn;
    this.origin = { domainName: loadBalancer.dnsName, verifyHeader: { name: ORIGIN_VERIFY_HEADER, value: secret } };
    this.registerOutputs({ dnsName: this.dnsName, loadBalancerArn: this.loadBalancerArn, canaryAlarmNames: this.canaryAlarmNames });
  }
}

/** A fixed answer of the listener. The ALB accepts no application/problem+json content type, only application/json. */
function problem(status: number, title: string) {
  return {
    type: "fixed-response",
    fixedResponse: { statusCode: String(status), contentType: "application/json", messageBody: JSON.stringify({ title, status }) },
  };
}

/** ALB and target group names are at most 32 characters. */
function limited(value: string): string {
  if (value.length > NAME_LIMIT)
    throw new Error(`infra/edge: load balancer name '${value}' is longer than ${NAME_LIMIT} characters; shorten the stack or service name`);
  return value;
}
